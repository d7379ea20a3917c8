import { rawBody } from '../../../lib/http/raw-body';

describe('rawBody', () => {
  it.each([
    [{ body: '{"a":1}', isBase64Encoded: false }, '{"a":1}'],
    [{ body: Buffer.from([0xff, 0x00]).toString('base64'), isBase64Encoded: true }, '\uFFFD\u0000'],
    [{ body: null, isBase64Encoded: false }, ''],
    [{ body: false as unknown as string, isBase64Encoded: false }, 'false'],
    [{ body: 42 as unknown as string, isBase64Encoded: false }, '42'],
  ])('reads %j as the bytes the client sent', (event, expected) => {
    expect(rawBody(event).toString('utf8')).toBe(expected);
  });
});
