/**
 * OWASP API3:2023 Broken Object Property Level Authorization (mass assignment and excessive data exposure).
 *
 * Threats: a caller slips a property it may not set into a request body — an unknown one hoping a model binds it, or
 * one the server owns (`id`, `status`, `createdAt`, `salesOrderNumber`, a webhook's `secret`) — possibly deep inside
 * an array or a nested object, where tsoa 6's `Omit<>`/intersection types strip extras silently; or an answer shows
 * a partner fields its profile hides.
 *
 * Proven here, through a whole gateway, for every operation of every published spec with a JSON request body (each
 * spec's own request example as the base):
 * - an unknown property added to the body or to any object nested in it (arrays included) is a 400 problem+json whose
 *   `errors` name it by its whole path (`body.parties.0.ids.0.unexpectedField`): nothing is silently dropped;
 * - every property the operation's answer has and its request schema lacks (server-owned: ids, statuses,
 *   timestamps, secrets), and any property marked readOnly, is refused the same way when sent;
 * - the committed request schemas close every object (additionalProperties: false), so the contract says so too;
 * - a partner profile's hidden fields (initech: `order.items.unitPrice`) are absent from its answers and present in
 *   another partner's.
 * The array paths were wrong before gateway/tsoa-array-paths.ts (`body.ids.0.unexpectedField`, dropping
 * `parties.0.`); the "every nested object" test failed then.
 */
import assert from 'node:assert/strict';
import { startTestGateway, type TestGateway } from '../../support/gateway';
import { purchaseOrderNumber } from '../../support/orders';
import { assertProblem, clientFor, concretePath, publishedOperations, resolve, successSchema, type Schema, type SpecOperation } from './support';

const jsonBodyOperations = (): SpecOperation[] => publishedOperations().filter((operation) => operation.requestBody?.mediaType === 'application/json');

/** Every object in a value with its path (`[]` for the root; array elements by index). */
function objectsIn(value: unknown, at: string[] = []): string[][] {
  if (Array.isArray(value)) return value.flatMap((element, index) => objectsIn(element, [...at, String(index)]));
  if (value && typeof value === 'object') return [at, ...Object.entries(value).flatMap(([key, child]) => objectsIn(child, [...at, key]))];
  return [];
}

function at(value: unknown, path: readonly string[]): Record<string, unknown> {
  return path.reduce<any>((current, key) => current[key], value);
}

describe('OWASP API3:2023 broken object property level authorization', function () {
  this.timeout(60_000);
  let gateway: TestGateway;

  before(async () => {
    gateway = await startTestGateway();
  });
  after(async () => {
    await gateway?.stop();
  });

  async function send(operation: SpecOperation, body: unknown) {
    const client = clientFor(operation);
    assert.ok(client, `a configured client may call ${operation.name}`);
    const agent = await gateway.as(client.id);
    return (agent as any)[operation.method](concretePath(operation, {}, '1000001')).send(body);
  }

  function assertNamed(response: any, field: string, what: string): void {
    const problem = assertProblem(response, 400, what);
    assert.equal(problem.code, 'ERR_VALIDATION', what);
    const names = (problem.errors ?? []).map((error: { name: string }) => error.name);
    assert.ok(names.includes(field), `${what}: errors name ${field} (named: ${names.join(', ')})`);
  }

  it('has JSON request bodies to test, each with an example, and every object of their schemas closed', () => {
    const operations = jsonBodyOperations();
    assert.ok(operations.length >= 10, `found ${operations.length}`);
    for (const operation of operations) {
      assert.ok(operation.requestBody?.example, `${operation.name} has a request example`);
      const seen = new Set<Schema>();
      const walk = (schema: Schema | undefined, where: string): void => {
        const resolved = resolve(operation, schema);
        if (!resolved || seen.has(resolved)) return;
        seen.add(resolved);
        if (resolved.type === 'object' || resolved.properties) assert.equal(resolved.additionalProperties, false, `${operation.name}: ${where} is closed`);
        for (const [name, property] of Object.entries(resolved.properties ?? {})) walk(property, `${where}.${name}`);
        walk(resolved.items, `${where}[]`);
        for (const member of [...(resolved.anyOf ?? []), ...(resolved.allOf ?? []), ...(resolved.oneOf ?? [])]) walk(member, where);
      };
      walk(operation.requestBody!.schema, 'body');
    }
  });

  it('refuses an unknown property in every body and in every object nested in it, naming its whole path', async () => {
    for (const operation of jsonBodyOperations()) {
      const example = operation.requestBody!.example;
      for (const path of objectsIn(example)) {
        const body = structuredClone(example);
        at(body, path).unexpectedField = 'set me';
        const field = ['body', ...path, 'unexpectedField'].join('.');
        assertNamed(await send(operation, body), field, `${operation.name} with ${field}`);
      }
    }
  });

  it('refuses every server-owned property (in the answer, not in the request schema) and every readOnly one', async () => {
    let tried = 0;
    for (const operation of jsonBodyOperations()) {
      const requestSchema = resolve(operation, operation.requestBody!.schema)!;
      const answer = successSchema(operation);
      const serverOwned = Object.keys(answer?.properties ?? {}).filter((name) => !(name in (requestSchema.properties ?? {})));
      const readOnly = Object.entries(requestSchema.properties ?? {}).filter(([, property]) => resolve(operation, property)?.readOnly).map(([name]) => name);
      for (const name of [...serverOwned, ...readOnly]) {
        const body = { ...(operation.requestBody!.example as object), [name]: name === 'id' ? 'ord_00000000000000000000000000000000' : 'SHIPPED' };
        assertNamed(await send(operation, body), `body.${name}`, `${operation.name} setting ${name}`);
        tried += 1;
      }
    }
    assert.ok(tried >= 20, `server-owned properties tried: ${tried}`);
  });

  it('hides the fields a partner profile hides (initech: unit prices), and only for that partner', async () => {
    const place = async (clientId: string) => {
      const agent = await gateway.as(clientId);
      const placed = await agent.post('/partner/customers/v2/orders').send({ customerReference: purchaseOrderNumber('API3'), items: [{ lineNumber: '1', sku: 'TG-10001', quantity: { value: '1', unit: 'CS' }, expectedUnitPrice: { amount: '1.00', currency: 'USD' } }] }).expect(201);
      return { placed: placed.body, read: (await agent.get(`/partner/customers/v2/orders/${placed.body.id}`).expect(200)).body };
    };
    const initech = await place('initech-dev');
    const globex = await place('globex-dev');
    for (const answer of [initech.placed, initech.read]) {
      for (const item of answer.items as Array<Record<string, unknown>>) {
        for (const hidden of ['unitPrice', 'expectedUnitPrice', 'priceDiffers']) assert.ok(!(hidden in item), `initech never sees items[].${hidden}: ${JSON.stringify(item)}`);
      }
    }
    assert.ok((globex.placed.items as Array<Record<string, unknown>>).some((item) => 'expectedUnitPrice' in item), 'globex sees its expected prices (the field exists)');
  });
});
