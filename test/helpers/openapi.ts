/**
 * docs/openapi.yaml as a test oracle: loads the document, walks it (operations, $refs,
 * schemas, examples) and checks a real HTTP response against what it promises for that
 * operation and status: content type, required headers and the JSON body, with ajv.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

export const OPENAPI_PATH = path.join(__dirname, '../../docs/openapi.yaml');

/** The base URI the whole document is registered under in ajv, so `#/components/...` refs resolve. */
const DOCUMENT_ID = 'https://invoice-pipeline.local/openapi.yaml';
/** Keywords OpenAPI adds to JSON Schema; ajv's strict mode rejects any other unknown keyword (a typo). */
const OPENAPI_SCHEMA_KEYWORDS = ['discriminator', 'xml', 'externalDocs', 'example'];
/** ajv compiles the document's root as a schema to resolve refs into it: its fields are annotations there. */
const OPENAPI_ROOT_FIELDS = ['openapi', 'info', 'jsonSchemaDialect', 'servers', 'paths', 'webhooks', 'components', 'security', 'tags'];
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

export type OpenApiNode = Record<string, unknown>;

export interface OpenApiDocument extends OpenApiNode {
  openapi: string;
  paths: Record<string, OpenApiNode>;
}

export interface Operation {
  method: string;
  path: string;
  /** JSON pointer of the operation object, such as `/paths/~1invoices/post`. */
  pointer: string;
  operation: OpenApiNode;
}

/** A response as it came over the wire, named by the operation that produced it. */
export interface ObservedResponse {
  method: string;
  /** The path template as written in the document, such as `/messages/{messageId}`. */
  path: string;
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  /** The parsed JSON body, the text of any other body, or undefined when there is none. */
  body: unknown;
}

export class OpenApiMismatchError extends Error {
  readonly mismatches: readonly string[];

  constructor(label: string, mismatches: readonly string[], body: unknown) {
    const shown = JSON.stringify(body, null, 2)?.slice(0, 2000) ?? String(body);
    super(`${label} does not match docs/openapi.yaml:\n  - ${mismatches.join('\n  - ')}\nbody: ${shown}`);
    this.name = 'OpenApiMismatchError';
    this.mismatches = mismatches;
  }
}

export function isNode(value: unknown): value is OpenApiNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads and parses the document.
 *
 * @example
 * const document = loadOpenApiDocument();
 * document.paths['/invoices'];
 */
export function loadOpenApiDocument(file: string = OPENAPI_PATH): OpenApiDocument {
  const parsed: unknown = parse(readFileSync(file, 'utf8'));
  if (!isNode(parsed) || typeof parsed.openapi !== 'string' || !isNode(parsed.paths)) {
    throw new Error(`${file} is not an OpenAPI document (no openapi version or paths)`);
  }
  return parsed as OpenApiDocument;
}

/** `/paths/~1invoices/post` from `['paths', '/invoices', 'post']`. */
export function toPointer(segments: readonly string[]): string {
  return segments.map((segment) => `/${segment.replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

/** The value at a local ref (`#/components/schemas/Invoice`) or JSON pointer; throws when nothing is there. */
export function resolvePointer(document: OpenApiNode, ref: string): unknown {
  const pointer = ref.startsWith('#') ? ref.slice(1) : ref;
  if (pointer === '') return document;
  let node: unknown = document;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
    if (!isNode(node) && !Array.isArray(node)) throw new Error(`${ref} does not resolve: ${segment} is below a leaf`);
    node = (node as Record<string, unknown>)[segment];
    if (node === undefined) throw new Error(`${ref} does not resolve: no ${segment}`);
  }
  return node;
}

/** Follows `$ref` until a real object: for responses, headers, parameters, examples (not schemas). */
export function dereference(document: OpenApiNode, node: unknown, pointer: string): { node: OpenApiNode; pointer: string } {
  let current = { node, pointer };
  for (let hops = 0; isNode(current.node) && typeof current.node.$ref === 'string'; hops += 1) {
    if (hops > 20) throw new Error(`$ref loop at ${pointer}`);
    const ref = current.node.$ref;
    current = { node: resolvePointer(document, ref), pointer: ref.slice(1) };
  }
  if (!isNode(current.node)) throw new Error(`${pointer} is not an object`);
  return { node: current.node, pointer: current.pointer };
}

/** Calls `visit` for every object in the document with its JSON pointer. */
export function walk(node: unknown, visit: (node: OpenApiNode, pointer: string) => void, segments: string[] = []): void {
  if (Array.isArray(node)) {
    node.forEach((item, index) => walk(item, visit, [...segments, String(index)]));
    return;
  }
  if (!isNode(node)) return;
  visit(node, toPointer(segments));
  for (const [key, value] of Object.entries(node)) walk(value, visit, [...segments, key]);
}

/** Every operation of the document, in document order. */
export function listOperations(document: OpenApiDocument): Operation[] {
  return Object.entries(document.paths).flatMap(([route, item]) =>
    HTTP_METHODS.filter((method) => isNode(item[method])).map((method) => ({
      method,
      path: route,
      pointer: toPointer(['paths', route, method]),
      operation: item[method] as OpenApiNode,
    })),
  );
}

/** The schema locations ajv must compile: named schemas plus every schema of a parameter, header or media type. */
export function listSchemaPointers(document: OpenApiDocument): string[] {
  const pointers = new Set<string>();
  const components = isNode(document.components) ? document.components : {};
  for (const name of Object.keys(isNode(components.schemas) ? components.schemas : {})) {
    pointers.add(toPointer(['components', 'schemas', name]));
  }
  walk(document, (node, pointer) => {
    if (isNode(node.schema) && !pointer.startsWith('/components/schemas/')) pointers.add(`${pointer}/schema`);
  });
  return [...pointers];
}

/** Every example of a media type (inline or by $ref), with the pointer of the schema it must match. */
export function listMediaTypeExamples(document: OpenApiDocument): { at: string; schemaPointer: string; value: unknown }[] {
  const found: { at: string; schemaPointer: string; value: unknown }[] = [];
  walk(document, (node, pointer) => {
    const isMediaType = /\/content\/[^/]+$/.test(pointer) && isNode(node.schema);
    if (!isMediaType) return;
    for (const [name, example] of Object.entries(isNode(node.examples) ? node.examples : {})) {
      const resolved = dereference(document, example, `${pointer}/examples/${name}`);
      found.push({ at: `${pointer}/examples/${name}`, schemaPointer: `${pointer}/schema`, value: resolved.node.value });
    }
  });
  return found;
}

/** Reads a fetch Response into an ObservedResponse for `validateResponse`. */
export async function observe(method: string, pathTemplate: string, response: Response): Promise<ObservedResponse> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name.toLowerCase()] = value;
  });
  const text = await response.text();
  const isJson = /[/+]json\b/i.test(headers['content-type'] ?? '');
  let body: unknown = text === '' ? undefined : text;
  if (isJson && text !== '') {
    try {
      body = JSON.parse(text);
    } catch {
      body = text; // reported as a schema mismatch, with the text shown
    }
  }
  return { method: method.toLowerCase(), path: pathTemplate, status: response.status, headers, body };
}

/**
 * Validates real responses against the document, resolving every $ref with ajv.
 *
 * @example
 * const contract = OpenApiContract.load();
 * const response = await fetch(`${LOCAL_API_URL}/messages/${id}`, { headers });
 * contract.assertResponse(await observe('GET', '/messages/{messageId}', response));
 */
export class OpenApiContract {
  readonly document: OpenApiDocument;
  private readonly ajv: Ajv2020;

  constructor(document: OpenApiDocument) {
    this.document = document;
    // multipleOfPrecision: 750.81 / 0.01 is 75081.00000000001 in binary floating point.
    this.ajv = new Ajv2020({ strict: true, strictTypes: false, strictTuples: false, strictRequired: false, allErrors: true, multipleOfPrecision: 9 });
    addFormats(this.ajv);
    this.ajv.addVocabulary([...OPENAPI_SCHEMA_KEYWORDS, ...OPENAPI_ROOT_FIELDS]);
    this.ajv.addSchema(document, DOCUMENT_ID, undefined, false);
  }

  static load(file: string = OPENAPI_PATH): OpenApiContract {
    return new OpenApiContract(loadOpenApiDocument(file));
  }

  /** The compiled validator of the schema at this JSON pointer (or of `components/schemas/<name>`). */
  schema(pointerOrName: string): ValidateFunction {
    const pointer = pointerOrName.startsWith('/') ? pointerOrName : toPointer(['components', 'schemas', pointerOrName]);
    const fragment = pointer.split('/').map((segment) => encodeURIComponent(segment)).join('/');
    const validate = this.ajv.getSchema(`${DOCUMENT_ID}#${fragment}`);
    if (!validate) throw new Error(`No schema at ${pointer} in docs/openapi.yaml`);
    return validate as ValidateFunction;
  }

  /** The ways `value` breaks the schema, one readable line each; empty when it matches. */
  schemaMismatches(pointerOrName: string, value: unknown, label = 'body'): string[] {
    const validate = this.schema(pointerOrName);
    return validate(value) ? [] : (validate.errors ?? []).map((error) => describeError(label, error));
  }

  /** The ways a response breaks the document for its operation and status; empty when it conforms. */
  responseMismatches(observed: ObservedResponse): string[] {
    const operation = this.operation(observed.method, observed.path);
    if (!operation) return [`the document has no operation ${observed.method.toUpperCase()} ${observed.path}`];
    const responses = isNode(operation.operation.responses) ? operation.operation.responses : {};
    const key = [String(observed.status), `${String(observed.status)[0]}XX`, 'default'].find((candidate) => candidate in responses);
    if (!key) return [`status ${observed.status} is not documented (documented: ${Object.keys(responses).join(', ')})`];
    const response = dereference(this.document, responses[key], `${operation.pointer}/responses/${key}`);
    return [...this.headerMismatches(response, observed), ...this.bodyMismatches(response, observed)];
  }

  /** Throws an OpenApiMismatchError listing every mismatch, when there is one. */
  assertResponse(observed: ObservedResponse): void {
    const mismatches = this.responseMismatches(observed);
    const label = `${observed.method.toUpperCase()} ${observed.path} -> ${observed.status}`;
    if (mismatches.length > 0) throw new OpenApiMismatchError(label, mismatches, observed.body);
  }

  private operation(method: string, route: string): Operation | undefined {
    return listOperations(this.document).find((candidate) => candidate.method === method.toLowerCase() && candidate.path === route);
  }

  private headerMismatches(response: { node: OpenApiNode; pointer: string }, observed: ObservedResponse): string[] {
    const documented = isNode(response.node.headers) ? response.node.headers : {};
    return Object.entries(documented).flatMap(([name, header]) => {
      const lowerName = name.toLowerCase();
      if (lowerName === 'content-type') return []; // OpenAPI ignores it: the content map says it
      const definition = dereference(this.document, header, `${response.pointer}/headers/${name}`);
      const value = observed.headers[lowerName];
      if (value === undefined) return definition.node.required === true ? [`header ${name} is missing`] : [];
      if (!isNode(definition.node.schema)) return [];
      return this.schemaMismatches(`${definition.pointer}/schema`, value, `header ${name}`);
    });
  }

  private bodyMismatches(response: { node: OpenApiNode; pointer: string }, observed: ObservedResponse): string[] {
    const content = isNode(response.node.content) ? response.node.content : {};
    const mediaTypes = Object.keys(content);
    if (mediaTypes.length === 0) return observed.body === undefined ? [] : ['a body was sent where none is documented'];
    const contentType = observed.headers['content-type']?.split(';')[0]?.trim().toLowerCase() ?? '';
    const mediaType = mediaTypes.find((candidate) => mediaTypeMatches(candidate, contentType));
    if (!mediaType) return [`content-type is '${contentType}'; documented: ${mediaTypes.join(', ')}`];
    const media = content[mediaType];
    if (!isNode(media) || !isNode(media.schema)) return [];
    return this.schemaMismatches(`${response.pointer}${toPointer(['content', mediaType, 'schema'])}`, observed.body);
  }
}

function mediaTypeMatches(documented: string, actual: string): boolean {
  if (documented === actual || documented === '*/*') return true;
  return documented.endsWith('/*') && actual.startsWith(documented.slice(0, -1));
}

function describeError(label: string, error: ErrorObject): string {
  const where = `${label}${error.instancePath}`;
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'enum') return `${where} ${error.message}: ${JSON.stringify(params.allowedValues)}`;
  if (error.keyword === 'required') return `${where} is missing ${String(params.missingProperty)}`;
  if (error.keyword === 'const') return `${where} must be ${JSON.stringify(params.allowedValue)}`;
  return `${where} ${error.message ?? error.keyword} (schema ${error.schemaPath})`;
}
