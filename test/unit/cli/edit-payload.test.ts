/** `resend --edit` opens every entry, JSON or not, with why it failed, and sends back only the invoice. */
import { editableText, editedBody } from '../../../cli/admin/edit-payload';

const reason = { category: 'STRUCTURE', code: 'INVALID_JSON', path: '', message: 'Unexpected token } in JSON at position 17' } as const;

describe('resend --edit', () => {
  it('opens a payload that is not JSON as the text it is, under a note of why it failed', () => {
    const text = editableText({ payload: '{"invoiceNumber": }', payloadEncoding: 'utf8', reasons: [reason] });

    expect(text).toContain('#! INVALID_JSON at /: Unexpected token } in JSON at position 17');
    expect(text.endsWith('{"invoiceNumber": }')).toBe(true);
  });

  it('sends back what the person wrote, without the note', () => {
    const opened = editableText({ payload: '{"invoiceNumber": }', payloadEncoding: 'utf8', reasons: [reason] });
    const fixed = opened.replace('{"invoiceNumber": }', '{"invoiceNumber": "F-1"}');

    expect(editedBody(fixed)).toBe('{"invoiceNumber": "F-1"}');
  });

  it('pretty-prints a JSON payload, and opens one that is not text empty, saying so', () => {
    expect(editableText({ payload: '{"a":1}', payloadEncoding: 'utf8', reasons: [] })).toContain('{\n  "a": 1\n}');
    const binary = editableText({ payload: '//79AA==', payloadEncoding: 'base64', reasons: [reason] });
    expect(binary).toContain('not UTF-8 text');
    expect(editedBody(binary)).toBeUndefined();
  });

  it('keeps a file whose note the person removed, and sends nothing for an empty one', () => {
    expect(editedBody('{"invoiceNumber": "F-2"}\n')).toBe('{"invoiceNumber": "F-2"}\n');
    expect(editedBody('  \n')).toBeUndefined();
  });
});
