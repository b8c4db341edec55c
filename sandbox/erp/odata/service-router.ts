/**
 * Dispatches a request under the OData root to its service (and version): service document, $metadata, collections
 * with query options, entities by key, navigations, $count, function imports (GET reads, POST actions) and creates.
 */
import type { Request, RequestHandler, Response } from 'express';
import { badRequest, ERROR_CODES, notFound, ODataError } from './errors';
import { matchesFilter } from './filter';
import { metadataXml } from './metadata';
import type { EntitySetDef, FunctionImportDef, ODataRecord, ODataService, PropertyDef } from './model';
import { NO_EXPAND, parseExpand, parseQueryOptions, readQueryParameters, type QueryOptions } from './query-options';
import { parseResourcePath, type KeyPredicate } from './resource-path';
import { collectionEnvelope, entityEnvelope, entityUri, navigate, serializeComplex, serializeEntity, type SerializeContext } from './serializer';
import { ODataSyntaxError, tokenize } from './tokenizer';

function rawQuery(req: Request): string {
  const index = req.originalUrl.indexOf('?');
  return index < 0 ? '' : req.originalUrl.slice(index + 1);
}

function sendJson(res: Response, status: number, body: unknown): void {
  res.status(status).setHeader('dataserviceversion', '2.0');
  res.json(body);
}

/** The key values of a predicate, checked against the set's key properties. */
function keyValues(set: EntitySetDef, key: KeyPredicate, segment: string): Record<string, string> {
  if (key.kind === 'positional') {
    if (set.keys.length !== 1) throw badRequest(`'${segment}': ${set.name} has a composite key (${set.keys.join(', ')}); name each part`);
    return { [set.keys[0] as string]: key.value };
  }
  const names = Object.keys(key.values);
  const missing = set.keys.filter((name) => !names.includes(name));
  const unknown = names.filter((name) => !set.keys.includes(name));
  if (missing.length > 0 || unknown.length > 0) throw badRequest(`'${segment}': the key of ${set.name} is (${set.keys.join(', ')})`);
  return { ...key.values };
}

function findRow(set: EntitySetDef, key: Readonly<Record<string, string>>): ODataRecord | undefined {
  if (set.find) return set.find(key);
  return set.rows().find((row) => set.keys.every((name) => row[name] === key[name]));
}

function compareValues(property: PropertyDef, left: unknown, right: unknown): number {
  if (left === right) return 0;
  if (left === null || left === undefined) return -1;
  if (right === null || right === undefined) return 1;
  // Decimals (strings in the records) sort by value; strings by code unit, as a binary database collation does.
  if (property.type === 'Edm.Decimal') return Number(left) - Number(right);
  if (typeof left === 'number' && typeof right === 'number') return left - right;
  if (typeof left === 'boolean' && typeof right === 'boolean') return Number(left) - Number(right);
  const a = String(left);
  const b = String(right);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Filter, count, order and page rows as the options say. */
function applyOptions(rows: readonly ODataRecord[], options: QueryOptions): { page: ODataRecord[]; count: number } {
  const filtered = options.filter ? rows.filter((row) => matchesFilter(options.filter!, row)) : [...rows];
  if (options.orderBy.length > 0) {
    filtered.sort((a, b) => {
      for (const { property, descending } of options.orderBy) {
        const order = compareValues(property, a[property.name], b[property.name]);
        if (order !== 0) return descending ? -order : order;
      }
      return 0;
    });
  }
  const end = options.top === undefined ? undefined : options.skip + options.top;
  return { page: filtered.slice(options.skip, end), count: filtered.length };
}

/** A function import parameter: an OData string literal (`'1010'`). */
function functionParameters(functionImport: FunctionImportDef, parameters: ReadonlyMap<string, string>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const parameter of functionImport.parameters) {
    const raw = parameters.get(parameter.name);
    if (raw === undefined) throw badRequest(`Parameter '${parameter.name}' of function import '${functionImport.name}' is missing`);
    let tokens;
    try {
      tokens = tokenize(raw);
    } catch (error) {
      if (error instanceof ODataSyntaxError) throw badRequest(`Parameter '${parameter.name}': ${error.message}`);
      throw error;
    }
    const [literal, end] = tokens;
    if (literal?.kind !== 'string' || end?.kind !== 'end') throw badRequest(`Parameter '${parameter.name}' must be a string literal, e.g. ${parameter.name}='1010'`);
    if (parameter.maxLength !== undefined && literal.value.length > parameter.maxLength) {
      throw badRequest(`Parameter '${parameter.name}' is longer than ${parameter.maxLength} characters`);
    }
    values[parameter.name] = literal.value;
  }
  return values;
}

function serviceDocument(service: ODataService): unknown {
  return { d: { EntitySets: service.entitySets.map((set) => set.name) } };
}

function handleRead(req: Request, res: Response, service: ODataService, context: SerializeContext, segments: readonly string[]): void {
  const path = parseResourcePath(segments);
  const parameters = readQueryParameters(rawQuery(req));
  switch (path.kind) {
    case 'serviceDocument':
      sendJson(res, 200, serviceDocument(service));
      return;
    case 'metadata':
      res.status(200).type('application/xml').setHeader('dataserviceversion', '2.0');
      res.send(metadataXml(service));
      return;
    case 'collection': {
      const functionImport = service.functionImports?.find((candidate) => candidate.name === path.name);
      if (functionImport) {
        if ((functionImport.httpMethod ?? 'GET') !== 'GET') throw wrongMethod(functionImport);
        answerFunctionImport(req, res, service, context, functionImport, parameters);
        return;
      }
      const set = entitySet(service, path.name);
      const options = parseQueryOptions(parameters, set, service);
      const { page, count } = applyOptions(set.rows(), options);
      const results = page.map((row) => serializeEntity(context, set, row, options.expand));
      sendJson(res, 200, collectionEnvelope(results, options.inlineCount ? count : undefined));
      return;
    }
    case 'count': {
      const set = entitySet(service, path.name);
      const options = parseQueryOptions(parameters, set, service);
      res.status(200).type('text/plain').send(String(applyOptions(set.rows(), { ...options, top: undefined, skip: 0 }).count));
      return;
    }
    case 'entity': {
      const set = entitySet(service, path.name);
      const options = parseQueryOptions(parameters, set, service);
      const row = findRow(set, keyValues(set, path.key, path.segment));
      if (!row) throw notFound(`Resource not found for segment '${path.segment}'`);
      if (set.etag) res.setHeader('ETag', set.etag(row));
      sendJson(res, 200, entityEnvelope(serializeEntity(context, set, row, options.expand)));
      return;
    }
    case 'navigation': {
      const set = entitySet(service, path.name);
      const navigation = set.navigations.find((candidate) => candidate.name === path.navigation);
      if (!navigation) throw notFound(`Navigation property '${path.navigation}' not found in type '${set.typeName}'`);
      const row = findRow(set, keyValues(set, path.key, path.segment));
      if (!row) throw notFound(`Resource not found for segment '${path.segment}'`);
      const target = entitySet(service, navigation.target);
      const options = parseQueryOptions(parameters, target, service);
      const related = navigate(navigation, row);
      if (!navigation.many) {
        const first = related[0];
        if (!first) throw notFound(`Resource not found for segment '${path.navigation}'`);
        sendJson(res, 200, entityEnvelope(serializeEntity(context, target, first, options.expand)));
        return;
      }
      const { page, count } = applyOptions(related, options);
      sendJson(res, 200, collectionEnvelope(page.map((entity) => serializeEntity(context, target, entity, options.expand)), options.inlineCount ? count : undefined));
      return;
    }
  }
}

function wrongMethod(functionImport: FunctionImportDef): ODataError {
  const method = functionImport.httpMethod ?? 'GET';
  return new ODataError(405, ERROR_CODES.generic, `Function import '${functionImport.name}' must be called with ${method}`, [], { Allow: method });
}

/** Runs a function import and answers its collection of complex values, or its one entity. */
function answerFunctionImport(
  req: Request,
  res: Response,
  service: ODataService,
  context: SerializeContext,
  functionImport: FunctionImportDef,
  parameters: ReadonlyMap<string, string>,
): void {
  const ifMatch = req.get('if-match');
  const results = functionImport.invoke(functionParameters(functionImport, parameters), ifMatch === undefined ? {} : { ifMatch });
  const returns = functionImport.returns;
  if ('complexType' in returns) {
    const complexType = service.complexTypes?.find((candidate) => candidate.name === returns.complexType);
    if (!complexType) throw new TypeError(`function import ${functionImport.name} returns unknown type ${returns.complexType}`);
    sendJson(res, 200, collectionEnvelope(results.map((row) => serializeComplex(service.name, complexType.name, complexType.properties, row))));
    return;
  }
  const set = entitySet(service, returns.entitySet);
  const [row] = results;
  if (!row) throw new TypeError(`function import ${functionImport.name} answered no entity`);
  if (set.etag) res.setHeader('ETag', set.etag(row));
  sendJson(res, 200, entityEnvelope(serializeEntity(context, set, row, NO_EXPAND)));
}

function handleCreate(req: Request, res: Response, service: ODataService, context: SerializeContext, segments: readonly string[]): void {
  const path = parseResourcePath(segments);
  const parameters = readQueryParameters(rawQuery(req));
  const functionImport = path.kind === 'collection' ? service.functionImports?.find((candidate) => candidate.name === path.name) : undefined;
  if (functionImport) {
    if (functionImport.httpMethod !== 'POST') throw wrongMethod(functionImport);
    // An action takes its parameters from the URL; a body, if any, is ignored (as SAP Gateway does).
    answerFunctionImport(req, res, service, context, functionImport, parameters);
    return;
  }
  if (path.kind !== 'collection') throw new ODataError(405, ERROR_CODES.generic, 'POST is only supported on an entity set');
  const set = entitySet(service, path.name);
  if (!set.create) throw new ODataError(405, ERROR_CODES.generic, `Entity set '${set.name}' is read-only in the sandbox`);
  if (!req.is('application/json')) throw new ODataError(415, ERROR_CODES.generic, 'The request body must be JSON (Content-Type: application/json)');
  const created = set.create(req.body);
  const uri = entityUri(context, set, created.record);
  res.setHeader('Location', uri);
  sendJson(res, 201, entityEnvelope(serializeEntity(context, set, created.record, parseExpand(created.expand, set, service))));
}

function entitySet(service: ODataService, name: string): EntitySetDef {
  const set = service.entitySets.find((candidate) => candidate.name === name);
  if (!set) throw notFound(`Resource not found for segment '${name}'`);
  return set;
}

/**
 * `API_OUTBOUND_DELIVERY_SRV;v=0002` → the name and version 2. Other matrix parameters (`;o=` for the system alias)
 * are accepted and ignored; no `;v=` is version 1, as on SAP Gateway.
 */
function parseServiceFolder(folder: string): { name: string; version: number } {
  const [name = '', ...matrix] = folder.split(';');
  let version = 1;
  for (const parameter of matrix) {
    const match = /^v=(\d{1,4})$/.exec(parameter);
    if (match) version = Number(match[1]);
  }
  return { name, version };
}

/** The folder a service is served under, as URIs in answers spell it. */
function serviceFolder(service: ODataService): string {
  const version = service.version ?? 1;
  return version === 1 ? service.name : `${service.name};v=${String(version).padStart(4, '0')}`;
}

/**
 * The handler for everything under the OData root (mount it there): `/{SERVICE}/{resource path}`. Express's own
 * routing is not used below the root because OData segments (`A_Customer('x')`) are not path-to-regexp friendly.
 */
export function createServiceRouter(services: readonly ODataService[]): RequestHandler {
  const byFolder = new Map(services.map((service) => [`${service.name};v=${service.version ?? 1}`, service]));
  return (req, res) => {
    const [folder = '', ...segments] = req.path.replace(/^\//, '').split('/');
    const { name, version } = parseServiceFolder(folder);
    const service = byFolder.get(`${name};v=${version}`);
    if (!service) {
      throw new ODataError(404, ERROR_CODES.serviceNotFound, `No service found for namespace '/SAP/', name '${name}', version '${String(version).padStart(4, '0')}'`);
    }
    const context: SerializeContext = { serviceRoot: `${req.protocol}://${req.get('host') ?? 'localhost'}${req.baseUrl}/${serviceFolder(service)}`, service };
    switch (req.method) {
      case 'GET':
      case 'HEAD':
        handleRead(req, res, service, context, segments);
        return;
      case 'POST':
        handleCreate(req, res, service, context, segments);
        return;
      default:
        throw new ODataError(405, ERROR_CODES.generic, `Method ${req.method} is not supported by the sandbox`);
    }
  };
}
