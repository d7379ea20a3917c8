/**
 * `npm run docs:openapi`: writes the schemas generated from lib/contracts into
 * docs/openapi.yaml. `-- --check` changes nothing and fails when the document is not what the
 * schemas generate (test/unit/contracts/openapi-generated.test.ts does the same in the suite).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { withGeneratedSchemas } from '../../lib/contracts/openapi-document';

const DOCUMENT = path.join(__dirname, '..', '..', 'docs', 'openapi.yaml');

const current = readFileSync(DOCUMENT, 'utf8');
const generated = withGeneratedSchemas(current);
if (process.argv.includes('--check')) {
  if (generated !== current) {
    console.error('docs/openapi.yaml is not what lib/contracts generates: run npm run docs:openapi and commit it');
    process.exitCode = 1;
  }
} else if (generated === current) {
  console.log('docs/openapi.yaml is up to date');
} else {
  writeFileSync(DOCUMENT, generated);
  console.log('docs/openapi.yaml: schemas regenerated from lib/contracts');
}
