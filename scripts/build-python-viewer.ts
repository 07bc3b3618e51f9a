/**
 * Builds the notebook viewer into the Python package: `<gradviz-graph>` as one classic script,
 * `python/gradviz/_static/viewer.js`, so `gradviz` needs no Node in a notebook. Run by `pnpm build`.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { browserBundle } from '../packages/cli/src/html/bundle.js';

const target = join(dirname(fileURLToPath(import.meta.url)), '..', 'python', 'gradviz', '_static', 'viewer.js');
mkdirSync(dirname(target), { recursive: true });
// Written beside, then renamed: an interrupted build never leaves half a viewer.
const temporary = `${target}.${process.pid}.tmp`;
writeFileSync(temporary, `/* gradviz notebook viewer: built from packages/viz by scripts/build-python-viewer.ts */\n${browserBundle('component')}`);
renameSync(temporary, target);
console.log(`build: wrote ${target}`);
