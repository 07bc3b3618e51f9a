/**
 * The child process a module runs in (started by module-loader.ts): imports the module, reads its
 * default export as makeDot's arguments, and sends back the snapshot and options, plain data, over
 * the IPC channel. The module's console output goes to this process's stdout and stderr, which the
 * parent forwards to its stderr; whatever the module does to this process stays here.
 */
import type { GraphSnapshot } from '@gradviz/engine/snapshot-schema';
import { toSnapshot } from '@gradviz/viz/internal/input';
import type { MakeDotOptions } from '@gradviz/viz';
import { message, type MessageRef } from '@gradviz/viz/internal/messages/index';
import { CliError, thrownText } from './errors.js';
import { readModule } from './module-export.js';

/** What the parent asks for: the module, and how to name it in messages. */
export interface ModuleRequest {
  readonly path: string;
  readonly file: string;
  readonly cwd: string;
}

export type ModuleReply =
  | { readonly kind: 'graph'; readonly snapshot: GraphSnapshot; readonly options: MakeDotOptions }
  /** A problem with the module, in one line (a message: the parent puts it into words). */
  | { readonly kind: 'refused'; readonly message: MessageRef }
  /** A bug in gradviz: the stack helps whoever reports it. */
  | { readonly kind: 'unexpected'; readonly stack: string };

const request = JSON.parse(process.argv[2]!) as ModuleRequest;
const { file } = request;

let replied = false;
/** The one reply; the process ends once it is sent, whatever the module left running. */
function reply(sent: ModuleReply): void {
  if (replied) return;
  replied = true;
  try {
    process.send!(sent, () => process.exit(0));
  } catch (error) {
    // The options are not plain data (a function, a class instance): say so instead.
    replied = false;
    reply({ kind: 'refused', message: message('cli.optionsNotData', { file, problem: thrownText(error) }) });
  }
}

// The channel alone must not keep this process alive: when nothing else does, the module never settled.
process.channel?.unref();
process.on('beforeExit', () =>
  reply({ kind: 'refused', message: message('cli.neverSettled', { file }) }),
);
for (const event of ['uncaughtException', 'unhandledRejection'] as const) {
  process.on(event, (error: unknown) => reply({ kind: 'refused', message: message('cli.failedLoading', { file, problem: thrownText(error) }) }));
}

/** The tensors' snapshot, with the params named (makeDot's own first step); its options are checked by the parent's makeDot. */
function snapshotOf(outputs: unknown, options: MakeDotOptions): GraphSnapshot {
  try {
    return toSnapshot(outputs, options.params, 'makeDot()');
  } catch (error) {
    throw new CliError(message('cli.fileProblem', { file, problem: thrownText(error) }));
  }
}

try {
  const source = await readModule(request.path, file);
  const { params: _named, ...options } = source.options;
  reply({ kind: 'graph', snapshot: snapshotOf(source.outputs, source.options), options });
} catch (error) {
  reply(
    error instanceof CliError
      ? { kind: 'refused', message: error.ref }
      : { kind: 'unexpected', stack: error instanceof Error ? (error.stack ?? error.message) : String(error) },
  );
}
