/**
 * The original payload as the console shows it: pretty-printed JSON, one line per value,
 * each line knowing the JSON pointer of its value, so that a reason's path ("/totals/gross")
 * lands on the line a person reads. Pure: no DOM, unit-tested.
 */
import { jsonPointer } from '../../lib/domain/field-path';

/** The part of a reason the console places: the validator's `Reason` and the API's fit it. */
export interface ShownReason {
  code: string;
  path: string;
  message: string;
}

export interface PayloadLine {
  /** The line as JSON.stringify(value, null, 2) writes it, indentation included. */
  text: string;
  /** JSON pointer of the value that starts on this line ("" for the whole document). */
  pointer: string;
  /** True on the line that only closes an object or array (reasons never go there). */
  closing: boolean;
}

export interface AnnotatedLine extends PayloadLine {
  reasons: ShownReason[];
}

const INDENT = '  ';

/**
 * The lines of `JSON.stringify(value, null, 2)`, each with the pointer of its value.
 *
 * @example
 * prettyLines({ totals: { gross: 650 } }).map((line) => line.pointer)
 * // ['', '/totals', '/totals/gross', '/totals', '']
 */
export function prettyLines(value: unknown): PayloadLine[] {
  const lines: PayloadLine[] = [];
  writeValue(lines, value, [], '', '');
  return lines;
}

/**
 * Puts every reason on the line of its field. A field that is not there (a missing
 * `/customer`) goes to its nearest ancestor that is, and "" (the whole message) to the
 * first line, so no reason is ever dropped from the view.
 *
 * @example
 * const lines = annotateLines(prettyLines(invoice), [{ code: 'TOTALS_MISMATCH', path: '/totals/gross', message: '...' }]);
 * lines.find((line) => line.reasons.length > 0)?.pointer // '/totals/gross'
 */
export function annotateLines(lines: readonly PayloadLine[], reasons: readonly ShownReason[]): AnnotatedLine[] {
  const annotated = lines.map((line) => ({ ...line, reasons: [] as ShownReason[] }));
  const lineOf = new Map<string, AnnotatedLine>();
  for (const line of annotated) if (!line.closing && !lineOf.has(line.pointer)) lineOf.set(line.pointer, line);
  for (const reason of reasons) {
    const line = nearestLine(lineOf, reason.path) ?? annotated[0];
    line?.reasons.push(reason);
  }
  return annotated;
}

/**
 * The pointer of the parent value ("" has none).
 *
 * @example
 * parentPointer('/lines/0/quantity') // '/lines/0'
 * parentPointer('/totals')           // ''
 */
export function parentPointer(pointer: string): string | undefined {
  if (pointer === '') return undefined;
  return pointer.slice(0, pointer.lastIndexOf('/'));
}

function nearestLine(lineOf: ReadonlyMap<string, AnnotatedLine>, path: string): AnnotatedLine | undefined {
  for (let pointer: string | undefined = path; pointer !== undefined; pointer = parentPointer(pointer)) {
    const line = lineOf.get(pointer);
    if (line) return line;
  }
  return undefined;
}

/** Writes one value, opening on the current line after `prefix` (its indentation and key). */
function writeValue(lines: PayloadLine[], value: unknown, path: PropertyKey[], indent: string, prefix: string, comma = ''): void {
  const pointer = jsonPointer(path);
  const children = childrenOf(value);
  if (children === undefined || children.entries.length === 0) {
    lines.push({ text: `${indent}${prefix}${scalarText(value)}${comma}`, pointer, closing: false });
    return;
  }
  lines.push({ text: `${indent}${prefix}${children.open}`, pointer, closing: false });
  children.entries.forEach(([key, child], index) => {
    const childPrefix = typeof key === 'string' ? `${JSON.stringify(key)}: ` : '';
    writeValue(lines, child, [...path, key], indent + INDENT, childPrefix, index < children.entries.length - 1 ? ',' : '');
  });
  lines.push({ text: `${indent}${children.close}${comma}`, pointer, closing: true });
}

interface Children {
  open: string;
  close: string;
  entries: Array<[string | number, unknown]>;
}

function childrenOf(value: unknown): Children | undefined {
  if (Array.isArray(value)) return { open: '[', close: ']', entries: value.map((item, index): [number, unknown] => [index, item]) };
  if (typeof value === 'object' && value !== null) {
    // Like JSON.stringify: members whose value cannot be written (undefined, functions) are left out.
    const entries = Object.entries(value).filter(([, child]) => child !== undefined && typeof child !== 'function' && typeof child !== 'symbol');
    return { open: '{', close: '}', entries };
  }
  return undefined;
}

/** Scalars and empty containers exactly as JSON.stringify writes them. */
function scalarText(value: unknown): string {
  return JSON.stringify(value) ?? 'null';
}
