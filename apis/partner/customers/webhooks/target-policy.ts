/**
 * Where a webhook may be delivered (SSRF protection), checked on registration and again before every attempt.
 *
 * A target URL is http(s) (https only unless `allowInsecureUrls`), without credentials or fragment, and — unless
 * `allowPrivateAddresses` — every address its host resolves to (both families, `dns.lookup` with `all: true`) must be
 * public unicast: one loopback, private, link-local (cloud metadata 169.254.169.254 included), CGNAT, unspecified,
 * multicast, reserved, NAT64/6to4/Teredo or otherwise special address refuses the whole target. The check is an
 * allowlist (ipaddr.js's range must be `unicast`), so a range we forgot is refused, not let through. IPv4-mapped IPv6
 * (::ffff:127.0.0.1) is judged as the IPv4 address it carries. Literal IPs in any notation WHATWG URL accepts
 * (2130706433, 0x7f.1, 0177.0.0.1, 127.1) are normalised by `new URL` to dotted IPv4 before they are judged.
 *
 * `check()` answers the addresses it checked, and the dispatcher connects to those only (its socket lookup answers
 * them instead of asking DNS again), so a name that rebinds between the check and the connection cannot move the
 * delivery to another address.
 */
import dns from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/** One resolved address of a host. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Every address of a host name, both families. Injected in tests, so they control DNS without a DNS server. */
export type HostResolver = (hostname: string) => Promise<ResolvedAddress[]>;

/** The system resolver (`dns.lookup`, so /etc/hosts counts, as it would for a connection), all addresses. */
export const systemResolver: HostResolver = async (hostname) => {
  const found = await dns.promises.lookup(hostname, { all: true, family: 0, verbatim: true });
  return found.map((entry) => ({ address: entry.address, family: entry.family === 6 ? 6 : 4 }));
};

export interface TargetPolicyOptions {
  /** Accept http:// as well as https:// (`channels.customers.webhooks.allowInsecureUrls`). */
  allowInsecureUrls: boolean;
  /** Accept loopback, private and other non-public addresses (`channels.customers.webhooks.allowPrivateAddresses`). */
  allowPrivateAddresses: boolean;
  /** The resolver; `systemResolver` by default. */
  resolve?: HostResolver;
}

/** A target refused by the policy; `reason` is meant for the partner (the URL's own host and addresses only). */
export class TargetRefusedError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'TargetRefusedError';
  }
}

/** A target that passed the policy: its URL and the addresses a connection may go to (never empty). */
export interface CheckedTarget {
  url: URL;
  addresses: ResolvedAddress[];
}

const RANGE_NAMES: Record<string, string> = {
  loopback: 'a loopback address',
  unspecified: 'an unspecified address',
  private: 'a private address',
  uniqueLocal: 'a private address',
  linkLocal: 'a link-local address',
  carrierGradeNat: 'a shared (CGNAT) address',
  multicast: 'a multicast address',
  broadcast: 'a broadcast address',
  reserved: 'a reserved address',
};

/**
 * Why an IP address may not be a webhook target, or undefined when it is public unicast. Not an IP address at all is
 * refused too.
 */
export function addressRefusal(address: string): string | undefined {
  if (!ipaddr.isValid(address)) return `an unparseable address ${address}`;
  // process() turns an IPv4-mapped IPv6 address into the IPv4 address it carries.
  const parsed = ipaddr.process(address);
  const range = parsed.range();
  if (range === 'unicast') return undefined;
  if (parsed.kind() === 'ipv4' && parsed.toString() === '169.254.169.254') return `the cloud metadata address ${address}`;
  return `${RANGE_NAMES[range] ?? `a non-public address (${range})`} ${address}`;
}

/** The host of a URL as a bare IP literal (IPv6 without its brackets), or undefined for a name. */
function literalOf(url: URL): string | undefined {
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  return isIP(host) ? host : undefined;
}

export class TargetPolicy {
  private readonly resolve: HostResolver;

  constructor(private readonly options: TargetPolicyOptions) {
    this.resolve = options.resolve ?? systemResolver;
  }

  /** The URL's form alone (no DNS): scheme, credentials, fragment. Throws TargetRefusedError. */
  parse(raw: string): URL {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new TargetRefusedError('not a URL');
    }
    const allowed = this.options.allowInsecureUrls ? ['https:', 'http:'] : ['https:'];
    if (!allowed.includes(url.protocol)) throw new TargetRefusedError(this.options.allowInsecureUrls ? 'must be http(s)' : 'must be https');
    if (url.username || url.password) throw new TargetRefusedError('must not carry credentials');
    if (url.hash) throw new TargetRefusedError('must not have a fragment');
    if (!url.hostname) throw new TargetRefusedError('has no host');
    return url;
  }

  /**
   * The whole policy: the URL's form, then every address of its host. Resolves to the addresses a connection may use;
   * throws TargetRefusedError when any is refused or the host does not resolve.
   */
  async check(raw: string): Promise<CheckedTarget> {
    const url = this.parse(raw);
    const literal = literalOf(url);
    let addresses: ResolvedAddress[];
    if (literal) {
      addresses = [{ address: literal, family: isIP(literal) === 6 ? 6 : 4 }];
    } else {
      try {
        addresses = await this.resolve(url.hostname);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException | undefined)?.code;
        throw new TargetRefusedError(code === 'ENOTFOUND' || code === 'ENODATA' ? `${url.hostname} does not resolve` : `${url.hostname} could not be resolved (${code ?? 'error'})`);
      }
      if (addresses.length === 0) throw new TargetRefusedError(`${url.hostname} does not resolve`);
    }
    if (!this.options.allowPrivateAddresses) {
      for (const { address } of addresses) {
        const refusal = addressRefusal(address);
        if (refusal) throw new TargetRefusedError(literal ? `is ${refusal}` : `${url.hostname} resolves to ${refusal}`);
      }
    }
    return { url, addresses };
  }
}

export function createTargetPolicy(options: TargetPolicyOptions): TargetPolicy {
  return new TargetPolicy(options);
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/**
 * A socket `lookup` that answers only the checked addresses, whatever the host name (for http(s).request's `lookup`
 * option): the connection goes where the policy looked, with no second DNS query to rebind. Node asks with `all: true`
 * when it races both families (autoSelectFamily), for one address otherwise.
 */
export function pinnedLookup(addresses: readonly ResolvedAddress[]) {
  return (_hostname: string, options: dns.LookupOptions | number | undefined, callback: LookupCallback): void => {
    const family = typeof options === 'number' ? options : options?.family === 'IPv4' ? 4 : options?.family === 'IPv6' ? 6 : (options?.family ?? 0);
    const matching = addresses.filter((entry) => family === 0 || entry.family === family);
    if (matching.length === 0) {
      const error: NodeJS.ErrnoException = new Error(`no checked IPv${family} address`);
      error.code = 'ENOTFOUND';
      callback(error, '', undefined);
      return;
    }
    if (typeof options === 'object' && options.all) callback(null, matching.map((entry) => ({ address: entry.address, family: entry.family })));
    else callback(null, matching[0]!.address, matching[0]!.family);
  };
}
