import assert from 'node:assert/strict';
import express from 'express';
import request from 'supertest';
import { createCorrelation, parseTraceparent } from '../../../policies/correlation';
import { newSpanId, newTraceId, outgoingTraceHeaders } from '../../../gateway/http/trace-headers';

function echoApp() {
  const app = express();
  app.use(createCorrelation());
  // What an outgoing hop made while serving this request would carry, read after an await to prove it survives.
  app.get('/hop', async (_request, response) => {
    await new Promise((resolve) => setTimeout(resolve, 5));
    response.json(outgoingTraceHeaders());
  });
  return app;
}

describe('correlation policy', () => {
  it('keeps a well-formed caller correlation id and forwards it on outgoing hops', async () => {
    const response = await request(echoApp()).get('/hop').set('X-Correlation-Id', 'po-4711.partner:acme').expect(200);
    assert.equal(response.headers['x-correlation-id'], 'po-4711.partner:acme');
    assert.equal(response.body['x-correlation-id'], 'po-4711.partner:acme');
  });

  it('accepts X-Request-Id as the correlation id too', async () => {
    const response = await request(echoApp()).get('/hop').set('X-Request-Id', 'abc-123').expect(200);
    assert.equal(response.headers['x-correlation-id'], 'abc-123');
  });

  it('replaces a malformed correlation id instead of echoing it', async () => {
    const response = await request(echoApp()).get('/hop').set('X-Correlation-Id', 'x'.repeat(200)).expect(200);
    assert.match(response.headers['x-correlation-id'] ?? '', /^[0-9a-f-]{36}$/);
    const injected = await request(echoApp()).get('/hop').set('X-Correlation-Id', 'a b"<script>').expect(200);
    assert.notEqual(injected.headers['x-correlation-id'], 'a b"<script>');
  });

  it('continues the caller trace with a new span, and starts one when there is none', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const continued = await request(echoApp()).get('/hop').set('traceparent', `00-${traceId}-00f067aa0ba902b7-01`).set('tracestate', 'vendor=1').expect(200);
    const [, sentTrace, sentSpan, flags] = (continued.body.traceparent as string).split('-');
    assert.equal(sentTrace, traceId);
    assert.notEqual(sentSpan, '00f067aa0ba902b7', 'this hop has its own span');
    assert.equal(flags, '01');
    assert.equal(continued.body.tracestate, 'vendor=1');

    const started = await request(echoApp()).get('/hop').expect(200);
    assert.match(started.body.traceparent, /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  });

  it('parses traceparent strictly (W3C Trace Context)', () => {
    assert.ok(parseTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'));
    assert.equal(parseTraceparent('00-00000000000000000000000000000000-00f067aa0ba902b7-01'), undefined, 'zero trace id');
    assert.equal(parseTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01'), undefined, 'zero parent id');
    assert.equal(parseTraceparent('ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'), undefined, 'version ff');
    assert.equal(parseTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra'), undefined, 'v00 with a suffix');
    assert.ok(parseTraceparent('01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra'), 'a later version may add fields');
    assert.equal(parseTraceparent('00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01'), undefined, 'uppercase');
    assert.equal(parseTraceparent('garbage'), undefined);
  });

  it('draws span and trace ids from the random pool without repeating across refills', () => {
    // 4 KiB per refill: 2000 span ids and 2000 trace ids cross several refills.
    const spans = Array.from({ length: 2000 }, newSpanId);
    const traces = Array.from({ length: 2000 }, newTraceId);
    assert.ok(spans.every((id) => /^[0-9a-f]{16}$/.test(id)));
    assert.ok(traces.every((id) => /^[0-9a-f]{32}$/.test(id)));
    assert.equal(new Set(spans).size, spans.length);
    assert.equal(new Set(traces).size, traces.length);
  });
});
