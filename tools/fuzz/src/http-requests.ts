import fc from 'fast-check';
import type { HttpInput } from './inputs';
import { schemaValue, type JsonSchema } from './json-schema-values';

/** One operation of an OpenAPI document. */
export interface HttpOperation {
  /** The platform's HTTP service that serves it (`broker-api`, `state-workers#1`, ...). */
  readonly service: string;
  readonly method: string;
  /** e.g. `/devices/{deviceId}`. */
  readonly route: string;
  readonly pathParams: readonly string[];
  readonly queryParams: readonly { readonly name: string; readonly schema: JsonSchema }[];
  readonly body: JsonSchema | undefined;
  /** Answering < 400 without the service's token is a finding. */
  readonly needsToken: boolean;
}

interface OpenApiParameter {
  readonly in: string;
  readonly name: string;
  readonly schema?: JsonSchema;
}
type OpenApiSecurity = readonly Readonly<Record<string, readonly string[]>>[];
interface OpenApiOperation {
  readonly parameters?: readonly OpenApiParameter[];
  readonly security?: OpenApiSecurity;
  readonly requestBody?: { readonly content?: Record<string, { readonly schema?: JsonSchema }> };
}
/** The part of an OpenAPI 3 document the fuzzer reads. */
export interface OpenApiDocument {
  readonly paths: Readonly<Record<string, Readonly<Record<string, OpenApiOperation>>>>;
  readonly security?: OpenApiSecurity;
}

const methods = new Set(['get', 'put', 'post', 'patch', 'delete']);

/** broker-api's document declares no security: every route but these needs its token (its README). */
const brokerApiPublicRoutes = new Set(['/health', '/ready', '/metrics', '/openapi.json']);

/**
 * A route needs a token when its document says so (public-api's: `security` on each route behind the token);
 * broker-api's routes, but its public ones; the other services serve only health, readiness and metrics.
 */
function isTokenNeeded(service: string, route: string, security: OpenApiSecurity | undefined): boolean {
  if (security !== undefined) return security.length > 0;
  return service.startsWith('broker-api') && !brokerApiPublicRoutes.has(route);
}

/** Every operation of a service's OpenAPI document. */
export function readOperations(service: string, document: OpenApiDocument): HttpOperation[] {
  return Object.entries(document.paths).flatMap(([route, operations]) =>
    Object.entries(operations)
      .filter(([method]) => methods.has(method))
      .map(([method, operation]) => {
        const parameters = operation.parameters ?? [];
        return {
          service,
          method: method.toUpperCase(),
          route,
          pathParams: parameters
            .filter((parameter) => parameter.in === 'path')
            .map((parameter) => parameter.name),
          queryParams: parameters
            .filter((parameter) => parameter.in === 'query')
            .map((parameter) => ({ name: parameter.name, schema: parameter.schema ?? {} })),
          body: operation.requestBody?.content?.['application/json']?.schema,
          needsToken: isTokenNeeded(service, route, operation.security ?? document.security),
        };
      }),
  );
}

/** Ids the requests may name: the fuzzer's own resources (never an innocent or hostile device). */
export type IdPools = Readonly<Record<string, readonly string[]>>;

/** Path segments that probe parsing, encoding and routing; inserted as they are (not encoded). */
const hostileSegments = [
  '..',
  '%2e%2e',
  '%00',
  '%ZZ',
  '%2F',
  '__proto__',
  'constructor',
  ' ',
  '%F0%9F%92%A9',
  '-',
  '_',
];

const segmentArbitrary = (pool: readonly string[]) =>
  fc.oneof(
    { arbitrary: fc.constantFrom(...(pool.length > 0 ? pool : ['none'])).map(encodeURIComponent), weight: 4 },
    { arbitrary: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/), weight: 2 },
    { arbitrary: fc.constantFrom(...hostileSegments), weight: 2 },
    { arbitrary: fc.string({ maxLength: 80 }).map(encodeURIComponent), weight: 1 },
    { arbitrary: fc.integer({ min: 65, max: 20_000 }).map((length) => 'a'.repeat(length)), weight: 1 },
  );

const queryValueArbitrary = (schema: JsonSchema) =>
  fc.oneof(
    schemaValue(schema).map((value) => (typeof value === 'string' ? value : JSON.stringify(value))),
    fc.constantFrom('', '-1', '0', '1e309', 'NaN', '99999999999999999999', '[]', '%00', 'a'.repeat(5000)),
    fc.string({ maxLength: 40 }),
  );

interface Body {
  readonly text?: string;
  readonly contentType?: string;
  readonly note: string;
}

const nestedJson = (depth: number) => `{"state":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`;

/** Bodies no client should send. */
const hostileBody: fc.Arbitrary<Body> = fc.oneof(
  fc
    .integer({ min: 10, max: 10_000 })
    .map((depth) => ({ text: nestedJson(depth), note: `${depth}-deep body` })),
  fc
    .integer({ min: 1000, max: 200_000 })
    .map((length) => ({ text: `{"name":"${'x'.repeat(length)}"}`, note: `${length}-char string` })),
  fc.integer({ min: 100, max: 5000 }).map((count) => ({
    text: `{"state":{${Array.from({ length: count }, (_, index) => `"p${index}":${index}`).join(',')}}}`,
    note: `${count} properties`,
  })),
  fc
    .constantFrom(
      '{"__proto__":{"admin":true},"state":{}}',
      '{"constructor":{"prototype":{"x":1}},"state":{}}',
      '{"state":{"__proto__":{"x":1}}}',
      '{"id":"a\\u0000b","vendorId":"v","productId":"p"}',
      '{"state":{"a":1e400}}',
      '{"state":{"a":NaN}}',
      '{"expectedVersion":-1,"state":{}}',
      '{"expectedVersion":1e300,"state":{}}',
      '{"ttlSeconds":9007199254740993,"name":"a","params":{}}',
      '{',
      '',
      'null',
      '[]',
      '"text"',
    )
    .map((text) => ({ text, note: `body ${JSON.stringify(text).slice(0, 40)}` })),
  fc.jsonValue({ maxDepth: 4 }).map((value) => ({ text: JSON.stringify(value), note: 'random JSON body' })),
  fc
    .constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'multipart/form-data')
    .map((contentType) => ({ text: 'a=1&b=2', contentType, note: `content-type ${contentType}` })),
);

const bodyArbitrary = (schema: JsonSchema | undefined): fc.Arbitrary<Body> => {
  const none = fc.constant<Body>({ note: 'no body' });
  if (schema === undefined)
    return fc.oneof({ arbitrary: none, weight: 4 }, { arbitrary: hostileBody, weight: 1 });
  const validish = schemaValue(schema).map((value): Body => ({
    text: JSON.stringify(value),
    note: 'schema body',
  }));
  return fc.oneof(
    { arbitrary: validish, weight: 5 },
    { arbitrary: hostileBody, weight: 4 },
    { arbitrary: none, weight: 1 },
  );
};

const authArbitrary = fc.constantFrom<HttpInput['auth'][]>(
  ...Array<'token'>(8).fill('token'),
  'none',
  'wrong-token',
);

/** Requests to one operation: path ids from the pools (or hostile), query and body valid-ish or hostile. */
export function operationRequests(operation: HttpOperation, pools: IdPools): fc.Arbitrary<HttpInput> {
  const segments = fc.tuple(...operation.pathParams.map((name) => segmentArbitrary(pools[name] ?? [])));
  const query = fc.tuple(
    ...operation.queryParams.map((parameter) =>
      fc.option(queryValueArbitrary(parameter.schema), { nil: undefined }),
    ),
  );
  // fetch sends no body with a GET (and a server would ignore it).
  const bodies =
    operation.method === 'GET' ? fc.constant<Body>({ note: 'no body' }) : bodyArbitrary(operation.body);
  return fc
    .record({ segments, query, body: bodies, auth: authArbitrary })
    .map(({ segments: values, query: queryValues, body, auth }) => {
      let path = operation.route;
      operation.pathParams.forEach((name, index) => {
        path = path.replace(`{${name}}`, values[index] ?? '');
      });
      const search = new URLSearchParams();
      operation.queryParams.forEach((parameter, index) => {
        const value = queryValues[index];
        if (value !== undefined) search.set(parameter.name, value);
      });
      const queryText = search.toString();
      return {
        family: 'http' as const,
        method: operation.method,
        route: operation.route,
        service: operation.service,
        needsToken: operation.needsToken,
        path: `${path}${queryText === '' ? '' : `?${queryText}`}`,
        auth,
        ...(body.text === undefined ? {} : { body: body.text }),
        ...(body.text === undefined ? {} : { contentType: body.contentType ?? 'application/json' }),
        note: body.note,
      };
    });
}

/** Requests to every operation, each operation about as often as the others. */
export function httpInputArbitrary(
  operations: readonly HttpOperation[],
  pools: IdPools,
): fc.Arbitrary<HttpInput> {
  return fc.oneof(...operations.map((operation) => operationRequests(operation, pools)));
}
