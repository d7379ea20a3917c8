/**
 * Splits the text of a JSON array into the exact text of each element, so every invoice
 * of a batch is published with the bytes the client sent, not a re-serialised copy.
 */
import { InvalidSubmissionError } from '../errors';
import { HttpProblem } from './problem';

/**
 * The raw text of each top-level element; throws InvalidSubmissionError when the text is not
 * a JSON array.
 *
 * @example
 * jsonArrayItems('[{"a": 1.0}, 2]') // ['{"a": 1.0}', '2']
 */
export function jsonArrayItems(text: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InvalidSubmissionError(`The body is not valid JSON (${(error as Error).message}); send a JSON array of invoices.`);
  }
  if (!Array.isArray(parsed)) throw new InvalidSubmissionError('The body must be a JSON array of invoice objects; send a single invoice to POST /invoices.');
  // The text is valid JSON, so a scan that tracks strings and nesting finds the element boundaries.
  const items: string[] = [];
  let depth = 0;
  let inString = false;
  let start = text.indexOf('[') + 1;
  for (let index = start; index < text.length; index += 1) {
    const char = text[index];
    if (inString) {
      if (char === '\\') index += 1;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '[' || char === '{') depth += 1;
    else if (char === ']' || char === '}') {
      if (depth === 0) {
        pushItem(items, text.slice(start, index));
        break;
      }
      depth -= 1;
    } else if (char === ',' && depth === 0) {
      pushItem(items, text.slice(start, index));
      start = index + 1;
    }
  }
  return items;
}

function pushItem(items: string[], raw: string): void {
  const item = raw.trim();
  if (item) items.push(item);
}

/**
 * The items of a batch body: a JSON array of 1 to `maxItems` elements, or a 400 that says so.
 *
 * @example
 * batchItemsOf('[{"a":1}]', 500) // ['{"a":1}']
 */
export function batchItemsOf(text: string, maxItems: number): string[] {
  const items = jsonArrayItems(text);
  if (items.length === 0 || items.length > maxItems) {
    throw new HttpProblem(400, 'Bad Request', `The batch has ${items.length} items; send between 1 and ${maxItems}.`);
  }
  return items;
}
