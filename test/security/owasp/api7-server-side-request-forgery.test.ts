/**
 * OWASP API7:2023 Server Side Request Forgery.
 *
 * Threat: the one place a partner hands the gateway a URL to call is a webhook subscription. A partner registers
 * http://127.0.0.1, the cloud metadata address 169.254.169.254, [::1], a 10.x host, or a DNS name that resolves to
 * loopback (localhost), so the gateway's deliveries probe or attack its own network; or registers a public server
 * that redirects each delivery inward.
 *
 * Proven here, through the customer API of a whole gateway:
 * - with the default configuration (https only, no private addresses) and with plain http allowed (so the address,
 *   not the scheme, is what is refused), each of those URLs is a 400 problem+json naming body.url, and nothing is
 *   subscribed;
 * - a delivery answered with a redirect is not followed: the redirect's target never hears from the gateway, and the
 *   delivery log says why.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestGateway, type TestGateway } from '../../support/gateway';
import { purchaseOrderNumber } from '../../support/orders';
import { assertProblem } from './support';

const V2 = '/partner/customers/v2';
const INTERNAL_HOSTS = ['127.0.0.1', '169.254.169.254', '[::1]', '10.1.2.3', 'localhost'];

async function listen(handler: http.RequestListener): Promise<{ url: string; server: http.Server }> {
  const server = http.createServer(handler);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('OWASP API7:2023 server side request forgery', function () {
  this.timeout(60_000);

  for (const [what, overrides, scheme] of [
    ['by default (https only, public addresses only)', {}, 'https'],
    ['with plain http allowed, private addresses still not', { channels: { customers: { webhooks: { allowInsecureUrls: true } } } }, 'http'],
  ] as const) {
    describe(what, () => {
      let gateway: TestGateway;
      before(async () => {
        gateway = await startTestGateway(overrides);
      });
      after(async () => {
        await gateway?.stop();
      });

      for (const host of INTERNAL_HOSTS) {
        it(`refuses a webhook to ${scheme}://${host} with 400 naming body.url`, async () => {
          const globex = await gateway.as('globex-dev');
          const url = `${scheme}://${host}/latest/meta-data/`;
          const problem = assertProblem(await globex.post(`${V2}/webhooks`).send({ url, eventTypes: ['order.shipped'] }), 400, url);
          assert.equal(problem.code, 'ERR_VALIDATION');
          assert.deepEqual(problem.errors.map((error: { name: string }) => error.name), ['body.url']);
          if (scheme === 'http') assert.doesNotMatch(problem.errors[0].message, /https/, 'refused for its address, not its scheme');
          assert.deepEqual((await globex.get(`${V2}/webhooks`).expect(200)).body.subscriptions, []);
        });
      }
    });
  }

  describe('redirects', () => {
    let gateway: TestGateway;
    const hits: string[] = [];
    let inner: { url: string; server: http.Server };
    let redirector: { url: string; server: http.Server };

    before(async () => {
      inner = await listen((request, response) => {
        hits.push(`${request.method} ${request.url}`);
        response.end('ok');
      });
      redirector = await listen((request, response) => {
        request.resume();
        response.writeHead(307, { location: `${inner.url}/internal-admin` }).end();
      });
      gateway = await startTestGateway({
        sandbox: { shipDelayMs: 100, billingDelayMs: 100 },
        process: { workflow: { pollIntervalMs: 50, retryBaseDelayMs: 50, retryMaxDelayMs: 400, leaseMs: 5000, sweepIntervalMs: 200, sweepGraceMs: 6000 } },
        // Local test servers need both; what is tested is that a redirect is not followed.
        channels: { customers: { webhooks: { allowInsecureUrls: true, allowPrivateAddresses: true, maxAttempts: 1, timeoutMs: 2000 } } },
      });
    });
    after(async () => {
      await gateway?.stop();
      redirector?.server.close();
      inner?.server.close();
    });

    it('does not follow a redirect answered to a delivery', async () => {
      const globex = await gateway.as('globex-dev');
      const subscription = (await globex.post(`${V2}/webhooks`).send({ url: `${redirector.url}/hooks`, eventTypes: ['order.acknowledged'] }).expect(201)).body.id as string;
      await globex.post(`${V2}/orders`).send({ customerReference: purchaseOrderNumber('SSRF'), items: [{ lineNumber: '1', sku: 'TG-10001', quantity: { value: '1', unit: 'CS' } }] }).expect(201);
      const deadline = Date.now() + 20_000;
      let delivery: Record<string, unknown> | undefined;
      while (Date.now() < deadline && !delivery) {
        const deliveries = (await globex.get(`${V2}/webhooks/${subscription}/deliveries`).expect(200)).body.deliveries as Array<Record<string, unknown>>;
        delivery = deliveries.find((candidate) => candidate.lastStatus === 307 || candidate.status === 'FAILED');
        if (!delivery) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.ok(delivery, 'a delivery was attempted and answered with the redirect');
      assert.equal(delivery.lastStatus, 307, JSON.stringify(delivery));
      assert.match(JSON.stringify(delivery), /redirects are not followed/);
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.deepEqual(hits, [], 'the redirect’s target never heard from the gateway');
    });
  });
});
