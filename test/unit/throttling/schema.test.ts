/** The throttling policy's options: checked at creation, mistakes named by their dotted path, the result frozen. */
import assert from 'node:assert/strict';
import { ConfigError } from '../../../gateway/config';
import { nextUtcMidnight, parseThrottlingOptions, policyName, utcDay, type ThrottlingOptions } from '../../../policies/throttling';
import { appLog, operationOf, PLANS } from './helpers';

function options(overrides: Record<string, unknown> = {}): ThrottlingOptions {
  return { plans: PLANS, failMode: 'open', store: { kind: 'memory' }, logger: appLog().logger, operationOf, ...overrides } as ThrottlingOptions;
}

function refused(overrides: Record<string, unknown>, path: RegExp): void {
  assert.throws(
    () => parseThrottlingOptions(options(overrides)),
    (error: unknown) => error instanceof ConfigError && path.test(error.message),
  );
}

describe('throttling options', () => {
  it('accepts the options, applies the plans defaults and freezes the result', () => {
    const config = parseThrottlingOptions(options({ plans: { solo: { limit: 3 } } }));
    assert.equal(config.plans.get('solo')?.windowSeconds, 60);
    assert.deepEqual(config.plans.get('solo')?.operations, {});
    assert.equal(config.failMode, 'open');
    assert.equal(config.clock, Date.now);
    assert.ok(Object.isFrozen(config));
    assert.ok(Object.isFrozen(config.plans.get('solo')));
  });

  it('rejects unknown options and misspelled plan keys, naming them', () => {
    refused({ failmode: 'open' }, /\(options\): Unrecognized key.*failmode/);
    refused({ plans: { bronze: { limit: 5, dailyquota: 10 } } }, /plans\.bronze: Unrecognized key.*dailyquota/);
  });

  it('needs at least one plan, a fail mode, a known store and the functions it calls', () => {
    refused({ plans: {} }, /plans: at least one plan is needed/);
    refused({ failMode: 'maybe' }, /failMode:/);
    refused({ store: { kind: 'disk' } }, /store/);
    refused({ store: { kind: 'redis', prefix: 'dg:' } }, /store\.client: an ioredis client/);
    refused({ store: { kind: 'redis', client: {}, prefix: 'dg:' } }, /store\.client: an ioredis client/);
    refused({ operationOf: 'POST /orders' }, /operationOf: a function/);
    refused({ logger: { error: () => undefined } }, /logger: a logger/);
    refused({ plans: { bronze: { limit: 5, operations: { 'FETCH /orders': { limit: 1 } } } } }, /plans\.bronze\.operations/);
  });

  it('finds the strictest plan: the fewest requests a day, then the lowest rate', () => {
    assert.equal(parseThrottlingOptions(options()).strictestPlan, 'metered');
    const withoutDaily = { bronze: { limit: 5, windowSeconds: 60 }, gold: { limit: 10, windowSeconds: 60 }, brief: { limit: 2, windowSeconds: 1 } };
    assert.equal(parseThrottlingOptions(options({ plans: withoutDaily })).strictestPlan, 'bronze');
  });

  it('names policies as a structured-field string may carry them', () => {
    assert.equal(policyName('bronze', 'window'), 'bronze.window');
    assert.equal(policyName('odd"plan\\\n', 'daily'), 'odd_plan__.daily');
  });

  it('computes UTC days and midnights', () => {
    const at = Date.UTC(2024, 1, 29, 23, 59, 59, 999);
    assert.equal(utcDay(at), '2024-02-29');
    assert.equal(nextUtcMidnight(at), Date.UTC(2024, 2, 1));
    assert.equal(nextUtcMidnight(Date.UTC(2024, 11, 31, 0, 0, 0)), Date.UTC(2025, 0, 1));
  });
});
