import { payloadView } from '../../../admin-console/src/payload-view';

const totals = { code: 'TOTALS_MISMATCH', path: '/totals/gross', message: 'correct it to 605.00' };

describe('payloadView', () => {
  it('pretty-prints a UTF-8 JSON payload with the reasons on their lines and prefills the editor with it', () => {
    // Prepare
    const payload = '{"invoiceNumber":"F-\u00f1","totals":{"gross":650.0}}';

    // Act
    const view = payloadView(payload, 'utf8', [totals]);

    // Assess
    expect(view.raw).toBe(payload);
    expect(view.editorText).toBe(JSON.stringify(JSON.parse(payload), null, 2));
    expect(view.lines?.find((line) => line.reasons.length > 0)?.text).toBe('    "gross": 650');
  });

  it('decodes a base64 payload that turns out to be UTF-8 JSON', () => {
    // Prepare
    const payload = Buffer.from('{"totals":{"gross":650}}', 'utf8').toString('base64');

    // Act
    const view = payloadView(payload, 'base64', [totals]);

    // Assess
    expect(view.raw).toBe('{"totals":{"gross":650}}');
    expect(view.lines).toHaveLength(5);
  });

  it.each([
    ['text that is not JSON', 'F-1;650;EUR', 'utf8' as const],
    ['a JSON array', '[1,2]', 'utf8' as const],
    ['bytes that are not UTF-8', Buffer.from([0xff, 0xfe, 0x00]).toString('base64'), 'base64' as const],
    ['base64 that is not base64', '%%%', 'base64' as const],
  ])('shows %s as it is, with no pretty lines', (_name, payload, encoding) => {
    // Act
    const view = payloadView(payload, encoding, [{ code: 'INVALID_JSON', path: '', message: 'not JSON' }]);

    // Assess
    expect(view).toEqual({ raw: payload, editorText: payload });
  });
});
