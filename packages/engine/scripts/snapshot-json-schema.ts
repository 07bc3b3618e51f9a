// The snapshot's JSON Schema, generated from its TypeScript types (packages/engine/src/snapshot/schema.ts),
// so that producers in other languages (the Python package's tests) check exports without Node.
// `npx tsx packages/engine/scripts/snapshot-json-schema.ts` writes packages/engine/snapshot.schema.json; a test checks it is current.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createGenerator } from 'ts-json-schema-generator';

const engine = fileURLToPath(new URL('../', import.meta.url));

/** The schema as text; extra properties are refused, so a misspelt field is caught. */
export function snapshotJsonSchema(): string {
  const schema = createGenerator({
    path: `${engine}src/snapshot/schema.ts`,
    tsconfig: `${engine}tsconfig.json`,
    type: 'GraphSnapshot',
    additionalProperties: false,
    skipTypeCheck: true,
  }).createSchema('GraphSnapshot');
  return `${JSON.stringify(schema, null, 1)}\n`;
}

export const SCHEMA_FILE = `${engine}snapshot.schema.json`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(SCHEMA_FILE, snapshotJsonSchema());
  console.log(`wrote ${SCHEMA_FILE}`);
}
