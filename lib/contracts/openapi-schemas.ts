/**
 * The `components.schemas` of docs/openapi.yaml, generated from the zod schemas of
 * lib/contracts with zod's own JSON Schema output (draft 2020-12, which OpenAPI 3.1 uses).
 * Every schema with an `id` in its metadata becomes a component; references between them
 * become `$ref`s. cli/docs/openapi.ts writes them into the document; a unit test fails when
 * the committed document differs from what this generates.
 */
import { z } from 'zod';
import * as admin from './admin-api';
import * as invoice from './invoice';
import * as publicApi from './public-api';
import * as reasons from './reasons';

/** Every contract module, imported so that its schemas are registered before generating. */
export const CONTRACT_MODULES = { admin, invoice, publicApi, reasons };

type JsonNode = Record<string, unknown>;

export function generatedSchemas(): Record<string, JsonNode> {
  const { schemas } = z.toJSONSchema(z.globalRegistry, {
    target: 'draft-2020-12',
    uri: (id) => `#/components/schemas/${id}`,
    // Requests are read as sent and answers are documented as the client reads them: the input side
    // leaves objects open (unknown members are ignored), as the document always said.
    io: 'input',
    unrepresentable: 'any',
  });
  const sorted: Record<string, JsonNode> = {};
  for (const id of Object.keys(schemas).sort()) sorted[id] = tidy(schemas[id]) as JsonNode;
  return sorted;
}

/** Drops what zod adds that says nothing to a reader: each component's own $schema and $id, and the safe-integer bounds of every integer. */
function tidy(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(tidy);
  if (typeof node !== 'object' || node === null) return node;
  const out: JsonNode = {};
  for (const [key, value] of Object.entries(node as JsonNode)) {
    if (key === '$schema' || key === '$id') continue;
    if ((key === 'maximum' && value === Number.MAX_SAFE_INTEGER) || (key === 'minimum' && value === Number.MIN_SAFE_INTEGER)) continue;
    out[key] = tidy(value);
  }
  return out;
}
