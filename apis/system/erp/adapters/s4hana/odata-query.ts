/**
 * OData V2 URLs built safely: string literals quoted with their single quotes doubled (so a value can never end the
 * literal and inject a clause), property names checked, and every value percent-encoded into the URL.
 */

const PROPERTY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** An OData string literal: `O'Neil` → `'O''Neil'`. The one way a caller's text reaches a `$filter` or a key. */
export function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function property(name: string): string {
  // Property names come from this adapter's code, never from a caller: a bad one is a bug, not a request error.
  if (!PROPERTY.test(name)) throw new TypeError(`not an OData property name: ${JSON.stringify(name)}`);
  return name;
}

/** `Prop eq 'value'`. */
export function eq(name: string, value: string): string {
  return `${property(name)} eq ${quoteLiteral(value)}`;
}

/** Clauses joined with `and`, each parenthesised when it is itself a compound. */
export function and(...clauses: string[]): string {
  return join('and', clauses);
}

/** Clauses joined with `or`, each parenthesised when it is itself a compound. */
export function or(...clauses: string[]): string {
  return join('or', clauses);
}

/** `Prop eq 'a' or Prop eq 'b' …` for every value (deduplicated), parenthesised. */
export function anyOf(name: string, values: readonly string[]): string {
  return or(...[...new Set(values)].map((value) => eq(name, value)));
}

function join(operator: 'and' | 'or', clauses: string[]): string {
  if (clauses.length === 0) throw new TypeError(`${operator} needs at least one clause`);
  if (clauses.length === 1) return clauses[0] as string;
  return clauses.map((clause) => (isCompound(clause) ? `(${clause})` : clause)).join(` ${operator} `);
}

/** Whether a clause has an `and`/`or` of its own, outside its string literals. */
function isCompound(clause: string): boolean {
  return /\s(and|or)\s/.test(clause.replace(/'(?:[^']|'')*'/g, "''"));
}

/**
 * An entity's address: `A_SalesOrder('1000001')`. The literal keeps its quotes and parentheses readable; everything
 * else a caller could put in a key (`/`, `?`, `#`, `%`, spaces) is percent-encoded.
 */
export function entityPath(entitySet: string, key: string): string {
  return `${property(entitySet)}(${encodeURIComponent(quoteLiteral(key))})`;
}

/** The system query options this adapter uses. */
export interface ODataQuery {
  filter?: string;
  top?: number;
  skip?: number;
  /** `$inlinecount=allpages`: the collection answers its total as `__count`. */
  count?: boolean;
  /** Navigation paths, `/` for nested (`to_CustomerSalesArea/to_PartnerFunction`). */
  expand?: string[];
  select?: string[];
  /** One property and a direction: `Product asc`. */
  orderBy?: string;
  /** Function import parameters, already formatted as literals (`quoteLiteral`). */
  parameters?: Record<string, string>;
}

/**
 * The query string of a request (without `?`). Keys stay literal (`$filter`); values are encoded with
 * `encodeURIComponent` (spaces as `%20`, which every OData server reads; `+` would be ambiguous).
 */
export function queryString(query: ODataQuery, extra: Record<string, string> = {}): string {
  const pairs: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(query.parameters ?? {})) pairs.push([property(name), value]);
  if (query.filter !== undefined) pairs.push(['$filter', query.filter]);
  if (query.orderBy !== undefined) pairs.push(['$orderby', query.orderBy]);
  if (query.top !== undefined) pairs.push(['$top', String(query.top)]);
  if (query.skip !== undefined) pairs.push(['$skip', String(query.skip)]);
  if (query.count) pairs.push(['$inlinecount', 'allpages']);
  if (query.expand?.length) pairs.push(['$expand', query.expand.join(',')]);
  if (query.select?.length) pairs.push(['$select', query.select.join(',')]);
  for (const [name, value] of Object.entries(extra)) pairs.push([name, value]);
  return pairs.map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('&');
}
