/**
 * docs/openapi.yaml with its `components.schemas` replaced by the generated ones. The rest of
 * the document (paths, parameters, responses, examples) is written there once, by hand, and
 * kept as it is, comments included.
 */
import { parseDocument } from 'yaml';
import { generatedSchemas } from './openapi-schemas';

export const SCHEMAS_NOTE = ' Generated from lib/contracts (zod) by `npm run docs:openapi`: edit the schemas there, never here.';

export function withGeneratedSchemas(documentText: string): string {
  const document = parseDocument(documentText);
  const schemas = document.createNode(generatedSchemas());
  schemas.commentBefore = SCHEMAS_NOTE;
  document.setIn(['components', 'schemas'], schemas);
  return document.toString({ lineWidth: 0, blockQuote: 'literal', flowCollectionPadding: false });
}
