import assert from 'node:assert/strict';
import { loadCatalog, loadSpec } from '../../../openapi/catalog';
import { createOperationMatcher, operationNames } from '../../../openapi/operations';

describe('operation names from the spec', () => {
  const erp = loadCatalog().find((entry) => entry.id === 'system/erp/v1')!;
  const match = createOperationMatcher(erp, loadSpec(erp) as never);

  it('names a request by its spec path template', () => {
    assert.equal(match('GET', '/customers/0010100001'), 'GET /system/erp/v1/customers/{customerNumber}');
    assert.equal(match('GET', '/customers/0010100001/prices'), 'GET /system/erp/v1/customers/{customerNumber}/prices');
    assert.equal(match('POST', '/sales-orders'), 'POST /system/erp/v1/sales-orders');
    assert.equal(match('GET', '/customers'), 'GET /system/erp/v1/customers');
  });

  it('names nothing for a method or path the spec does not have', () => {
    assert.equal(match('DELETE', '/customers/0010100001'), undefined);
    assert.equal(match('GET', '/customers/a/b/c/d'), undefined);
    assert.equal(match('GET', '/nothing'), undefined);
  });

  it('lists every operation of a spec', () => {
    const names = operationNames(erp, loadSpec(erp) as never);
    assert.ok(names.includes('POST /system/erp/v1/sales-orders'));
    assert.ok(names.every((name) => /^(GET|POST|PUT|PATCH|DELETE) \/system\/erp\/v1\//.test(name)));
  });
});
