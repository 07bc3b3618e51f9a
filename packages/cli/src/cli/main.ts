/** `gradviz render` and `gradviz explain`: the CLI without the process around it, so tests can run it in-process. */
import type { Finding } from '@gradviz/viz/internal/diagnose';
import type { GradvizGraph } from '@gradviz/viz';
import { format, type Lang, message, type MessageRef, plural } from '@gradviz/viz/internal/messages/index';
import { environmentLang } from '@gradviz/viz/internal/messages/lang';
import { type Command, langOf, parseCommandLine } from './args.js';
import { CliError } from './errors.js';
import { helpText } from './help.js';
import { loadGraph } from './load.js';
import { type TextSink, checkOutputPath, layoutWithProgress, writeGraph } from './output.js';

export interface CliStreams {
  readonly stdout: TextSink;
  readonly stderr: TextSink;
}

type Input = Extract<Command, { kind: 'render' | 'explain' }>;

/** The command's file drawn; a module's own console output goes to stderr, away from the picture on stdout. */
function load(command: Input, io: CliStreams): Promise<GradvizGraph> {
  return loadGraph(command.file, command.options, { timeoutMs: command.timeoutMs, moduleOutput: io.stderr });
}

async function render(command: Extract<Command, { kind: 'render' }>, io: CliStreams, lang: Lang): Promise<void> {
  if (command.out !== undefined) checkOutputPath(command.out);
  const graph = await load(command, io);
  if (command.out !== undefined) return writeGraph(graph, command.out, io.stderr, lang);
  layoutWithProgress(graph, io.stderr, lang);
  io.stdout.write(graph.toSVG());
}

function findingText(finding: Finding, lang: Lang): string {
  const fix = format(lang, message('explain.fix', { fix: finding.fix }));
  const pytorch = finding.pytorch === undefined ? '' : `  ${format(lang, message('cli.pytorchSays', { error: finding.pytorch }))}\n`;
  return `${format(lang, message(`severity.${finding.severity}`))}: ${finding.text}\n${pytorch}  ${fix}\n`;
}

/** What `explain --json` prints: the findings, and the explanation of each param (or of `--param` alone). */
function explanationJson(graph: GradvizGraph, param: string | undefined): string {
  const names = param !== undefined ? [param] : [...new Set(graph.snapshot.params.map((p) => p.name))];
  const explanations = Object.fromEntries(names.map((name) => [name, graph.explain(name)]));
  return `${JSON.stringify({ findings: graph.diagnostics, explanations }, null, 1)}\n`;
}

/** An explanation of the file, or the file named in what went wrong (an unknown `--param`). */
function aboutFile(file: string, say: () => string): string {
  try {
    return say();
  } catch (error) {
    throw new CliError(message('cli.fileProblem', { file, problem: error instanceof Error ? error.message : String(error) }));
  }
}

async function explain(command: Extract<Command, { kind: 'explain' }>, io: CliStreams): Promise<void> {
  const graph = await load(command, io);
  // The graph's language: --lang, the module's own option, or the environment's.
  const lang = graph.lang;
  if (command.json) {
    io.stdout.write(aboutFile(command.file, () => explanationJson(graph, command.param)));
    return;
  }
  if (command.param !== undefined) {
    const param = command.param;
    io.stdout.write(`${aboutFile(command.file, () => graph.explain(param))}\n`);
    return;
  }
  const findings = graph.diagnostics;
  const say = (ref: MessageRef) => format(lang, ref);
  if (findings.length === 0) {
    io.stdout.write(`${command.file}: ${say(message('diagnosis.nothing'))}\n`);
    return;
  }
  const heading = say(message(plural('cli.findings', findings.length), { count: findings.length }));
  io.stdout.write(`${command.file}: ${heading}\n${findings.map((f) => findingText(f, lang)).join('')}`);
}

/** Runs one command line; returns the exit status. Errors are reported on stderr, one line each, in `--lang` or the environment's language. */
export async function main(argv: readonly string[], io: CliStreams): Promise<number> {
  const lang = langOf(argv) ?? environmentLang();
  try {
    const command = parseCommandLine(argv);
    if (command.kind === 'help') io.stdout.write(helpText(lang));
    else if (command.kind === 'render') await render(command, io, lang);
    else await explain(command, io);
    return 0;
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr.write(`gradviz: ${error.textIn(lang)}\n`);
      return error.exitCode;
    }
    // Not an error the CLI foresaw: the stack helps whoever reports it.
    const problem = error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.stderr.write(`gradviz: ${format(lang, message('cli.unexpected', { problem }))}\n`);
    return 1;
  }
}
