/** `pnpm docs:build [--out DIR]`: builds the docs site into docs/.site (or DIR). */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildSite, repoRoot } from './site.js';

const { values } = parseArgs({ options: { out: { type: 'string' } } });
const outDir = resolve(values.out ?? resolve(repoRoot, 'docs/.site'));
const start = performance.now();
const files = await buildSite(outDir);
console.log(`docs: wrote ${files.length} files to ${outDir} in ${((performance.now() - start) / 1000).toFixed(1)} s`);
