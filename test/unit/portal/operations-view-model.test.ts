import assert from 'node:assert/strict';
import type { Kpis } from '../../../apis/process/operations/v1/models';
import {
  activityCharts,
  formatAge,
  formatMs,
  formatPercent,
  formatSeconds,
  healthStatus,
  overallValidationFailureRate,
  overdueDocuments,
  partnerHealth,
  problemMessage,
  tokenErrorMessage,
  type Activity,
} from '../../../openapi/portal/operations/view-model';

type KpiParts = Pick<Kpis, 'partners' | 'exceptions' | 'overdueDocuments'>;

describe('portal operations page: view model', () => {
  it('formats ages from seconds to days', () => {
    const now = Date.parse('2026-11-28T12:00:00Z');
    const ago = (seconds: number) => new Date(now - seconds * 1000).toISOString();
    assert.deepEqual(
      [0, 59, 60, 3599, 3600, 3660, 86_399, 86_400, 90_000, 172_800].map((seconds) => formatAge(ago(seconds), now)),
      ['0 s', '59 s', '1 min', '59 min', '1 h', '1 h 1 min', '23 h 59 min', '1 d', '1 d 1 h', '2 d'],
    );
    assert.equal(formatAge(new Date(now + 5000).toISOString(), now), '0 s', 'a clock ahead is no negative age');
    assert.equal(formatAge('garbage', now), '—');
  });

  it('formats durations, milliseconds and rates, with a dash for what is absent', () => {
    assert.deepEqual([0.85, 12.34, 270, 5400, undefined].map(formatSeconds), ['850 ms', '12.3 s', '4.5 min', '1.5 h', '—']);
    assert.deepEqual([85.4, 1234, null, undefined].map(formatMs), ['85 ms', '1.2 s', '—', '—']);
    assert.deepEqual([0, 0.125, 1, null].map(formatPercent), ['0 %', '12.5 %', '100 %', '—']);
  });

  it('colours a partner red, amber or green from its exceptions, overdue documents and validation failures', () => {
    assert.equal(healthStatus({}), 'ok');
    assert.equal(healthStatus({ exceptions: 1 }), 'warn');
    assert.equal(healthStatus({ overdueDocuments: 2, validationFailureRate: 0.04 }), 'warn');
    assert.equal(healthStatus({ validationFailureRate: 0.25 }), 'bad');
    assert.equal(healthStatus({ exceptions: 1, overdueDocuments: 5 }), 'bad', 'the worst figure decides');
  });

  it('builds the partner health table from the KPIs: every partner with orders, exceptions or overdue documents, worst first', () => {
    const kpis: KpiParts = {
      partners: [
        { partnerId: 'initech', orders: 10, failedValidation: 0, validationFailureRate: 0 },
        { partnerId: 'globex', orders: 4, failedValidation: 1, validationFailureRate: 0.25 },
        { partnerId: 'acme', orders: 20, failedValidation: 0, validationFailureRate: 0 },
      ],
      exceptions: { open: 3, byStep: [{ step: 'post', count: 3 }], byPartner: [{ partnerId: 'acme', count: 2 }, { partnerId: 'shopco', count: 1 }] },
      overdueDocuments: [
        { channel: 'EDI', partnerId: 'acme', count: 1 },
        { channel: 'MARKETPLACE', partnerId: 'acme', count: 2 },
      ],
    };
    assert.deepEqual(partnerHealth(kpis), [
      { partnerId: 'globex', orders: 4, exceptions: 0, validationFailures: 1, validationFailureRate: 0.25, overdueDocuments: 0, status: 'bad' },
      { partnerId: 'acme', orders: 20, exceptions: 2, validationFailures: 0, validationFailureRate: 0, overdueDocuments: 3, status: 'warn' },
      { partnerId: 'shopco', orders: 0, exceptions: 1, validationFailures: 0, validationFailureRate: 0, overdueDocuments: 0, status: 'warn' },
      { partnerId: 'initech', orders: 10, exceptions: 0, validationFailures: 0, validationFailureRate: 0, overdueDocuments: 0, status: 'ok' },
    ]);
    assert.equal(overallValidationFailureRate(kpis), 1 / 34);
    assert.equal(overallValidationFailureRate({ partners: [] }), null);
    assert.deepEqual(overdueDocuments(kpis).map((entry) => entry.count), [2, 1]);
  });

  it('keeps a partner id such as "__proto__" or "constructor" a plain row', () => {
    const rows = partnerHealth({ partners: [], exceptions: { open: 2, byStep: [], byPartner: [{ partnerId: '__proto__', count: 1 }, { partnerId: 'constructor', count: 1 }] }, overdueDocuments: [] });
    assert.deepEqual(rows.map((row) => [row.partnerId, row.exceptions]), [['__proto__', 1], ['constructor', 1]]);
  });

  it('turns the activity answer into the three charts’ series, nulls kept as gaps', () => {
    const activity: Activity = {
      from: '2026-11-28T09:00:00.000Z',
      to: '2026-11-28T09:02:00.000Z',
      bucketSeconds: 60,
      buckets: [
        { start: '2026-11-28T09:00:00.000Z', requests: 12, serverErrors: 1, clientErrors: 2, latencyMs: { p50: 40, p95: 120 }, ordersReceived: 3, exceptionsOpened: 1 },
        { start: '2026-11-28T09:01:00.000Z', requests: 0, serverErrors: 0, clientErrors: 0, latencyMs: { p50: null, p95: null }, ordersReceived: 0, exceptionsOpened: 0 },
      ],
    };
    const charts = activityCharts(activity);
    assert.deepEqual(charts.times, ['2026-11-28T09:00:00.000Z', '2026-11-28T09:01:00.000Z']);
    assert.deepEqual(charts.throughput.map((series) => [series.label, series.values]), [['requests', [12, 0]], ['orders received', [3, 0]]]);
    assert.deepEqual(charts.latency.map((series) => [series.label, series.values]), [['p50', [40, null]], ['p95', [120, null]]]);
    assert.deepEqual(charts.exceptions.map((series) => [series.label, series.kind, series.values]), [['exceptions opened', 'bar', [1, 0]], ['5xx', 'bar', [1, 0]]]);
  });

  it('survives an activity answer of another shape: no buckets, odd values', () => {
    for (const odd of [null, {}, { buckets: 'nope' }, { buckets: [null, 7] }]) assert.deepEqual(activityCharts(odd).times, []);
    const charts = activityCharts({ buckets: [{ start: 'x', requests: '12', latencyMs: null }] });
    assert.deepEqual(charts.throughput[0]?.values, [null]);
    assert.deepEqual(charts.latency[1]?.values, [null]);
  });

  it('tells a 403 with the scope the token lacks, a 401 to sign in again, anything else with its title and detail', () => {
    const forbidden = { type: 'x', title: 'Forbidden', status: 403, code: 'ERR_FORBIDDEN', detail: 'This operation needs the scope operations.read', requiredScopes: ['operations.read'], requestId: 'req-1' };
    assert.equal(problemMessage(403, forbidden), 'Access denied: This operation needs the scope operations.read. Sign in with a client that holds operations.read. (request req-1)');
    assert.equal(problemMessage(403, null), 'Access denied: this client may not use the operations API. Sign in with a client that holds operations.read.');
    assert.match(problemMessage(401, {}), /sign in again/);
    assert.equal(problemMessage(409, { title: 'Conflict', detail: 'The exception is not open' }), 'Conflict: The exception is not open');
    assert.equal(problemMessage(502, 'not json'), 'HTTP 502');
  });

  it('tells a refused sign-in with the OAuth error', () => {
    assert.equal(tokenErrorMessage(401, { error: 'invalid_client', error_description: 'Client authentication failed' }), 'Sign-in refused (invalid_client): Client authentication failed.');
    assert.equal(tokenErrorMessage(500, null), 'Sign-in refused (HTTP 500).');
  });
});
