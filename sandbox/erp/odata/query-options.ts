/** System query options ($filter, $top, $skip, $orderby, $inlinecount, $expand, $select, $format) read and checked. */
import { badRequest } from './errors';
import { parseFilter, type FilterNode } from './filter';
import { findEntitySet, type EntitySetDef, type ODataService, type PropertyDef } from './model';

/** Navigation name → what to expand below it. */
export type ExpandTree = ReadonlyMap<string, ExpandTree>;

export interface OrderBy {
  property: PropertyDef;
  descending: boolean;
}

export interface QueryOptions {
  filter?: FilterNode;
  orderBy: readonly OrderBy[];
  top?: number;
  skip: number;
  inlineCount: boolean;
  expand: ExpandTree;
}

export const NO_EXPAND: ExpandTree = new Map();

/** Options a real OData V2 server knows; `$select` and `$skiptoken` are accepted and ignored. */
const KNOWN_OPTIONS = new Set(['$filter', '$top', '$skip', '$orderby', '$inlinecount', '$expand', '$select', '$format', '$skiptoken']);
const MAX_EXPAND_PATHS = 20;
const ORDER_BY_ITEM = /^([A-Za-z_][A-Za-z0-9_]*)(?:\s+(asc|desc))?$/;

/** The URL's query parameters, each at most once; custom parameters (`sap-client`) pass through unchecked. */
export function readQueryParameters(search: string): Map<string, string> {
  const parameters = new Map<string, string>();
  for (const [name, value] of new URLSearchParams(search)) {
    if (name.startsWith('$') && !KNOWN_OPTIONS.has(name)) throw badRequest(`System query option '${name}' is not supported`);
    if (parameters.has(name)) throw badRequest(`Query option '${name}' given more than once`);
    parameters.set(name, value);
  }
  const format = parameters.get('$format');
  // The sandbox answers JSON only; a real system would also speak Atom XML.
  if (format !== undefined && format !== 'json') throw badRequest(`$format '${format}' is not supported by the sandbox (use json)`);
  return parameters;
}

function nonNegativeInteger(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  // $skip and $top are Edm.Int32 in OData V2 (any non-negative int32 is a fine $skip past the end of the set); the
  // ERP system API's `offset` goes up to the int32 maximum, so the sandbox must take all of it, as SAP does.
  if (!/^\d{1,10}$/.test(value) || Number(value) > 2_147_483_647) throw badRequest(`${name} must be a non-negative integer, not '${value}'`);
  return Number(value);
}

function parseOrderBy(text: string | undefined, set: EntitySetDef): OrderBy[] {
  if (text === undefined) return [];
  return text.split(',').map((item) => {
    const match = ORDER_BY_ITEM.exec(item.trim());
    if (!match) throw badRequest(`Invalid $orderby item '${item.trim()}'`);
    const property = set.properties.find((candidate) => candidate.name === match[1]);
    if (!property) throw badRequest(`Invalid $orderby: property '${match[1]}' not found in type '${set.typeName}'`);
    return { property, descending: match[2] === 'desc' };
  });
}

/** `to_Item,to_Partner` / `to_CustomerSalesArea/to_PartnerFunction` → a tree, every step checked against the model. */
export function parseExpand(paths: readonly string[], set: EntitySetDef, service: ODataService): ExpandTree {
  if (paths.length > MAX_EXPAND_PATHS) throw badRequest(`$expand lists more than ${MAX_EXPAND_PATHS} paths`);
  const root = new Map<string, Map<string, unknown>>();
  for (const path of paths) {
    let current = root;
    let currentSet = set;
    for (const step of path.trim().split('/')) {
      const navigation = currentSet.navigations.find((candidate) => candidate.name === step);
      if (!navigation) throw badRequest(`Invalid $expand: navigation property '${step}' not found in type '${currentSet.typeName}'`);
      const target = findEntitySet(service, navigation.target);
      if (!target) throw new TypeError(`navigation ${currentSet.name}/${step} targets unknown set ${navigation.target}`);
      let child = current.get(step) as Map<string, Map<string, unknown>> | undefined;
      if (!child) {
        child = new Map();
        current.set(step, child);
      }
      current = child;
      currentSet = target;
    }
  }
  return root as unknown as ExpandTree;
}

export function parseQueryOptions(parameters: ReadonlyMap<string, string>, set: EntitySetDef, service: ODataService): QueryOptions {
  const filterText = parameters.get('$filter');
  const inlineCount = parameters.get('$inlinecount');
  if (inlineCount !== undefined && inlineCount !== 'allpages' && inlineCount !== 'none') {
    throw badRequest(`$inlinecount must be 'allpages' or 'none', not '${inlineCount}'`);
  }
  const expandText = parameters.get('$expand');
  return {
    filter: filterText === undefined ? undefined : parseFilter(filterText, set),
    orderBy: parseOrderBy(parameters.get('$orderby'), set),
    top: nonNegativeInteger('$top', parameters.get('$top')),
    skip: nonNegativeInteger('$skip', parameters.get('$skip')) ?? 0,
    inlineCount: inlineCount === 'allpages',
    expand: expandText === undefined || expandText.trim() === '' ? NO_EXPAND : parseExpand(expandText.split(','), set, service),
  };
}
