/**
 * Our own quality rules over a generated OpenAPI 3.0 spec, beyond Spectral's: what a reader of the portal needs.
 *
 * Every tier:
 *  - operation-id: every operation has an operationId, unique within the spec;
 *  - operation-summary / operation-description: every operation has both;
 *  - parameter-description: every parameter says what it is;
 *  - request-body-example: every media type of a request body has an example (`example`/`examples` on the media
 *    type, or `example` on its schema, following `$ref`s);
 *  - problem-json: every 4xx/5xx response is documented as application/problem+json only, with a schema;
 *  - schema-description: every named schema reachable from the operations (requests, answers, problems) is described.
 * Partner tier, which customer developers read without us at their side:
 *  - property-description: every property reachable from the operations has its own description (on the property,
 *    beside its `allOf`), not only the one of the type it refers to: `total` says more than "an amount".
 * System and process tiers, read by our own integration developers: a property may lean on the description of the
 * named type it refers to (`packSize: Decimal`), but a property of an inline type must be described.
 */

export type SpecTier = 'system' | 'process' | 'partner';

export interface QualityFinding {
  rule:
    | 'operation-id'
    | 'operation-summary'
    | 'operation-description'
    | 'parameter-description'
    | 'request-body-example'
    | 'problem-json'
    | 'schema-description'
    | 'property-description';
  /** JSON pointer into the spec. */
  pointer: string;
  message: string;
}

type Json = Record<string, unknown>;

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];
const PROBLEM_JSON = 'application/problem+json';
const SCHEMA_REF = '#/components/schemas/';

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const hasText = (value: unknown): boolean => typeof value === 'string' && value.trim().length > 0;
const escape = (token: string): string => token.replace(/~/g, '~0').replace(/\//g, '~1');
const pointerOf = (...tokens: string[]): string => `#/${tokens.map(escape).join('/')}`;

/** The named schema a schema is, directly (`$ref`) or through a one-member `allOf`; undefined for inline schemas. */
function refName(schema: Json): string | undefined {
  const ref = schema['$ref'] ?? (Array.isArray(schema['allOf']) && schema['allOf'].length === 1 && isObject(schema['allOf'][0]) ? schema['allOf'][0]['$ref'] : undefined);
  return typeof ref === 'string' && ref.startsWith(SCHEMA_REF) ? ref.slice(SCHEMA_REF.length) : undefined;
}

/** Checks one spec; an empty list means it meets the bar of its tier. */
export function checkSpecQuality(spec: Json, tier: SpecTier): QualityFinding[] {
  const findings: QualityFinding[] = [];
  const add = (rule: QualityFinding['rule'], pointer: string, message: string): void => void findings.push({ rule, pointer, message });
  const schemas = (isObject(spec['components']) && isObject(spec['components']['schemas']) ? spec['components']['schemas'] : {}) as Record<string, Json>;
  /** True when the schema, or a schema it refers to (a `$ref` chain), carries an example. */
  const hasExample = (schema: Json): boolean => {
    const seen = new Set<string>();
    for (let current: Json | undefined = schema; current; ) {
      if (current['example'] !== undefined) return true;
      const name = refName(current);
      if (!name || seen.has(name)) return false;
      seen.add(name);
      current = schemas[name];
    }
    return false;
  };

  // Schemas reachable from the operations, walked once each; named ones by name, inline ones where they are.
  const reachedNames = new Set<string>();
  const walk = (schema: unknown, pointer: string): void => {
    if (!isObject(schema)) return;
    const name = refName(schema);
    if (schema['$ref'] !== undefined) {
      if (name && !reachedNames.has(name) && schemas[name]) {
        reachedNames.add(name);
        walk(schemas[name], pointerOf('components', 'schemas', name));
      }
      return;
    }
    const properties = isObject(schema['properties']) ? schema['properties'] : {};
    for (const [property, value] of Object.entries(properties)) {
      if (!isObject(value)) continue;
      const at = `${pointer}/properties/${escape(property)}`;
      const target = refName(value);
      const described = hasText(value['description']) || (tier !== 'partner' && target !== undefined && hasText(schemas[target]?.['description']));
      if (!described) add('property-description', at, `property \`${property}\` has no description`);
      walk(value, at);
    }
    for (const key of ['allOf', 'anyOf', 'oneOf']) {
      const members = schema[key];
      if (Array.isArray(members)) members.forEach((member, index) => walk(member, `${pointer}/${key}/${index}`));
    }
    if (isObject(schema['items'])) walk(schema['items'], `${pointer}/items`);
    if (isObject(schema['additionalProperties'])) walk(schema['additionalProperties'], `${pointer}/additionalProperties`);
  };

  const operationIds = new Map<string, string>();
  const paths = isObject(spec['paths']) ? spec['paths'] : {};
  for (const [route, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!isObject(operation)) continue;
      const at = pointerOf('paths', route, method);
      const label = `${method.toUpperCase()} ${route}`;

      const id = operation['operationId'];
      if (!hasText(id)) add('operation-id', at, `${label} has no operationId`);
      else if (operationIds.has(id as string)) add('operation-id', at, `${label} repeats the operationId '${id}' of ${operationIds.get(id as string)}`);
      else operationIds.set(id as string, label);
      if (!hasText(operation['summary'])) add('operation-summary', at, `${label} has no summary`);
      if (!hasText(operation['description'])) add('operation-description', at, `${label} has no description`);

      const parameters = [...(Array.isArray(item['parameters']) ? item['parameters'] : []), ...(Array.isArray(operation['parameters']) ? operation['parameters'] : [])];
      parameters.forEach((parameter, index) => {
        if (!isObject(parameter)) return;
        if (!hasText(parameter['description'])) add('parameter-description', `${at}/parameters/${index}`, `${label}: ${parameter['in']} parameter \`${parameter['name']}\` has no description`);
        walk(parameter['schema'], `${at}/parameters/${index}/schema`);
      });

      const body = operation['requestBody'];
      if (isObject(body) && isObject(body['content'])) {
        for (const [mediaType, media] of Object.entries(body['content'])) {
          if (!isObject(media)) continue;
          const mediaAt = `${at}/requestBody/content/${escape(mediaType)}`;
          const schema = isObject(media['schema']) ? media['schema'] : undefined;
          const exampled = media['example'] !== undefined || (isObject(media['examples']) && Object.keys(media['examples']).length > 0) || (schema !== undefined && hasExample(schema));
          if (!exampled) add('request-body-example', mediaAt, `${label}: the ${mediaType} request body has no example`);
          walk(schema, `${mediaAt}/schema`);
        }
      }

      const responses = isObject(operation['responses']) ? operation['responses'] : {};
      for (const [status, response] of Object.entries(responses)) {
        if (!isObject(response)) continue;
        const responseAt = `${at}/responses/${escape(status)}`;
        const content = isObject(response['content']) ? response['content'] : {};
        if (/^[45]/.test(status)) {
          const mediaTypes = Object.keys(content);
          if (mediaTypes.length !== 1 || mediaTypes[0] !== PROBLEM_JSON) {
            add('problem-json', responseAt, `${label}: the ${status} answer is documented as ${mediaTypes.join(', ') || 'no content'}, not ${PROBLEM_JSON}`);
          } else if (!isObject((content[PROBLEM_JSON] as Json)['schema'])) {
            add('problem-json', responseAt, `${label}: the ${status} answer has no schema`);
          }
        }
        for (const [mediaType, media] of Object.entries(content)) if (isObject(media)) walk(media['schema'], `${responseAt}/content/${escape(mediaType)}/schema`);
      }
    }
  }

  for (const name of [...reachedNames].sort()) {
    if (!hasText(schemas[name]?.['description'])) add('schema-description', pointerOf('components', 'schemas', name), `schema ${name} has no description`);
  }
  return findings;
}

/** One line per finding, for assertion messages. */
export function formatFindings(findings: readonly QualityFinding[]): string {
  return findings.map((finding) => `  ${finding.rule}: ${finding.message} (${finding.pointer})`).join('\n');
}
