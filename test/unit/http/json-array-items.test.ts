import { InvalidSubmissionError } from '../../../lib/errors';
import { jsonArrayItems } from '../../../lib/http/json-array-items';

describe('jsonArrayItems', () => {
  it.each([
    ['[]', []],
    ['[{"a": 1.0}]', ['{"a": 1.0}']],
    ['[ {"a":"x,]}"} , 2 ,"s\\"]" ]', ['{"a":"x,]}"}', '2', '"s\\"]"']],
    ['[[1,2],{"b":[{}]}]', ['[1,2]', '{"b":[{}]}']],
  ])('splits %s into the exact text of each element', (text, expected) => {
    expect(jsonArrayItems(text)).toEqual(expected);
  });

  it.each(['{"a":1}', 'not json', '42'])('refuses %s with a client error', (text) => {
    expect(() => jsonArrayItems(text)).toThrow(InvalidSubmissionError);
  });
});
