import assert from 'node:assert/strict';
import express from 'express';
import request from 'supertest';
import { MemoryUsageStore } from '../../../gateway/state/memory/usage-store';
import type { UsageStore } from '../../../gateway/state/ports';
import { createProblemHandler } from '../../../gateway/problem-handler';
import { createLifecycle } from '../../../policies/lifecycle';
import { CATALOG, captureLogger, entryOf, fixedClock, lifecycleApp } from './helpers';

const PROBLEM = /application\/problem\+json/;
/** RFC 9745 §2.1: an RFC 9651 Date, `@` and integer seconds since the epoch. */
const STRUCTURED_DATE = /^@-?\d{1,15}$/;
/** RFC 9110 §5.6.7 IMF-fixdate, the form RFC 8594 requires for Sunset. */
const IMF_FIXDATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

const CUSTOMERS_V1_LINKS =
  '</partner/customers/v2>; rel="successor-version", </portal/partner/customers/v1/#deprecation>; rel="deprecation"; type="text/html"';

/** Lets the fire-and-forget usage write land. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('lifecycle policy', () => {
  let usage: MemoryUsageStore;
  beforeEach(() => {
    usage = new MemoryUsageStore();
  });

  describe('an active version', () => {
    it('adds no lifecycle header and counts nothing', async () => {
      const app = lifecycleApp({ entry: entryOf('partner/customers/v2'), usage, clock: fixedClock('2027-02-01T00:00:00Z').now });
      const response = await request(app).get('/partner/customers/v2/things').expect(200);
      assert.equal(response.headers.deprecation, undefined);
      assert.equal(response.headers.sunset, undefined);
      assert.equal(response.headers.link, undefined);
      await settle();
      assert.deepEqual(await usage.report(), []);
    });
  });

  describe('a deprecated version', () => {
    const clock = fixedClock('2027-02-01T00:00:00Z');
    const app = () => lifecycleApp({ entry: entryOf('partner/customers/v1'), usage, clock: clock.now });
    beforeEach(() => clock.set('2027-02-01T00:00:00Z'));

    it('says so in Deprecation (RFC 9745), Sunset (RFC 8594) and Link (successor-version, deprecation)', async () => {
      const response = await request(app()).get('/partner/customers/v1/things').expect(200);
      assert.deepEqual(response.body, { ok: true });
      assert.equal(response.headers.deprecation, '@1798761600'); // 2027-01-01T00:00:00Z
      assert.match(response.headers.deprecation ?? '', STRUCTURED_DATE);
      assert.equal(response.headers.sunset, 'Thu, 01 Jul 2027 12:00:00 GMT');
      assert.match(response.headers.sunset ?? '', IMF_FIXDATE);
      assert.equal(response.headers.link, CUSTOMERS_V1_LINKS);
    });

    it('puts the same headers on error responses', async () => {
      const response = await request(app()).get('/partner/customers/v1/things/42').expect(404).expect('content-type', PROBLEM);
      assert.equal(response.body.code, 'ERR_NOT_FOUND');
      assert.equal(response.headers.deprecation, '@1798761600');
      assert.equal(response.headers.sunset, 'Thu, 01 Jul 2027 12:00:00 GMT');
      assert.equal(response.headers.link, CUSTOMERS_V1_LINKS);
      const unmatched = await request(app()).get('/partner/customers/v1/nothing-here').expect(404);
      assert.equal(unmatched.body.code, 'ERR_ROUTE_NOT_FOUND');
      assert.equal(unmatched.headers.deprecation, '@1798761600');
    });

    it('appends its links to a Link header set before it or replaced after it', async () => {
      const before = express();
      before.use((_request, response, next) => {
        response.locals.caller = { clientId: 'c1', plan: 'x', scopes: new Set<string>() };
        response.setHeader('Link', '<https://example.com/terms>; rel="terms-of-service"');
        next();
      });
      before.use('/partner/customers/v1', createLifecycle({ entry: entryOf('partner/customers/v1'), catalog: CATALOG, usage, logger: captureLogger(), clock: clock.now }));
      before.get('/partner/customers/v1/things', (_request, response) => {
        response.json({});
      });
      const earlier = await request(before).get('/partner/customers/v1/things').expect(200);
      assert.equal(earlier.headers.link, `<https://example.com/terms>; rel="terms-of-service", ${CUSTOMERS_V1_LINKS}`);

      const replaced = await request(app()).get('/partner/customers/v1/paged').expect(200);
      assert.equal(replaced.headers.link, `</paged?page=2>; rel="next", ${CUSTOMERS_V1_LINKS}`);
    });

    it('sends no Sunset and no successor link when the catalog sets none', async () => {
      const entry = entryOf('process/orders/v1');
      const response = await request(lifecycleApp({ entry, usage, clock: clock.now })).get('/process/orders/v1/things').expect(200);
      assert.equal(response.headers.deprecation, '@1801470600'); // 2027-02-01T08:30:00Z
      assert.equal(response.headers.sunset, undefined);
      assert.equal(response.headers.link, '</portal/process/orders/v1/#deprecation>; rel="deprecation"; type="text/html"');
    });

    it('counts every call per client, with the latest call', async () => {
      const served = app();
      await request(served).get('/partner/customers/v1/things').set('x-client', 'globex').expect(200);
      clock.set('2027-02-02T09:15:00Z');
      await request(served).get('/partner/customers/v1/things/7').set('x-client', 'globex').expect(404);
      await request(served).get('/partner/customers/v1/things').set('x-client', 'initech').expect(200);
      await settle();
      assert.deepEqual(await usage.report(['partner/customers/v1']), [
        { apiVersion: 'partner/customers/v1', clientId: 'globex', calls: 2, lastSeen: '2027-02-02T09:15:00.000Z' },
        { apiVersion: 'partner/customers/v1', clientId: 'initech', calls: 1, lastSeen: '2027-02-02T09:15:00.000Z' },
      ]);
    });

    it('neither waits for the usage store nor fails when it does: a failure is logged', async () => {
      const hanging: UsageStore = { record: () => new Promise(() => {}), report: async () => [] };
      await request(lifecycleApp({ entry: entryOf('partner/customers/v1'), usage: hanging, clock: clock.now }))
        .get('/partner/customers/v1/things')
        .timeout(2000)
        .expect(200);

      for (const failing of [
        { record: async () => Promise.reject(new Error('redis down')), report: async () => [] },
        { record: () => { throw new Error('redis down'); }, report: async () => [] },
      ] as UsageStore[]) {
        const logger = captureLogger();
        await request(lifecycleApp({ entry: entryOf('partner/customers/v1'), usage: failing, clock: clock.now, logger })).get('/partner/customers/v1/things').expect(200);
        await settle();
        assert.equal(logger.lines.length, 1);
        assert.equal(logger.lines[0]?.level, 'warn');
        assert.deepEqual(logger.lines[0]?.meta, { apiVersion: 'partner/customers/v1', clientId: 'c1', error: 'redis down' });
      }
    });

    it('answers 410 inside a brownout window, with when it ends, and 200 either side of it', async () => {
      const served = app();
      clock.set('2027-03-01T09:59:59Z');
      await request(served).get('/partner/customers/v1/things').expect(200);
      clock.set('2027-03-01T10:00:00Z');
      const gone = await request(served).get('/partner/customers/v1/things').expect(410).expect('content-type', PROBLEM);
      assert.equal(gone.body.code, 'ERR_GONE');
      assert.equal(gone.body.brownoutEnds, '2027-03-01T12:00:00Z');
      assert.equal(gone.body.sunset, '2027-07-01T12:00:00Z');
      assert.deepEqual(gone.body.successor, { id: 'partner/customers/v2', basePath: '/partner/customers/v2', docsUrl: '/portal/partner/customers/v2/' });
      assert.match(gone.body.detail, /brownout until 2027-03-01T12:00:00Z \(first brownout\)/);
      assert.match(gone.body.detail, /\/partner\/customers\/v2 /);
      assert.equal(gone.headers.deprecation, '@1798761600');
      assert.equal(gone.headers.sunset, 'Thu, 01 Jul 2027 12:00:00 GMT');
      assert.equal(gone.headers.link, CUSTOMERS_V1_LINKS);
      clock.set('2027-03-01T12:00:00Z');
      await request(served).get('/partner/customers/v1/things').expect(200);
      await settle();
      assert.equal((await usage.report(['partner/customers/v1']))[0]?.calls, 3, 'refused calls count too: they show who still calls');
    });

    it('answers 410 from its sunset on, naming the successor and its documentation, with the headers', async () => {
      const served = app();
      clock.set('2027-07-01T11:59:59Z');
      await request(served).get('/partner/customers/v1/things').expect(200);
      clock.set('2027-07-01T12:00:00Z');
      const gone = await request(served).get('/partner/customers/v1/things').expect(410).expect('content-type', PROBLEM);
      assert.equal(gone.body.status, 410);
      assert.equal(gone.body.code, 'ERR_GONE');
      assert.equal(gone.body.type, '/portal/problems#ERR_GONE');
      assert.equal(gone.body.sunset, '2027-07-01T12:00:00Z');
      assert.equal(gone.body.brownoutEnds, undefined);
      assert.deepEqual(gone.body.successor, { id: 'partner/customers/v2', basePath: '/partner/customers/v2', docsUrl: '/portal/partner/customers/v2/' });
      assert.equal(
        gone.body.detail,
        'partner/customers/v1 is no longer served (sunset 2027-07-01T12:00:00Z). Use its successor /partner/customers/v2 ' +
          '(documentation: /portal/partner/customers/v2/). Deprecation notice: /portal/partner/customers/v1/#deprecation',
      );
      assert.equal(gone.headers.deprecation, '@1798761600');
      assert.equal(gone.headers.sunset, 'Thu, 01 Jul 2027 12:00:00 GMT');
      assert.equal(gone.headers.link, CUSTOMERS_V1_LINKS);
    });
  });

  describe('a retired version', () => {
    it('answers 410 whatever the clock says, with its headers', async () => {
      for (const now of ['2026-01-01T00:00:00Z', '2030-01-01T00:00:00Z']) {
        const app = lifecycleApp({ entry: entryOf('system/erp/v1'), usage, clock: fixedClock(now).now });
        const gone = await request(app).post('/system/erp/v1/anything').expect(410).expect('content-type', PROBLEM);
        assert.equal(gone.body.code, 'ERR_GONE');
        assert.equal(gone.body.sunset, '2026-06-30T00:00:00Z');
        assert.equal(gone.body.successor.basePath, '/system/erp/v2');
        assert.match(gone.body.detail, /^system\/erp\/v1 is no longer served \(sunset 2026-06-30T00:00:00Z\)\. Use its successor \/system\/erp\/v2/);
        assert.equal(gone.headers.deprecation, '@1768435200'); // 2026-01-15
        assert.equal(gone.headers.sunset, 'Tue, 30 Jun 2026 00:00:00 GMT');
        assert.equal(gone.headers.link, '</system/erp/v2>; rel="successor-version", </portal/system/erp/v1/#deprecation>; rel="deprecation"; type="text/html"');
      }
    });
  });

  describe('options', () => {
    const base = () => ({ entry: entryOf('partner/customers/v1'), catalog: CATALOG, usage: new MemoryUsageStore(), logger: captureLogger() });

    it('refuses unknown options, an entry outside the catalog, an inconsistent catalog and a bad portal path', () => {
      assert.throws(() => createLifecycle({ ...base(), colour: 'red' } as never), { name: 'TypeError', message: 'lifecycle.colour: unknown option' });
      assert.throws(() => createLifecycle({ ...base(), catalog: CATALOG.filter((entry) => entry.id !== 'partner/customers/v1') }), /lifecycle\.entry: partner\/customers\/v1 is not in lifecycle\.catalog/);
      const inconsistent = CATALOG.map((entry) => (entry.id === 'partner/customers/v1' ? { ...entry, deprecatedOn: undefined } : entry));
      assert.throws(() => createLifecycle({ ...base(), entry: inconsistent[0]!, catalog: inconsistent }), /lifecycle\.catalog: inconsistent:\n {2}apis\.0\.deprecatedOn: partner\/customers\/v1 is deprecated/);
      assert.throws(() => createLifecycle({ ...base(), portalPath: '/docs/' }), /lifecycle\.portalPath/);
      assert.throws(() => createLifecycle({ ...base(), usage: {} as UsageStore }), /lifecycle\.usage/);
    });

    it('points the deprecation link at the portal path it is given', async () => {
      const app = express();
      app.use((_request, response, next) => {
        response.locals.caller = { clientId: 'c1', plan: 'x', scopes: new Set<string>() };
        next();
      });
      app.use(createLifecycle({ ...base(), entry: entryOf('process/orders/v1'), clock: fixedClock('2027-03-01T00:00:00Z').now, portalPath: '/developers' }));
      app.get('/', (_request, response) => {
        response.end();
      });
      const response = await request(app).get('/').expect(200);
      assert.equal(response.headers.link, '</developers/process/orders/v1/#deprecation>; rel="deprecation"; type="text/html"');
    });

    it('asks for a caller: without one (authentication not run) the request is refused, not counted as nobody', async () => {
      const app = express();
      app.use(createLifecycle({ ...base(), clock: fixedClock('2027-02-01T00:00:00Z').now }));
      app.use(createProblemHandler(captureLogger()));
      const response = await request(app).get('/things').expect(401);
      assert.equal(response.body.code, 'ERR_UNAUTHENTICATED');
      assert.equal(response.headers.deprecation, '@1798761600');
    });
  });
});
