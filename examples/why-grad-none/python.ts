/** Runs the Python programs on PyTorch (`run.py`, under Debian's /usr/bin/python3), for the tests and the docs. */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { GraphSnapshot } from '@gradviz/engine/snapshot-schema';

export const PYTHON = '/usr/bin/python3';
const RUNNER = fileURLToPath(new URL('./run.py', import.meta.url));
const PACKAGE = fileURLToPath(new URL('../../python/', import.meta.url));

export interface PythonRun {
  /** The graph its make_dot() call drew. */
  readonly snapshot: GraphSnapshot;
  /** Each named tensor's gradient once backward() ran: 'none', 'zero' or 'ok'. */
  readonly grads: Readonly<Record<string, 'none' | 'zero' | 'ok'>>;
  /** What backward() raised, as PyTorch words it. */
  readonly backwardError: string | null;
}

export function hasPyTorch(): boolean {
  return existsSync(PYTHON);
}

/** Runs each program in one Python process, as a notebook would (inside gradviz.record()). */
export function runPythonPrograms(programs: readonly { name: string; source: string }[]): Record<string, PythonRun> {
  if (!hasPyTorch()) throw new Error(`${PYTHON} is missing: run 'node scripts/ensure-system-packages.mjs' (as root it installs Debian's python3-torch)`);
  const out = execFileSync(PYTHON, [RUNNER], {
    input: JSON.stringify(programs),
    encoding: 'utf8',
    env: { ...process.env, PYTHONPATH: PACKAGE, PYTHONDONTWRITEBYTECODE: '1' },
    maxBuffer: 1 << 28,
  });
  return JSON.parse(out) as Record<string, PythonRun>;
}
