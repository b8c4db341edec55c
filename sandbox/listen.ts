/**
 * Serves a sandbox platform on a port, with the two levers an outage test needs: take the platform down (the port
 * refuses connections and open ones are cut, as when its host stops) and bring it back on the same port with the
 * data it had (as when it restarts over its database).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PlatformServer, SandboxServerOptions } from './types';

async function listen(server: http.Server, port: number, host: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

async function stopListening(server: http.Server): Promise<void> {
  if (!server.listening) return;
  await new Promise<void>((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}

/** Listens with `handler`; `dispose` stops the platform's own timers when it closes for good. */
export async function servePlatform(handler: http.RequestListener, options: SandboxServerOptions, dispose: () => void): Promise<PlatformServer> {
  const host = options.host ?? '127.0.0.1';
  const server = http.createServer(handler);
  await listen(server, options.port ?? 0, host);
  const address = server.address() as AddressInfo;
  const port = address.port;
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${port}`;
  let closing: Promise<void> | undefined;
  return {
    url,
    takeDown: () => stopListening(server),
    bringUp: async () => {
      if (!server.listening && !closing) await listen(server, port, host);
    },
    close() {
      closing ??= (async () => {
        dispose();
        await stopListening(server);
      })();
      return closing;
    },
  };
}
