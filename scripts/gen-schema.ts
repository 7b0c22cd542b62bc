/**
 * Writes schema/rtc-devtools-bundle.v1.json, the published JSON Schema of the bundle, from the one source
 * (core/bundle/schema.ts, which the importer's checker also reads), so tools outside the project validate
 * bundles against exactly what the project checks. Run `npm run gen:schema` after changing the schema;
 * tests/unit/schema/bundle-schema.test.ts fails while the committed file is not current.
 */
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleSchema } from '../core/bundle/schema.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Where the file lives, relative to the repository root. */
export const SCHEMA_PATH = 'schema/rtc-devtools-bundle.v1.json';

/** The exact text of the file: stable key order (the source's), two-space indent, final newline. */
export function schemaFileText(): string {
  return `${JSON.stringify(bundleSchema, null, 2)}\n`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = resolve(root, SCHEMA_PATH);
  writeFileSync(out, schemaFileText());
  process.stdout.write(`wrote ${SCHEMA_PATH}\n`);
}
