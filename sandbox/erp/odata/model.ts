/** The shapes a sandbox OData V2 service is declared with: properties, entity sets, navigations, function imports. */

export type EdmType = 'Edm.String' | 'Edm.Decimal' | 'Edm.DateTime' | 'Edm.Boolean';

export interface PropertyDef {
  name: string;
  type: EdmType;
  /** Edm.String: the SAP field length, published in $metadata. */
  maxLength?: number;
  /** Edm.Decimal: total digits and digits after the point, published in $metadata. */
  precision?: number;
  scale?: number;
  /** Edm.DateTime holding a calendar date (midnight UTC): SAP marks these `sap:display-format="Date"`. */
  dateOnly?: boolean;
}

/**
 * A row as a service hands it to the serializer: Edm.String and Edm.Decimal as strings, Edm.DateTime as epoch
 * milliseconds (or null), Edm.Boolean as booleans. Fields that are not declared properties are never serialized as
 * properties; an array under a navigation's name is that navigation's inline content (see NavigationDef.resolve).
 */
export type ODataRecord = { readonly [name: string]: unknown };

export interface NavigationDef {
  name: string;
  /** Name of the entity set (in the same service) the navigation leads to. */
  target: string;
  many: boolean;
  /**
   * The related rows. Without it the rows are read from the record's own field of the navigation's name, which is how
   * answers built on the fly (the simulation, which stores nothing) carry their items.
   */
  resolve?: (record: ODataRecord) => readonly ODataRecord[];
}

/** What a POST to an entity set produced: the new row, and the navigations to answer inline. */
export interface CreatedEntity {
  record: ODataRecord;
  /** Navigation paths (`to_Item`, `to_Item/to_PricingElement`) answered expanded, as a deep insert's response is. */
  expand: readonly string[];
}

export interface EntitySetDef {
  /** Entity set name, e.g. `A_Customer`. */
  name: string;
  /** Entity type name within the service's namespace, e.g. `A_CustomerType`. */
  typeName: string;
  /** Key properties in key order; all keys are Edm.String, as in the SAP APIs served. */
  keys: readonly string[];
  properties: readonly PropertyDef[];
  navigations: readonly NavigationDef[];
  /** Every row, in key order. */
  rows: () => readonly ODataRecord[];
  /** A faster lookup by key values; without it the rows are scanned. */
  find?: (key: Readonly<Record<string, string>>) => ODataRecord | undefined;
  /** Handles `POST {set}`; absent means the set is read-only. Throws ODataError for a bad request. */
  create?: (body: unknown) => CreatedEntity;
  /**
   * The entity's ETag (`W/"..."`), for sets whose entities change after creation: answered as `__metadata.etag` and,
   * for a single entity, as the `ETag` header. Actions on such an entity compare it with their `If-Match`.
   */
  etag?: (record: ODataRecord) => string;
}

export interface ComplexTypeDef {
  name: string;
  properties: readonly PropertyDef[];
}

export interface FunctionParameterDef {
  name: string;
  maxLength?: number;
}

/** What a function import is called with besides its parameters. */
export interface FunctionImportCall {
  /** The request's `If-Match` header (an ETag or `*`), for actions that change an entity. */
  ifMatch?: string;
}

/**
 * A function import: a GET answering a collection of a complex type (a read, like DetermineAvailabilityOf), or a POST
 * answering one entity of a set (an action, like PostGoodsIssue; CSRF-protected as every POST is).
 */
export interface FunctionImportDef {
  name: string;
  /** `GET` (the default) or `POST`; called with the other method it answers 405. */
  httpMethod?: 'GET' | 'POST';
  /** Edm.String parameters, all required. */
  parameters: readonly FunctionParameterDef[];
  /** What it answers: a collection of this complex type, or the one entity of this entity set. */
  returns: { complexType: string } | { entitySet: string };
  /** The results: the collection, or for an entity set a list holding the one entity. */
  invoke: (parameters: Readonly<Record<string, string>>, call: FunctionImportCall) => readonly ODataRecord[];
}

export interface ODataService {
  /** Technical service name: the folder under the OData root and the schema namespace, e.g. `API_BUSINESS_PARTNER`. */
  name: string;
  /**
   * Service version, 1 by default. A later version is addressed with a matrix parameter on the folder,
   * `API_OUTBOUND_DELIVERY_SRV;v=0002` (SAP Gateway also reads `;v=2`); the folder without one is version 1.
   */
  version?: number;
  entitySets: readonly EntitySetDef[];
  complexTypes?: readonly ComplexTypeDef[];
  functionImports?: readonly FunctionImportDef[];
}

/** The entity set of a service by name, or undefined. */
export function findEntitySet(service: ODataService, name: string): EntitySetDef | undefined {
  return service.entitySets.find((set) => set.name === name);
}

/** A record field as a string ('' when absent): key and Edm.String values. */
export function text(record: ODataRecord, name: string): string {
  const value = record[name];
  return typeof value === 'string' ? value : '';
}

/** Property declarations in one line each, as the services list them. */
export const edm = {
  string: (name: string, maxLength?: number): PropertyDef => ({ name, type: 'Edm.String', maxLength }),
  decimal: (name: string, precision: number, scale: number): PropertyDef => ({ name, type: 'Edm.Decimal', precision, scale }),
  date: (name: string): PropertyDef => ({ name, type: 'Edm.DateTime', dateOnly: true }),
  dateTime: (name: string): PropertyDef => ({ name, type: 'Edm.DateTime' }),
  boolean: (name: string): PropertyDef => ({ name, type: 'Edm.Boolean' }),
};

/** An index of rows by a key built from some of their fields, for navigation resolvers. */
export function groupBy(rows: readonly ODataRecord[], ...fields: string[]): ReadonlyMap<string, readonly ODataRecord[]> {
  const groups = new Map<string, ODataRecord[]>();
  for (const row of rows) {
    const key = fields.map((field) => text(row, field)).join('|');
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}
