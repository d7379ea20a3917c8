/**
 * Loads the sample invoices of test/fixtures (copies of the contract's examples) and
 * derives variants of them for table-driven tests. Every call returns a fresh copy.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type FixtureName = 'valid-basic' | 'invalid-structure' | 'invalid-totals' | 'invalid-range';
export type JsonObject = Record<string, unknown>;

/** The record timestamp the samples are checked against: the day after they were issued. */
export const SUBMITTED_AT = new Date('2026-11-21T10:00:00.000Z');

const fixtureDir = join(__dirname, '..', '..', 'fixtures');

/** A fresh copy of a sample invoice. */
export function loadFixture(name: FixtureName): JsonObject {
  return JSON.parse(readFileSync(join(fixtureDir, `${name}.json`), 'utf8')) as JsonObject;
}

/** The raw bytes of a sample invoice, as they would sit in a Kafka record. */
export function fixtureBytes(name: FixtureName): Uint8Array {
  return new Uint8Array(readFileSync(join(fixtureDir, `${name}.json`)));
}

/**
 * The valid sample with one value replaced at a JSON pointer ("/lines/0/quantity");
 * `undefined` removes the field.
 */
export function validWith(pointer: string, value: unknown): JsonObject {
  const document = loadFixture('valid-basic');
  const keys = pointer.split('/').slice(1);
  const last = keys.pop();
  if (last === undefined) throw new Error('validWith needs a pointer to a field');
  let parent: unknown = document;
  for (const key of keys) parent = (parent as JsonObject)[key];
  if (value === undefined) delete (parent as JsonObject)[last];
  else (parent as JsonObject)[last] = value;
  return document;
}

export interface LineInput {
  quantity: number;
  unitPrice: number;
  taxRate: number;
}

/** The valid sample with other lines and totals. */
export function invoiceWithLines(lines: LineInput[], totals: { net: number; tax: number; gross: number }): JsonObject {
  const document = loadFixture('valid-basic');
  document.lines = lines.map((line, index) => ({ description: `Line ${index + 1}`, ...line }));
  document.totals = totals;
  return document;
}
