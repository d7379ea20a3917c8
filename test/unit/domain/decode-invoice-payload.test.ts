import { decodeInvoicePayload, MAX_JSON_DEPTH } from '../../../lib/domain/decode-invoice-payload';
import type { ReasonCode } from '../../../lib/domain/reasons';
import { fixtureBytes, loadFixture } from './invoice-fixtures';

const MAX_BYTES = 256 * 1024;
const utf8 = new TextEncoder();

function nested(depth: number, open: string, close: string): string {
  return `${open.repeat(depth)}${close.repeat(depth)}`;
}

describe('decodeInvoicePayload', () => {
  it('decodes a sample invoice into its text and object', () => {
    // Prepare
    const bytes = fixtureBytes('valid-basic');

    // Act
    const decoded = decodeInvoicePayload(bytes, MAX_BYTES);

    // Assess
    expect(decoded).toEqual({ ok: true, text: new TextDecoder().decode(bytes), document: loadFixture('valid-basic') });
  });

  it.each<[string, Uint8Array]>([
    ['a Buffer (what a Kafka record holds)', Buffer.from('{"a":"ñ"}', 'utf8')],
    ['a leading byte order mark', Uint8Array.of(0xef, 0xbb, 0xbf, ...utf8.encode('{"a":"ñ"}'))],
    ['exactly the size limit', utf8.encode(`{"a":"ñ"}${' '.repeat(MAX_BYTES - 10)}`)],
    [`${MAX_JSON_DEPTH} levels of nesting`, utf8.encode(`{"a":"ñ","deep":${nested(MAX_JSON_DEPTH - 1, '[', ']')}}`)],
    ['brackets inside strings, which do not nest', utf8.encode(`{"a":"ñ","text":"${'['.repeat(1000)}\\"{{"}`)],
  ])('accepts %s', (_case, bytes) => {
    // Act
    const decoded = decodeInvoicePayload(bytes, MAX_BYTES);

    // Assess
    expect(decoded.ok && decoded.document.a).toBe('ñ');
  });

  it.each<[string, Uint8Array | null, ReasonCode, string]>([
    ['invalid UTF-8 (0xC3 0x28)', Uint8Array.of(0xc3, 0x28), 'INVALID_ENCODING', 'not UTF-8'],
    ['a lone continuation byte inside JSON', Uint8Array.of(...utf8.encode('{"a":"'), 0x80, ...utf8.encode('"}')), 'INVALID_ENCODING', 'not UTF-8'],
    ['text that is not JSON', utf8.encode('not json'), 'INVALID_JSON', 'not valid JSON'],
    ['truncated JSON', utf8.encode('{"invoiceNumber":'), 'INVALID_JSON', 'not valid JSON'],
    ['a null value', null, 'INVALID_JSON', 'has no value (it is null)'],
    ['an empty value', new Uint8Array(0), 'INVALID_JSON', 'has no value (it is empty)'],
    ['an array', utf8.encode('[]'), 'NOT_AN_OBJECT', 'but it is an empty array'],
    ['a number', utf8.encode('42'), 'NOT_AN_OBJECT', 'but it is 42'],
    ['a string', utf8.encode('"F-1"'), 'NOT_AN_OBJECT', 'but it is "F-1"'],
    ['JSON null', utf8.encode('null'), 'NOT_AN_OBJECT', 'but it is null'],
    ['one byte over 256 KiB, not even read', new Uint8Array(MAX_BYTES + 1).fill(0xff), 'PAYLOAD_TOO_LARGE', `${MAX_BYTES + 1} bytes`],
    [`${MAX_JSON_DEPTH + 1} levels of nesting`, utf8.encode(`{"deep":${nested(MAX_JSON_DEPTH, '[', ']')}}`), 'INVALID_JSON', 'levels deep'],
    ['an array nested 100,000 deep', utf8.encode(nested(100_000, '[', ']')), 'INVALID_JSON', 'levels deep'],
    ['an object nested 40,000 deep (as deep as fits in 256 KiB)', utf8.encode(`${'{"a":'.repeat(40_000)}1${'}'.repeat(40_000)}`), 'INVALID_JSON', 'levels deep'],
  ])('rejects %s', (_case, bytes, code, explanation) => {
    // Act
    const decoded = decodeInvoicePayload(bytes, MAX_BYTES);

    // Assess
    expect(decoded).toEqual({ ok: false, reasons: [{ category: 'STRUCTURE', code, path: '', message: expect.stringContaining(explanation) }] });
  });
});
