#!/usr/bin/env node
// The gradviz CLI. Installed from npm it runs the compiled dist/; in a checkout of gradviz (src/
// beside it, which the package does not ship), the TypeScript sources through tsx.
import { existsSync } from 'node:fs';

const source = new URL('../src/cli/main.ts', import.meta.url);
let main;
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import(source.href));
} else {
  ({ main } = await import('../dist/cli/main.js'));
}
process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
