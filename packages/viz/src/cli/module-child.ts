/**
 * The child process a module runs in (started by module-loader.ts): imports the module, reads its
 * default export as makeDot's arguments, and sends back the snapshot and options as JSON over the
 * IPC channel. The module's console output goes to this process's stdout and stderr, which the
 * parent forwards to its stderr; whatever the module does to this process stays here.
 */
import type { GraphSnapshot } from '@gradviz/engine/snapshot-schema';
import type { MakeDotOptions } from '../make-dot.js';
import type { FlagOptions } from './args.js';
import { CliError, thrownText } from './errors.js';
import { draw, readModule } from './load.js';

/** What the parent asks for: the module, how to name it in messages, and the flags makeDot will get. */
export interface ModuleRequest {
  readonly path: string;
  readonly file: string;
  readonly cwd: string;
  readonly flags: FlagOptions;
}

export type ModuleReply =
  | { readonly kind: 'graph'; readonly snapshot: GraphSnapshot; readonly options: MakeDotOptions }
  /** A problem with the module, in one line. */
  | { readonly kind: 'refused'; readonly message: string }
  /** A bug in gradviz: the stack helps whoever reports it. */
  | { readonly kind: 'unexpected'; readonly stack: string };

const request = JSON.parse(process.argv[2]!) as ModuleRequest;
const { file } = request;

let replied = false;
/** The one reply; the process ends once it is sent, whatever the module left running. */
function reply(message: ModuleReply): void {
  if (replied) return;
  replied = true;
  try {
    process.send!(message, () => process.exit(0));
  } catch (error) {
    // The options did not serialize (a BigInt, a cycle): say so instead.
    replied = false;
    reply({ kind: 'refused', message: `${file}: the default export's options are not plain data: ${thrownText(error)}` });
  }
}

// The channel alone must not keep this process alive: when nothing else does, the module never settled.
process.channel?.unref();
process.on('beforeExit', () =>
  reply({ kind: 'refused', message: `${file} never settled: its top-level await, or the promise it exports, waits for something that nothing will do` }),
);
for (const event of ['uncaughtException', 'unhandledRejection'] as const) {
  process.on(event, (error: unknown) => reply({ kind: 'refused', message: `${file} failed while loading: ${thrownText(error)}` }));
}

try {
  const source = await readModule(request.path, file);
  const graph = draw(source, file, request.flags, request.cwd);
  const { params: _named, ...options } = source.options;
  reply({ kind: 'graph', snapshot: graph.snapshot, options });
} catch (error) {
  reply(
    error instanceof CliError
      ? { kind: 'refused', message: error.message }
      : { kind: 'unexpected', stack: error instanceof Error ? (error.stack ?? error.message) : String(error) },
  );
}
