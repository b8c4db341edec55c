/** One registry per gateway instance: two in one process count apart, and neither touches prom-client's global one. */
import assert from 'node:assert/strict';
import { register as globalRegistry } from 'prom-client';
import { createMetricsRegistry } from '../../../gateway/metrics/registry';
import { createRequestMetrics } from '../../../gateway/metrics/request-metrics';

describe('metrics registry', () => {
  it('keeps each instance’s series apart, with Node’s process metrics in each, and leaves the global registry alone', async () => {
    const [first, second] = [createMetricsRegistry(), createMetricsRegistry()];
    const sample = { tier: 'process', api: 'orders', version: 'v2', operation: 'GET /process/orders/v2/orders/{orderId}', status: 200, plan: 'internal', seconds: 0.004 };
    createRequestMetrics(first).observe(sample);
    createRequestMetrics(second).observe(sample);
    const labels = 'tier="process",api="orders",version="v2",operation="GET /process/orders/v2/orders/{orderId}"';
    assert.match(await first.metrics(), new RegExp(`^gateway_http_requests_total\\{${labels.replace(/[{}/]/g, '\\$&')},status="200",plan="internal"\\} 1$`, 'm'));
    assert.match(await second.metrics(), /^gateway_http_request_duration_seconds_bucket\{le="0.005",.*\} 1$/m);
    assert.match(await first.metrics(), /^process_cpu_user_seconds_total /m);
    assert.doesNotMatch(await globalRegistry.metrics(), /gateway_http_requests_total/);
  });
});
