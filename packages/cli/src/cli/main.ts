/** `gradviz render` and `gradviz explain`: the CLI without the process around it, so tests can run it in-process. */
import { type Finding, NOTHING_STOPS_A_GRADIENT } from '@gradviz/viz/internal/diagnose';
import type { GradvizGraph } from '@gradviz/viz';
import { type Command, parseCommandLine } from './args.js';
import { CliError } from './errors.js';
import { HELP } from './help.js';
import { loadGraph } from './load.js';
import { type TextSink, checkOutputPath, layoutWithProgress, writeGraph } from './output.js';

export interface CliStreams {
  readonly stdout: TextSink;
  readonly stderr: TextSink;
}

/** The command's file drawn; a module's own console output goes to stderr, away from the picture on stdout. */
function load(command: Extract<Command, { kind: 'render' | 'explain' }>, io: CliStreams): Promise<GradvizGraph> {
  return loadGraph(command.file, command.options, { timeoutMs: command.timeoutMs, moduleOutput: io.stderr });
}

async function render(command: Extract<Command, { kind: 'render' }>, io: CliStreams): Promise<void> {
  if (command.out !== undefined) checkOutputPath(command.out);
  const graph = await load(command, io);
  if (command.out !== undefined) return writeGraph(graph, command.out, io.stderr);
  layoutWithProgress(graph, io.stderr);
  io.stdout.write(graph.toSVG());
}

function findingText(finding: Finding): string {
  return `${finding.severity}: ${finding.text}\n  Fix: ${finding.fix}\n`;
}

/** What `explain --json` prints: the findings, and the explanation of each param (or of `--param` alone). */
function explanationJson(graph: GradvizGraph, param: string | undefined): string {
  const names = param !== undefined ? [param] : [...new Set(graph.snapshot.params.map((p) => p.name))];
  const explanations = Object.fromEntries(names.map((name) => [name, graph.explain(name)]));
  return `${JSON.stringify({ findings: graph.diagnostics, explanations }, null, 1)}\n`;
}

async function explain(command: Extract<Command, { kind: 'explain' }>, io: CliStreams): Promise<void> {
  const graph = await load(command, io);
  if (command.json) {
    try {
      io.stdout.write(explanationJson(graph, command.param));
    } catch (error) {
      throw new CliError(`${command.file}: ${error instanceof Error ? error.message : String(error)}`);
    }
    return;
  }
  if (command.param !== undefined) {
    try {
      io.stdout.write(`${graph.explain(command.param)}\n`);
    } catch (error) {
      throw new CliError(`${command.file}: ${error instanceof Error ? error.message : String(error)}`);
    }
    return;
  }
  const findings = graph.diagnostics;
  if (findings.length === 0) {
    io.stdout.write(`${command.file}: ${NOTHING_STOPS_A_GRADIENT}\n`);
    return;
  }
  io.stdout.write(`${command.file}: ${findings.length} finding${findings.length === 1 ? '' : 's'}\n${findings.map(findingText).join('')}`);
}

/** Runs one command line; returns the exit status. Errors are reported on stderr, one line each. */
export async function main(argv: readonly string[], io: CliStreams): Promise<number> {
  try {
    const command = parseCommandLine(argv);
    if (command.kind === 'help') io.stdout.write(HELP);
    else if (command.kind === 'render') await render(command, io);
    else await explain(command, io);
    return 0;
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr.write(`gradviz: ${error.message}\n`);
      return error.exitCode;
    }
    // Not an error the CLI foresaw: the stack helps whoever reports it.
    io.stderr.write(`gradviz: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}
