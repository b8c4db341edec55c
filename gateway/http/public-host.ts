/** How a listening address is written in a URL a client can use: a wildcard bind becomes loopback, IPv6 gets brackets. */
export function publicHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}
