/**
 * The $filter subset the sandbox supports, parsed by recursive descent and checked against the entity type:
 * `eq`/`ne` against literals, `and`, `or`, parentheses, `substringof('x',Prop)`, `startswith(Prop,'x')`.
 */
import { badRequest } from './errors';
import type { EntitySetDef, ODataRecord, PropertyDef } from './model';
import { describeToken, ODataSyntaxError, tokenize, TokenStream, type Token } from './tokenizer';

export type FilterLiteral = { type: 'string'; value: string } | { type: 'number'; value: number } | { type: 'boolean'; value: boolean };

export type FilterNode =
  | { kind: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'compare'; operator: 'eq' | 'ne'; property: PropertyDef; literal: FilterLiteral }
  | { kind: 'substringof' | 'startswith'; property: PropertyDef; value: string; expected: boolean };

type Operand =
  | { kind: 'property'; property: PropertyDef; position: number }
  | { kind: 'literal'; literal: FilterLiteral | null; position: number }
  | { kind: 'call'; node: FilterNode; position: number };

/** Deeper nesting than this is refused rather than risking the stack on hostile input. */
const MAX_DEPTH = 40;
/** Far above what a URL can carry through Node's 16 KB header limit; only a guard for direct callers. */
const MAX_LENGTH = 16_000;
const SUPPORTED_OPERATORS = new Set(['eq', 'ne']);
const OTHER_OPERATORS = new Set(['gt', 'ge', 'lt', 'le', 'add', 'sub', 'mul', 'div', 'mod']);

class FilterParser {
  private readonly stream: TokenStream;

  constructor(
    source: string,
    private readonly set: EntitySetDef,
  ) {
    this.stream = new TokenStream(tokenize(source));
  }

  parse(): FilterNode {
    const node = this.parseOr(0);
    this.stream.expectEnd();
    return node;
  }

  private parseOr(depth: number): FilterNode {
    let left = this.parseAnd(depth);
    while (this.stream.isAt('name', 'or')) {
      this.stream.next();
      left = { kind: 'or', left, right: this.parseAnd(depth) };
    }
    return left;
  }

  private parseAnd(depth: number): FilterNode {
    let left = this.parseTerm(depth);
    while (this.stream.isAt('name', 'and')) {
      this.stream.next();
      left = { kind: 'and', left, right: this.parseTerm(depth) };
    }
    return left;
  }

  private parseTerm(depth: number): FilterNode {
    if (depth > MAX_DEPTH) throw new ODataSyntaxError('Expression nested too deeply', this.stream.peek().position);
    const token = this.stream.peek();
    if (token.kind === 'punct' && token.value === '(') {
      this.stream.next();
      const inner = this.parseOr(depth + 1);
      this.stream.expectPunct(')');
      return inner;
    }
    if (token.kind === 'name' && token.value === 'not') throw new ODataSyntaxError("Operator 'not' is not supported", token.position);
    return this.parseComparison();
  }

  private parseComparison(): FilterNode {
    const left = this.parseOperand();
    const operatorToken = this.stream.peek();
    if (operatorToken.kind === 'name' && (SUPPORTED_OPERATORS.has(operatorToken.value) || OTHER_OPERATORS.has(operatorToken.value))) {
      if (!SUPPORTED_OPERATORS.has(operatorToken.value)) throw new ODataSyntaxError(`Operator '${operatorToken.value}' is not supported`, operatorToken.position);
      this.stream.next();
      const right = this.parseOperand();
      return this.comparison(left, operatorToken.value as 'eq' | 'ne', right, operatorToken.position);
    }
    if (left.kind === 'call') return left.node;
    throw new ODataSyntaxError(`Expected a comparison operator after the operand but found ${describeToken(operatorToken)}`, operatorToken.position);
  }

  private comparison(left: Operand, operator: 'eq' | 'ne', right: Operand, position: number): FilterNode {
    // `substringof('x',Prop) eq true` is the long form of the bare function call.
    if (left.kind === 'call' && right.kind === 'literal' && right.literal?.type === 'boolean') {
      const call = left.node as Extract<FilterNode, { kind: 'substringof' | 'startswith' }>;
      return { ...call, expected: (operator === 'eq') === right.literal.value };
    }
    const [property, literal] = left.kind === 'property' && right.kind === 'literal' ? [left, right] : left.kind === 'literal' && right.kind === 'property' ? [right, left] : [undefined, undefined];
    if (!property || !literal) throw new ODataSyntaxError('A comparison needs one property and one literal', position);
    if (literal.literal === null) throw new ODataSyntaxError('Comparisons with null are not supported', literal.position);
    checkLiteralType(property.property, literal.literal, literal.position);
    return { kind: 'compare', operator, property: property.property, literal: literal.literal };
  }

  private parseOperand(): Operand {
    const token = this.stream.next();
    switch (token.kind) {
      case 'string':
        return { kind: 'literal', literal: { type: 'string', value: token.value }, position: token.position };
      case 'number':
        return { kind: 'literal', literal: { type: 'number', value: token.value }, position: token.position };
      case 'name':
        if (token.value === 'true' || token.value === 'false') return { kind: 'literal', literal: { type: 'boolean', value: token.value === 'true' }, position: token.position };
        if (token.value === 'null') return { kind: 'literal', literal: null, position: token.position };
        if (this.stream.isAt('punct', '(')) return { kind: 'call', node: this.parseCall(token), position: token.position };
        return { kind: 'property', property: this.property(token), position: token.position };
      default:
        throw new ODataSyntaxError(`Expected a property, literal or function but found ${describeToken(token)}`, token.position);
    }
  }

  private parseCall(nameToken: Extract<Token, { kind: 'name' }>): FilterNode {
    const name = nameToken.value;
    if (name !== 'substringof' && name !== 'startswith') throw new ODataSyntaxError(`Function '${name}' is not supported`, nameToken.position);
    this.stream.expectPunct('(');
    const first = this.stream.next();
    this.stream.expectPunct(',');
    const second = this.stream.next();
    this.stream.expectPunct(')');
    // substringof(needle, Property) but startswith(Property, prefix): the V2 argument orders differ.
    const [literalToken, propertyToken] = name === 'substringof' ? [first, second] : [second, first];
    if (literalToken.kind !== 'string') throw new ODataSyntaxError(`${name} expects a string literal but found ${describeToken(literalToken)}`, literalToken.position);
    if (propertyToken.kind !== 'name') throw new ODataSyntaxError(`${name} expects a property but found ${describeToken(propertyToken)}`, propertyToken.position);
    const property = this.property(propertyToken);
    if (property.type !== 'Edm.String') throw new ODataSyntaxError(`${name} needs an Edm.String property; ${property.name} is ${property.type}`, propertyToken.position);
    return { kind: name, property, value: literalToken.value, expected: true };
  }

  private property(token: Extract<Token, { kind: 'name' }>): PropertyDef {
    const property = this.set.properties.find((candidate) => candidate.name === token.value);
    if (!property) throw new ODataSyntaxError(`Property '${token.value}' not found in type '${this.set.typeName}'`, token.position);
    return property;
  }
}

function checkLiteralType(property: PropertyDef, literal: FilterLiteral, position: number): void {
  const expected: Record<PropertyDef['type'], FilterLiteral['type'] | undefined> = {
    'Edm.String': 'string',
    'Edm.Decimal': 'number',
    'Edm.Boolean': 'boolean',
    'Edm.DateTime': undefined,
  };
  const wanted = expected[property.type];
  if (wanted === undefined) throw new ODataSyntaxError(`Filtering on ${property.type} property '${property.name}' is not supported`, position);
  if (literal.type !== wanted) throw new ODataSyntaxError(`Property '${property.name}' is ${property.type}; a ${literal.type} literal cannot be compared with it`, position);
}

/** Parses `$filter` text against an entity set; a bad filter throws a 400 ODataError naming the problem. */
export function parseFilter(source: string, set: EntitySetDef): FilterNode {
  if (source.length > MAX_LENGTH) throw badRequest(`Invalid $filter: longer than ${MAX_LENGTH} characters`);
  if (source.trim() === '') throw badRequest('Invalid $filter: the expression is empty');
  try {
    return new FilterParser(source, set).parse();
  } catch (error) {
    if (error instanceof ODataSyntaxError) throw badRequest(`Invalid $filter: ${error.message}`);
    throw error;
  }
}

function valueMatches(property: PropertyDef, literal: FilterLiteral, value: unknown): boolean {
  switch (literal.type) {
    case 'string':
      return value === literal.value;
    case 'boolean':
      return value === literal.value;
    case 'number':
      // Edm.Decimal values are strings ("12.50"): compared as numbers, so 12.5 matches.
      return (typeof value === 'string' || typeof value === 'number') && value !== '' && Number(value) === literal.value && property.type === 'Edm.Decimal';
  }
}

/** Whether a row satisfies a parsed filter. */
export function matchesFilter(node: FilterNode, record: ODataRecord): boolean {
  switch (node.kind) {
    case 'and':
      return matchesFilter(node.left, record) && matchesFilter(node.right, record);
    case 'or':
      return matchesFilter(node.left, record) || matchesFilter(node.right, record);
    case 'compare': {
      const equal = valueMatches(node.property, node.literal, record[node.property.name]);
      return node.operator === 'eq' ? equal : !equal;
    }
    case 'substringof':
    case 'startswith': {
      const value = record[node.property.name];
      const text = typeof value === 'string' ? value : '';
      // Case-sensitive, as SAP's database-backed filters are.
      const found = node.kind === 'substringof' ? text.includes(node.value) : text.startsWith(node.value);
      return found === node.expected;
    }
  }
}
