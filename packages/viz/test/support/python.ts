/** Runs the Python package under Debian's PyTorch (`/usr/bin/python3`), for the tests that compare it with the engine. */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const PYTHON = '/usr/bin/python3';
/** The repository's `python/` folder: the package and its tests. */
export const PYTHON_DIR = fileURLToPath(new URL('../../../../python/', import.meta.url));

/** Runs `python/<script>` with the package importable; returns its standard output. */
export function runPython(script: string, args: readonly string[] = [], options: { cwd?: string } = {}): string {
  if (!existsSync(PYTHON)) throw new Error(`${PYTHON} is missing: run 'node scripts/ensure-system-packages.mjs' (as root it installs Debian's python3-torch)`);
  return execFileSync(PYTHON, [`${PYTHON_DIR}${script}`, ...args], {
    encoding: 'utf8',
    env: { ...process.env, PYTHONPATH: PYTHON_DIR, PYTHONDONTWRITEBYTECODE: '1' },
    maxBuffer: 1 << 30,
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}
