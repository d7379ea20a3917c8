/**
 * docs/openapi.yaml is sound on its own: every reference resolves, every operation is
 * named, keyed and says its errors as problem+json, every schema compiles, every example
 * matches its schema, and the Invoice schema agrees with the saved fixtures.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  isNode,
  listMediaTypeExamples,
  listOperations,
  listSchemaPointers,
  OpenApiContract,
  resolvePointer,
  walk,
  type OpenApiNode,
} from '../../helpers/openapi';

const contract = OpenApiContract.load();
const { document } = contract;
const operations = listOperations(document).map((operation) => ({
  ...operation,
  label: `${operation.method.toUpperCase()} ${operation.path}`,
}));
/** The console page is a static shell that asks for the admin key itself: the one route without a key. */
const PUBLIC_OPERATIONS = ['getAdminConsole'];

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(path.join(__dirname, '../../fixtures', `${name}.json`), 'utf8'));
}

function node(value: unknown): OpenApiNode {
  return isNode(value) ? value : {};
}

function resolved(value: unknown): OpenApiNode {
  return isNode(value) && typeof value.$ref === 'string' ? node(resolvePointer(document, value.$ref)) : node(value);
}

describe('docs/openapi.yaml', () => {
  it('is OpenAPI 3.1 with the local server and the templated deployed one', () => {
    const servers = (document.servers as OpenApiNode[]).map((server) => server.url);

    expect(document.openapi).toBe('3.1.0');
    expect(servers).toEqual(['http://localhost:3000', 'https://{apiId}.execute-api.{region}.amazonaws.com/{stage}']);
  });

  it('resolves every $ref', () => {
    const broken: string[] = [];
    walk(document, (value, pointer) => {
      if (typeof value.$ref !== 'string') return;
      try {
        resolvePointer(document, value.$ref);
      } catch (error) {
        broken.push(`${pointer}: ${(error as Error).message}`);
      }
    });

    expect(broken).toEqual([]);
  });

  it('compiles every schema in ajv (strict: an unknown keyword is a typo)', () => {
    const failures = listSchemaPointers(document).flatMap((pointer) => {
      try {
        contract.schema(pointer);
        return [];
      } catch (error) {
        return [`${pointer}: ${(error as Error).message}`];
      }
    });

    expect(failures).toEqual([]);
  });

  it('gives every example a value its schema accepts', () => {
    const examples = listMediaTypeExamples(document);
    const failures = examples.flatMap((example) =>
      contract.schemaMismatches(example.schemaPointer, example.value).map((mismatch) => `${example.at}: ${mismatch}`),
    );

    expect(examples.length).toBeGreaterThan(10);
    expect(failures).toEqual([]);
  });

  it('names every operation with a unique operationId', () => {
    const ids = operations.map((operation) => operation.operation.operationId);

    expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('leaves only the admin console page without a key', () => {
    const open = operations.filter((operation) => {
      const security = operation.operation.security ?? document.security;
      return !Array.isArray(security) || security.length === 0;
    });

    expect(open.map((operation) => operation.operation.operationId)).toEqual(PUBLIC_OPERATIONS);
  });

  describe.each(operations.filter((operation) => !PUBLIC_OPERATIONS.includes(String(operation.operation.operationId))))(
    '$label',
    ({ operation, path: route }) => {
      it('needs a key through a declared security scheme', () => {
        const security = (operation.security ?? document.security) as OpenApiNode[];
        const schemes = node(node(document.components).securitySchemes);

        expect(security.length).toBeGreaterThan(0);
        for (const requirement of security) expect(Object.keys(schemes)).toEqual(expect.arrayContaining(Object.keys(requirement)));
      });

      it('answers 401 and 403, and every 4xx, as application/problem+json', () => {
        const responses = node(operation.responses);
        const clientErrors = Object.keys(responses).filter((status) => status.startsWith('4'));

        expect(clientErrors).toEqual(expect.arrayContaining(['401', '403']));
        for (const status of clientErrors) {
          expect(Object.keys(node(resolved(responses[status]).content))).toEqual(['application/problem+json']);
        }
      });

      it('declares every path parameter of its template', () => {
        const templated = [...route.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
        const declared = ((operation.parameters as unknown[] | undefined) ?? [])
          .map(resolved)
          .filter((parameter) => parameter.in === 'path')
          .map((parameter) => parameter.name);

        expect(declared.sort()).toEqual(templated.sort());
      });
    },
  );

  it('lists every reason code of the contract in the Reason table', () => {
    const codes = node(resolvePointer(document, '#/components/schemas/ReasonCode')).enum as string[];
    const table = String(node(resolvePointer(document, '#/components/schemas/Reason')).description);

    expect(codes).toHaveLength(16);
    expect(codes.filter((code) => !table.includes(`| ${code} |`))).toEqual([]);
  });
});

describe('the Invoice schema and the saved fixtures', () => {
  it('accepts valid-basic.json', () => {
    expect(contract.schemaMismatches('Invoice', fixture('valid-basic'))).toEqual([]);
  });

  it.each([
    ['invalid-structure', ['body is missing customer', 'body/issueDate', 'body/issuer is missing taxId', 'body/lines/0/quantity must be number']],
    ['invalid-range', ['body/lines/0/quantity', 'body/lines/0/taxRate', 'body/totals/net', 'body/totals/gross']],
  ])('rejects %s.json for what is wrong in it', (name, expected) => {
    const mismatches = contract.schemaMismatches('Invoice', fixture(name));

    for (const start of expected) expect(mismatches).toContainEqual(expect.stringContaining(start));
  });

  it('accepts invalid-totals.json, whose totals rule spans fields: only the validator catches it, after the 202', () => {
    expect(contract.schemaMismatches('Invoice', fixture('invalid-totals'))).toEqual([]);
  });

  it.each([
    ['ValidInvoice', 'valid-basic'],
    ['InvalidTotalsInvoice', 'invalid-totals'],
  ])('shows the %s example exactly as %s.json', (example, name) => {
    const value = node(resolvePointer(document, `#/components/examples/${example}`)).value;

    expect(value).toEqual(fixture(name));
  });
});
