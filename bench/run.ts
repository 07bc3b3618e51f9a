/**
 * Runs every benchmark: each `bench/*.ts` file other than this one runs when imported.
 * Usage: `npm run bench` (all), or `npx tsx bench/run.ts viz-layout` (files whose name contains an argument).
 */
import { readdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const here = new URL('./', import.meta.url);
const filters = process.argv.slice(2);
const files = readdirSync(here)
  .filter((name) => name.endsWith('.ts') && name !== 'run.ts')
  .filter((name) => filters.length === 0 || filters.some((filter) => name.includes(filter)))
  .sort();

for (const name of files) {
  console.log(`\n# ${name}\n`);
  await import(pathToFileURL(new URL(name, here).pathname).href);
}
