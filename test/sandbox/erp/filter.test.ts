/** The $filter subset: tokenizer and recursive-descent parser, type checks against the entity type, evaluation. */
import assert from 'node:assert/strict';
import { matchesFilter, parseFilter } from '../../../sandbox/erp/odata/filter';
import { ODataError } from '../../../sandbox/erp/odata/errors';
import { edm, type EntitySetDef, type ODataRecord } from '../../../sandbox/erp/odata/model';
import { tokenize } from '../../../sandbox/erp/odata/tokenizer';

const customers: EntitySetDef = {
  name: 'A_Customer',
  typeName: 'A_CustomerType',
  keys: ['Customer'],
  properties: [edm.string('Customer'), edm.string('CustomerName'), edm.string('Region'), edm.decimal('Weight', 13, 3), edm.boolean('DeletionIndicator'), edm.date('CreationDate')],
  navigations: [],
  rows: () => [],
};

const rows: ODataRecord[] = [
  { Customer: '1', CustomerName: "O'Neil Supply", Region: 'OH', Weight: '1.500', DeletionIndicator: false },
  { Customer: '2', CustomerName: 'Acme Hospitality', Region: 'TX', Weight: '2.000', DeletionIndicator: true },
  { Customer: '3', CustomerName: 'Globex Facilities', Region: 'OH', Weight: '12.50', DeletionIndicator: false },
];

function select(filter: string): string[] {
  const node = parseFilter(filter, customers);
  return rows.filter((row) => matchesFilter(node, row)).map((row) => row.Customer as string);
}

function rejects(filter: string, pattern: RegExp): void {
  assert.throws(
    () => parseFilter(filter, customers),
    (error: unknown) => error instanceof ODataError && error.status === 400 && pattern.test(error.message),
    `expected ${JSON.stringify(filter)} to be refused with ${pattern}`,
  );
}

describe('sandbox ERP $filter', () => {
  it('tokenizes doubled quotes inside literals as one quote', () => {
    const [literal] = tokenize("'O''Neil'''");
    assert.deepEqual(literal, { kind: 'string', value: "O'Neil'", position: 0 });
  });

  it('compares with eq and ne', () => {
    assert.deepEqual(select("Region eq 'OH'"), ['1', '3']);
    assert.deepEqual(select("Region ne 'OH'"), ['2']);
    assert.deepEqual(select("'TX' eq Region"), ['2']);
  });

  it('reads literals with doubled quotes', () => {
    assert.deepEqual(select("CustomerName eq 'O''Neil Supply'"), ['1']);
  });

  it('binds and tighter than or, and honours parentheses', () => {
    assert.deepEqual(select("Region eq 'TX' or Region eq 'OH' and Customer eq '3'"), ['2', '3']);
    assert.deepEqual(select("(Region eq 'TX' or Region eq 'OH') and Customer eq '3'"), ['3']);
    assert.deepEqual(select("((Customer eq '1') or (Customer eq '2'))"), ['1', '2']);
  });

  it('supports substringof and startswith, bare and with eq true/false', () => {
    assert.deepEqual(select("substringof('Hospital',CustomerName)"), ['2']);
    assert.deepEqual(select("startswith(CustomerName,'Glo')"), ['3']);
    assert.deepEqual(select("substringof('Supply',CustomerName) eq false"), ['2', '3']);
    assert.deepEqual(select("startswith(CustomerName,'O''Neil') eq true"), ['1']);
    // Case-sensitive, as SAP's database filters are.
    assert.deepEqual(select("substringof('acme',CustomerName)"), []);
  });

  it('compares numbers without quotes with decimal properties, and booleans', () => {
    assert.deepEqual(select('Weight eq 12.5'), ['3']);
    assert.deepEqual(select('Weight ne 2'), ['1', '3']);
    assert.deepEqual(select('DeletionIndicator eq true'), ['2']);
  });

  it('refuses syntax errors with a position', () => {
    rejects("Region eq 'OH", /Unterminated string literal at position 10/);
    rejects("Region eq 'OH' and", /end of expression/);
    rejects("(Region eq 'OH'", /Expected '\)'/);
    rejects("Region eq 'OH')", /Unexpected '\)'/);
    rejects("Region 'OH'", /comparison operator/);
    rejects('', /empty/);
    rejects("Region eq 'OH' ; drop", /Unexpected character ';'/);
  });

  it('refuses what the subset does not have', () => {
    rejects("Region gt 'A'", /Operator 'gt' is not supported/);
    rejects("not (Region eq 'OH')", /'not' is not supported/);
    rejects("tolower(Region) eq 'oh'", /Function 'tolower' is not supported/);
    rejects("CreationDate eq datetime'2025-01-01T00:00:00'", /Typed literal datetime/);
    rejects('Region eq null', /null/);
    rejects('Weight eq 12.5M', /Unsupported numeric literal/);
    rejects("to_Item/Material eq 'x'", /Unexpected character '\/'/);
  });

  it('refuses unknown properties and mismatched literal types', () => {
    rejects("Nope eq 'x'", /Property 'Nope' not found in type 'A_CustomerType'/);
    rejects('Region eq 5', /a number literal cannot be compared/);
    rejects("Weight eq '12.5'", /a string literal cannot be compared/);
    rejects("substringof('x',Weight)", /needs an Edm.String property/);
    rejects("substringof(CustomerName,'x')", /expects a string literal/);
    rejects("Region eq Customer", /one property and one literal/);
  });

  it('refuses hostile nesting instead of exhausting the stack', () => {
    rejects(`${'('.repeat(5000)}Region eq 'OH'${')'.repeat(5000)}`, /nested too deeply|longer than/);
    rejects(`${'('.repeat(100)}Region eq 'OH'${')'.repeat(100)}`, /nested too deeply/);
  });

  it('answers every random token soup with a result or a 400, never another error', () => {
    // A fixed-seed LCG keeps the soup the same on every run.
    let state = 12345;
    const random = (n: number): number => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state % n;
    };
    const pieces = ['Region', 'Weight', 'Nope', 'eq', 'ne', 'gt', 'and', 'or', 'not', '(', ')', ',', "'OH'", "'O''N'", "'", '12.5', '-3', 'true', 'null', 'substringof', 'startswith', ' ', '=', '/', 'x\'y'];
    for (let i = 0; i < 2000; i += 1) {
      const source = Array.from({ length: 1 + random(12) }, () => pieces[random(pieces.length)]).join(' ');
      try {
        const node = parseFilter(source, customers);
        rows.forEach((row) => matchesFilter(node, row));
      } catch (error) {
        assert.ok(error instanceof ODataError && error.status === 400, `${JSON.stringify(source)} threw ${String(error)}`);
      }
    }
  });
});
