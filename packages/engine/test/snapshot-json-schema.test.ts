/** The committed JSON Schema of the snapshot is the one the TypeScript types give today. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SCHEMA_FILE, snapshotJsonSchema } from '../scripts/snapshot-json-schema.js';

describe('snapshot.schema.json', () => {
  it('is generated from src/snapshot/schema.ts (run `npx tsx packages/engine/scripts/snapshot-json-schema.ts` after changing the types)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(snapshotJsonSchema());
  });
});
