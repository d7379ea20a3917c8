/**
 * The content hash of an invoice: sha256 of its canonical JSON (keys sorted, no spacing),
 * so the same invoice sent with another key order or spacing is a duplicate, not a conflict.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

export function contentHash(document: unknown): string {
  return createHash('sha256').update(canonicalJson(document)).digest('hex');
}
