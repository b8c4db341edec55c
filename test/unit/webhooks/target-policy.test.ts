/**
 * The webhook target policy (SSRF) without a server: which addresses are refused, how URL forms of literal IPs are
 * normalised before they are judged, and names resolving through an injected resolver.
 */
import assert from 'node:assert/strict';
import { addressRefusal, createTargetPolicy, pinnedLookup, TargetRefusedError, type HostResolver, type ResolvedAddress } from '../../../apis/partner/customers/webhooks/target-policy';

const v4 = (address: string): ResolvedAddress => ({ address, family: 4 });
const v6 = (address: string): ResolvedAddress => ({ address, family: 6 });

/** A resolver answering from a table; an unknown name is ENOTFOUND, like dns.lookup. */
function fakeDns(table: Record<string, ResolvedAddress[]>): HostResolver & { asked: string[] } {
  const asked: string[] = [];
  const resolve = async (hostname: string) => {
    asked.push(hostname);
    const found = table[hostname];
    if (found) return found;
    throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  };
  return Object.assign(resolve, { asked });
}

const DNS = fakeDns({
  'hooks.example.com': [v4('93.184.215.14'), v6('2606:2800:21f:cb07:6820:80da:af6b:8b2c')],
  'internal.example.com': [v4('10.0.0.5')],
  'split.example.com': [v4('93.184.215.14'), v4('192.168.1.20')],
  'v6only.example.com': [v6('2606:4700::1111')],
  'mapped.example.com': [v6('::ffff:127.0.0.1')],
  'metadata.example.com': [v4('169.254.169.254')],
  localhost: [v4('127.0.0.1'), v6('::1')],
});

const strict = createTargetPolicy({ allowInsecureUrls: true, allowPrivateAddresses: false, resolve: DNS });
const lenient = createTargetPolicy({ allowInsecureUrls: true, allowPrivateAddresses: true, resolve: DNS });

async function refusal(url: string, policy = strict): Promise<string> {
  try {
    await policy.check(url);
  } catch (error) {
    assert.ok(error instanceof TargetRefusedError, String(error));
    return error.reason;
  }
  assert.fail(`${url} was accepted`);
}

describe('webhook target policy (SSRF)', () => {
  describe('addresses', () => {
    const refused: Array<[string, RegExp]> = [
      ['127.0.0.1', /loopback/],
      ['127.255.255.254', /loopback/],
      ['::1', /loopback/],
      ['0.0.0.0', /unspecified/],
      ['::', /unspecified/],
      ['10.0.0.5', /private address 10\.0\.0\.5/],
      ['172.16.0.1', /private/],
      ['172.31.255.255', /private/],
      ['192.168.1.1', /private/],
      ['fc00::1', /private/],
      ['fd12:3456::1', /private/],
      ['169.254.1.1', /link-local/],
      ['169.254.169.254', /cloud metadata/],
      ['fe80::1', /link-local/],
      ['100.64.0.1', /CGNAT/],
      ['100.127.255.254', /CGNAT/],
      ['224.0.0.1', /multicast/],
      ['ff02::1', /multicast/],
      ['255.255.255.255', /broadcast/],
      ['240.0.0.1', /reserved/],
      ['192.0.2.1', /reserved/],
      ['198.18.0.1', /non-public|reserved/],
      ['::ffff:127.0.0.1', /loopback/],
      ['::ffff:7f00:1', /loopback/],
      ['::ffff:10.0.0.5', /private/],
      ['::ffff:169.254.169.254', /cloud metadata/],
      ['64:ff9b::7f00:1', /non-public address \(rfc6052\)/],
      ['2002:7f00:1::', /non-public address \(6to4\)/],
      ['2001:db8::1', /reserved/],
      ['not-an-ip', /unparseable/],
    ];
    for (const [address, reason] of refused) {
      it(`refuses ${address}`, () => assert.match(addressRefusal(address) ?? 'accepted', reason));
    }
    const allowed = ['93.184.215.14', '8.8.8.8', '172.32.0.1', '100.128.0.1', '11.0.0.1', '2606:4700::1111', '::ffff:93.184.215.14'];
    for (const address of allowed) {
      it(`accepts ${address}`, () => assert.equal(addressRefusal(address), undefined));
    }
  });

  describe('URL forms', () => {
    // WHATWG URL normalises every IPv4 notation Node accepts to dotted decimal before we judge it.
    const literals: Array<[string, RegExp]> = [
      ['http://127.0.0.1:8080/hooks', /^is a loopback address 127\.0\.0\.1$/],
      ['http://2130706433/', /loopback address 127\.0\.0\.1/],
      ['http://0x7f000001/', /loopback address 127\.0\.0\.1/],
      ['http://0x7f.1/', /loopback address 127\.0\.0\.1/],
      ['http://0177.0.0.1/', /loopback address 127\.0\.0\.1/],
      ['http://127.1/', /loopback address 127\.0\.0\.1/],
      ['http://0/', /unspecified address 0\.0\.0\.0/],
      ['http://[::1]/', /loopback address ::1/],
      ['http://[::ffff:127.0.0.1]/', /loopback address ::ffff:7f00:1/],
      ['http://[::ffff:a9fe:a9fe]/', /cloud metadata/],
      ['http://169.254.169.254/latest/meta-data/', /cloud metadata address 169\.254\.169\.254/],
      ['http://0xa9.0xfe.0xa9.0xfe/', /cloud metadata/],
      ['http://[fe80::1]/', /link-local/],
    ];
    for (const [url, reason] of literals) {
      it(`refuses ${url} without asking DNS`, async () => {
        const before = DNS.asked.length;
        assert.match(await refusal(url), reason);
        assert.equal(DNS.asked.length, before, 'a literal IP is not resolved');
      });
    }

    it('refuses localhost, which resolves to loopback', async () => {
      assert.match(await refusal('http://localhost:3000/'), /^localhost resolves to a loopback address 127\.0\.0\.1$/);
    });

    it('refuses a name resolving to a private address, naming it', async () => {
      assert.equal(await refusal('https://internal.example.com/'), 'internal.example.com resolves to a private address 10.0.0.5');
    });

    it('refuses a name resolving to both a public and a private address (any refused address refuses the target)', async () => {
      assert.equal(await refusal('https://split.example.com/'), 'split.example.com resolves to a private address 192.168.1.20');
    });

    it('refuses names resolving to IPv4-mapped loopback and to the metadata address', async () => {
      assert.match(await refusal('https://mapped.example.com/'), /loopback address ::ffff:127\.0\.0\.1/);
      assert.match(await refusal('https://metadata.example.com/'), /cloud metadata/);
    });

    it('refuses a name that does not resolve', async () => {
      assert.equal(await refusal('https://nowhere.example.com/'), 'nowhere.example.com does not resolve');
    });

    it('accepts a public name with every address it resolves to, both families', async () => {
      const checked = await strict.check('https://hooks.example.com/hooks?x=1');
      assert.equal(checked.url.toString(), 'https://hooks.example.com/hooks?x=1');
      assert.deepEqual(checked.addresses, [v4('93.184.215.14'), v6('2606:2800:21f:cb07:6820:80da:af6b:8b2c')]);
      assert.deepEqual((await strict.check('https://v6only.example.com/')).addresses, [v6('2606:4700::1111')]);
      assert.deepEqual((await strict.check('https://93.184.215.14/')).addresses, [v4('93.184.215.14')]);
    });

    it('keeps the form checks: scheme, credentials, fragment', async () => {
      const httpsOnly = createTargetPolicy({ allowInsecureUrls: false, allowPrivateAddresses: false, resolve: DNS });
      assert.equal(await refusal('http://hooks.example.com/', httpsOnly), 'must be https');
      assert.equal(await refusal('ftp://hooks.example.com/'), 'must be http(s)');
      assert.equal(await refusal('https://u:p@hooks.example.com/'), 'must not carry credentials');
      assert.equal(await refusal('https://hooks.example.com/#x'), 'must not have a fragment');
      assert.equal(await refusal('not a url'), 'not a URL');
    });

    it('accepts private and loopback targets when allowPrivateAddresses is set', async () => {
      assert.deepEqual((await lenient.check('http://127.0.0.1:9/')).addresses, [v4('127.0.0.1')]);
      assert.deepEqual((await lenient.check('http://[::1]:9/')).addresses, [v6('::1')]);
      assert.deepEqual((await lenient.check('http://internal.example.com/')).addresses, [v4('10.0.0.5')]);
    });

    it('uses the system resolver by default: localhost (from /etc/hosts) is refused', async () => {
      const system = createTargetPolicy({ allowInsecureUrls: true, allowPrivateAddresses: false });
      await assert.rejects(system.check('http://localhost/'), (error: unknown) => error instanceof TargetRefusedError && /^localhost resolves to a loopback address/.test(error.reason));
    });
  });

  describe('pinned lookup', () => {
    const lookup = pinnedLookup([v4('93.184.215.14'), v6('2606:4700::1111')]);
    const call = (options: Parameters<typeof lookup>[1]) =>
      new Promise<unknown[]>((resolve) => lookup('rebound.example.com', options, (error, address, family) => resolve([error?.code ?? null, address, family])));

    it('answers only the checked addresses, whatever the host name', async () => {
      assert.deepEqual(await call({ all: true }), [null, [{ address: '93.184.215.14', family: 4 }, { address: '2606:4700::1111', family: 6 }], undefined]);
      assert.deepEqual(await call({}), [null, '93.184.215.14', 4]);
      assert.deepEqual(await call({ family: 6 }), [null, '2606:4700::1111', 6]);
      assert.deepEqual(await call(4), [null, '93.184.215.14', 4]);
    });

    it('fails rather than resolving again when no checked address has the family asked for', async () => {
      const v4only = pinnedLookup([v4('93.184.215.14')]);
      const answer = await new Promise<unknown>((resolve) => v4only('x', { family: 6 }, (error) => resolve(error?.code)));
      assert.equal(answer, 'ENOTFOUND');
    });
  });
});
