#!/usr/bin/env node
// The gradviz CLI: TypeScript sources (its own and the modules it draws) load through tsx.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
