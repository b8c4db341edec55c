/** OData V2 JSON: entities with `__metadata`, deferred or inline navigations, typed values, the `d` envelopes. */
import { findEntitySet, type EntitySetDef, type NavigationDef, type ODataRecord, type ODataService, type PropertyDef } from './model';
import type { ExpandTree } from './query-options';
import { formatODataDate } from './values';

export interface SerializeContext {
  /**
   * Absolute URL of the service root, e.g. http://127.0.0.1:4000/sap/opu/odata/sap/API_SALES_ORDER_SRV (with its
   * version for a later one: …/API_OUTBOUND_DELIVERY_SRV;v=0002).
   */
  serviceRoot: string;
  service: ODataService;
}

function formatValue(property: PropertyDef, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (property.type) {
    case 'Edm.DateTime':
      return typeof value === 'number' ? formatODataDate(value) : null;
    case 'Edm.Decimal':
      // Edm.Decimal travels as a string so no precision is lost in JSON numbers.
      return String(value);
    case 'Edm.Boolean':
      return value === true;
    case 'Edm.String':
      return String(value);
  }
}

/** A key value inside a URL: quotes doubled, then percent-encoded except the quotes themselves. */
function keyLiteral(value: unknown): string {
  return `'${encodeURIComponent(String(value ?? '').replace(/'/g, "''"))}'`;
}

/** `A_Customer('0010100001')` or `A_SalesOrderItem(SalesOrder='1000001',SalesOrderItem='10')`. */
export function entityPath(set: EntitySetDef, record: ODataRecord): string {
  if (set.keys.length === 1) return `${set.name}(${keyLiteral(record[set.keys[0] as string])})`;
  return `${set.name}(${set.keys.map((key) => `${key}=${keyLiteral(record[key])}`).join(',')})`;
}

export function entityUri(context: SerializeContext, set: EntitySetDef, record: ODataRecord): string {
  return `${context.serviceRoot}/${entityPath(set, record)}`;
}

/** The rows a navigation leads to, from its resolver or the record's inline field. */
export function navigate(navigation: NavigationDef, record: ODataRecord): readonly ODataRecord[] {
  if (navigation.resolve) return navigation.resolve(record);
  const inline = record[navigation.name];
  return Array.isArray(inline) ? (inline as ODataRecord[]) : [];
}

export function serializeEntity(context: SerializeContext, set: EntitySetDef, record: ODataRecord, expand: ExpandTree): Record<string, unknown> {
  const uri = entityUri(context, set, record);
  const metadata: Record<string, string> = { id: uri, uri, type: `${context.service.name}.${set.typeName}` };
  if (set.etag) metadata.etag = set.etag(record);
  const entity: Record<string, unknown> = { __metadata: metadata };
  for (const property of set.properties) entity[property.name] = formatValue(property, record[property.name]);
  for (const navigation of set.navigations) {
    const nested = expand.get(navigation.name);
    if (!nested) {
      entity[navigation.name] = { __deferred: { uri: `${uri}/${navigation.name}` } };
      continue;
    }
    const target = findEntitySet(context.service, navigation.target);
    if (!target) throw new TypeError(`navigation ${set.name}/${navigation.name} targets unknown set ${navigation.target}`);
    const related = navigate(navigation, record).map((row) => serializeEntity(context, target, row, nested));
    entity[navigation.name] = navigation.many ? { results: related } : (related[0] ?? null);
  }
  return entity;
}

/** A complex-type value (function import results): typed properties and a `__metadata` with the type only. */
export function serializeComplex(namespace: string, typeName: string, properties: readonly PropertyDef[], record: ODataRecord): Record<string, unknown> {
  const value: Record<string, unknown> = { __metadata: { type: `${namespace}.${typeName}` } };
  for (const property of properties) value[property.name] = formatValue(property, record[property.name]);
  return value;
}

export function collectionEnvelope(results: readonly unknown[], count?: number): { d: Record<string, unknown> } {
  // __count is a string in OData V2 JSON.
  return { d: count === undefined ? { results } : { results, __count: String(count) } };
}

export function entityEnvelope(entity: unknown): { d: unknown } {
  return { d: entity };
}
