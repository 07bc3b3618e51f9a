/**
 * A module is code: the CLI runs it in a child process (module-child.ts) and takes back only its
 * graph, as JSON. So the module's console output cannot mix with the SVG on stdout (it goes to
 * stderr), a module that exits the process or never settles ends only its own process, and a time
 * limit can stop it. The snapshot it sends is validated by makeDot here, like any snapshot.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { GraphSource } from './module-export.js';
import { message } from '@gradviz/viz/internal/messages/index';
import { CliError } from './errors.js';
import type { ModuleReply, ModuleRequest } from './module-child.js';
import type { TextSink } from './output.js';

const HOST = fileURLToPath(new URL('./module-host.mjs', import.meta.url));

/** How long a child that has replied may take to exit. */
const EXIT_GRACE_MS = 5000;

/** Node's exit status for a top-level await that never settled. */
const UNSETTLED_TOP_LEVEL_AWAIT = 13;

export interface ModuleLimits {
  readonly timeoutMs: number;
  /** Where the module's own console output goes. */
  readonly output: TextSink;
}

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}

/** Why the child ended without a reply. */
function endedWithoutReply(file: string, code: number | null, signal: NodeJS.Signals | null, timedOut: boolean, timeoutMs: number): CliError {
  if (timedOut) {
    return new CliError(message('cli.loadTimeout', { file, seconds: seconds(timeoutMs) }));
  }
  if (code === UNSETTLED_TOP_LEVEL_AWAIT) {
    return new CliError(message('cli.neverSettled', { file }));
  }
  const how = signal !== null ? message('cli.killedBy', { signal }) : message('cli.exitedWith', { code: String(code) });
  return new CliError(message('cli.endedProcess', { file, how }));
}

function fromReply(reply: ModuleReply): GraphSource {
  if (reply.kind === 'graph') return { outputs: reply.snapshot, options: reply.options };
  if (reply.kind === 'refused') throw new CliError(reply.message);
  // Not an error gradviz foresaw: keep the child's stack for the report.
  const error = new Error(reply.stack.split('\n')[0]);
  error.stack = reply.stack;
  throw error;
}

/** Runs the module in a child process and returns what makeDot is to draw. */
export function loadModuleInChild(request: ModuleRequest, limits: ModuleLimits): Promise<GraphSource> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [HOST, JSON.stringify(request)], {
      cwd: request.cwd,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      // Structured clone: a function among the options is refused, not silently dropped as JSON would.
      serialization: 'advanced',
    });
    for (const stream of [child.stdout!, child.stderr!]) stream.setEncoding('utf8').on('data', (text: string) => limits.output.write(text));
    let reply: ModuleReply | undefined;
    let timedOut = false;
    let timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, limits.timeoutMs);
    child.on('message', (message: ModuleReply) => {
      reply ??= message;
      // The child exits once its reply is sent (cleanly, so the helpers tsx started end too);
      // one whose exit handlers hang is stopped.
      clearTimeout(timer);
      timer = setTimeout(() => child.kill('SIGKILL'), EXIT_GRACE_MS);
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new CliError(message('cli.cannotStart', { file: request.file, problem: error.message })));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      try {
        if (reply === undefined) throw endedWithoutReply(request.file, code, signal, timedOut, limits.timeoutMs);
        resolve(fromReply(reply));
      } catch (error) {
        reject(error);
      }
    });
  });
}
