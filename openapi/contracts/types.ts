/**
 * The contract-governance vocabulary shared by the diff engine, the contracts CLI, the `check` gate in `npm test`
 * and the portal's changelog pages.
 */

/** What kind of difference a change is. Breaking kinds break an existing client of the older contract. */
export type ChangeKind =
  | 'path-removed'
  | 'operation-removed'
  | 'operation-added'
  | 'path-added'
  | 'response-field-removed'
  | 'response-field-added'
  | 'request-field-required'
  | 'request-field-added'
  | 'request-field-removed'
  | 'parameter-required'
  | 'parameter-added'
  | 'parameter-removed'
  | 'type-changed'
  | 'enum-narrowed'
  | 'enum-widened'
  | 'constraint-tightened'
  | 'constraint-loosened'
  | 'scope-changed'
  | 'scope-added'
  | 'success-status-changed'
  | 'media-type-removed'
  | 'media-type-added'
  | 'response-added'
  | 'description-changed'
  | 'other';

export interface ContractChange {
  /** JSON pointer into the NEWER spec where the change shows (into the older one for removals). */
  pointer: string;
  kind: ChangeKind;
  breaking: boolean;
  /** One sentence for people: what changed, naming the operation and field. */
  message: string;
}

/** An OpenAPI 3.0 document as parsed JSON; the diff reads it structurally. */
export type OpenApiDocument = Record<string, unknown> & { openapi: string; paths: Record<string, Record<string, unknown>> };

/** A released baseline of one API version, kept under openapi/released/. */
export interface ReleasedBaseline {
  /** Catalog id of the version, e.g. `partner/customers/v1`. */
  id: string;
  /** Release name: the ISO date, with `-2`, `-3`... for several releases on one day. */
  release: string;
  /** Path relative to the project root: `openapi/released/partner/customers/v1/2026-11-28.json`. */
  file: string;
}
