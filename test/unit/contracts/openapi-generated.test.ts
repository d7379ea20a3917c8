/**
 * docs/openapi.yaml's schemas are generated from lib/contracts: this fails when someone edits
 * them by hand or changes a contract without regenerating (npm run docs:openapi).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { withGeneratedSchemas } from '../../../lib/contracts/openapi-document';
import { generatedSchemas } from '../../../lib/contracts/openapi-schemas';
import { INVOICE_LIMITS } from '../../../lib/domain/invoice-limits';
import { REASON_CODES } from '../../../lib/domain/reasons';

const DOCUMENT = path.join(__dirname, '..', '..', '..', 'docs', 'openapi.yaml');

describe('the OpenAPI document', () => {
  it('holds exactly the schemas lib/contracts generates (run npm run docs:openapi after changing a contract)', () => {
    // Prepare
    const committed = readFileSync(DOCUMENT, 'utf8');

    // Act
    const generated = withGeneratedSchemas(committed);

    // Assess
    expect(generated === committed).toBe(true);
  });

  it('takes the invoice limits and the reason codes from the domain, not from a copy', () => {
    // Act
    const schemas = generatedSchemas() as Record<string, { properties?: Record<string, Record<string, unknown>>; enum?: unknown[]; maximum?: number }>;

    // Assess
    expect(schemas.Invoice?.properties?.lines).toMatchObject({ minItems: INVOICE_LIMITS.minLines, maxItems: INVOICE_LIMITS.maxLines });
    expect(schemas.InvoiceLine?.properties?.description).toMatchObject({ maxLength: INVOICE_LIMITS.maxDescriptionChars });
    expect(schemas.Amount?.maximum).toBe(INVOICE_LIMITS.maxAmount);
    expect(schemas.ReasonCode?.enum).toEqual([...REASON_CODES]);
  });

  it('describes every history event by its action, each with its own fields', () => {
    // Act
    const event = generatedSchemas().QuarantineEvent as { oneOf: Array<{ properties: { action: { const: string } }; required: string[] }> };

    // Assess
    expect(event.oneOf.map((variant) => variant.properties.action.const)).toEqual(['QUARANTINED', 'RESEND_REJECTED', 'RESENT', 'RESEND_FAILED', 'DISCARDED']);
    expect(event.oneOf.find((variant) => variant.properties.action.const === 'RESENT')?.required).toContain('newMessageId');
  });

  it('is a document whose every $ref names a component that exists', () => {
    // Prepare
    const document = parse(readFileSync(DOCUMENT, 'utf8')) as { components: { schemas: Record<string, unknown> } };
    const refs = [...readFileSync(DOCUMENT, 'utf8').matchAll(/#\/components\/schemas\/(\w+)/g)].map((match) => match[1] as string);

    // Assess
    expect(refs.filter((name) => !(name in document.components.schemas))).toEqual([]);
  });
});
