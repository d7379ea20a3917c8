/**
 * The Postman files in docs/postman are usable as shipped: the collection sends the saved
 * fixtures (with a fresh invoice number), every request says what it is for and checks
 * its answer, and both environments name the variables the collection uses.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

const POSTMAN_DIR = path.join(__dirname, '../../../docs/postman');

interface PostmanScript {
  listen: 'prerequest' | 'test';
  script: { exec: string[] };
}

interface PostmanItem {
  name: string;
  event: PostmanScript[];
  request: { method: string; description: string; url: { raw: string }; body?: { raw: string }; auth?: { type: string } };
}

interface PostmanEnvironment {
  name: string;
  values: Array<{ key: string; value: string }>;
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

function fixture(name: string): Record<string, unknown> {
  return readJson(path.join(__dirname, '../../fixtures', `${name}.json`));
}

const collection = readJson<{ info: { schema: string }; item: PostmanItem[] }>(path.join(POSTMAN_DIR, 'invoice-pipeline.postman_collection.json'));
const byName = new Map(collection.item.map((item) => [item.name, item]));

function request(name: string): PostmanItem['request'] {
  const item = byName.get(name);
  if (!item) throw new Error(`The collection has no request "${name}"`);
  return item.request;
}

describe('the Postman collection', () => {
  it('is a v2.1 collection with the walkthrough in order', () => {
    expect(collection.info.schema).toBe('https://schema.getpostman.com/json/collection/v2.1.0/collection.json');
    expect(collection.item.map((item) => item.name)).toEqual([
      'Submit a valid invoice',
      'Follow the message until it is processed',
      'Read the stored invoice',
      'Submit an invalid invoice',
      'Follow the invalid message',
      'Submit without a key',
      'Admin: register a client',
      'Submit for an issuer the key does not cover',
      'Another client cannot see the message',
      'Admin: list the clients',
      'Admin: revoke the client',
    ]);
  });

  it.each(collection.item.map((item) => [item.name, item] as const))('describes "%s" and tests its answer', (_name, item) => {
    const tests = item.event.find((event) => event.listen === 'test')?.script.exec.join('\n') ?? '';

    expect(item.request.description.length).toBeGreaterThan(40);
    expect(tests).toContain('pm.test(');
    expect(item.request.url.raw.startsWith('{{baseUrl}}/')).toBe(true);
  });

  it.each([
    ['Submit a valid invoice', 'valid-basic', '{{invoiceNumber}}'],
    ['Submit an invalid invoice', 'invalid-totals', '{{invalidInvoiceNumber}}'],
  ])('sends in "%s" the fixture %s.json with the number %s', (name, fixtureName, invoiceNumber) => {
    const body = JSON.parse(request(name).body?.raw ?? '') as Record<string, unknown>;

    expect(body).toEqual({ ...fixture(fixtureName), invoiceNumber });
  });

  it('sends no key on "Submit without a key" only', () => {
    const withoutKey = collection.item.filter((item) => item.request.auth?.type === 'noauth').map((item) => item.name);

    expect(withoutKey).toEqual(['Submit without a key']);
  });
});

describe.each([
  ['local.postman_environment.json', { baseUrl: 'http://localhost:3000', apiKey: 'local-api-key', adminKey: 'local-admin-key' }],
  ['deployed.postman_environment.json', { baseUrl: '', apiKey: '', adminKey: '' }],
])('the Postman environment %s', (file, expected) => {
  it('sets baseUrl, apiKey and adminKey', () => {
    const environment = readJson<PostmanEnvironment>(path.join(POSTMAN_DIR, file));

    expect(Object.fromEntries(environment.values.map((variable) => [variable.key, variable.value]))).toEqual(expected);
  });
});
