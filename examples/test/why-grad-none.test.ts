/**
 * The learners' programs of examples/why-grad-none/: for each, the finding names the cause (its
 * kind, the op or call, the line) and a fix that works — applied to the program, the gradient
 * arrives and nothing is left to report. The TypeScript programs run on the engine, the Python
 * ones on PyTorch (Debian's, through gradviz.record()).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Tensor } from '@gradviz/engine';
import type { CodeLanguage, GraphSnapshot } from '@gradviz/engine/snapshot-schema';
import { diagnose, type Finding, makeDot, validateSnapshot } from '@gradviz/viz';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASES, type LearnerCase, type LearnerProgram } from '../why-grad-none/cases.js';
import { type PythonRun, runPythonPrograms } from '../why-grad-none/python.js';

const folder = fileURLToPath(new URL('../why-grad-none/', import.meta.url));

function source(name: string, extension: 'ts' | 'py'): string {
  return readFileSync(join(folder, `${name}.${extension}`), 'utf8');
}

/** The 1-based line of `source` that holds `text` (exactly one must). */
function lineOf(source: string, text: string): number {
  const found = source.split('\n').flatMap((line, i) => (line.includes(text) ? [i + 1] : []));
  if (found.length !== 1) throw new Error(`'${text}' is on ${found.length} lines`);
  return found[0]!;
}

/** The case's finding: of its kind, naming its line and quoting what it must. */
function checkFinding(c: LearnerCase, findings: readonly Finding[], language: CodeLanguage, program: string): Finding {
  const finding = findings.find((f) => f.kind === c.kind);
  expect(finding, `${c.name} (${language}): ${JSON.stringify(findings.map((f) => f.kind))}`).toBeDefined();
  expect(finding!.places.map((p) => p.line)).toContain(lineOf(program, c.line[language]));
  const words = `${finding!.summary} ${finding!.text} ${finding!.fix}`;
  for (const quote of c.quotes[language]) expect(words, `${c.name} (${language})`).toContain(quote);
  return finding!;
}

/** What is left to report once fixed: nothing but the notes (severity info) and the warnings the case expects still. */
const leftAfterFix = (c: LearnerCase, findings: readonly Finding[]) =>
  findings.filter((f) => f.severity === 'error' || (f.severity === 'warning' && !(c.notesAfterFix ?? []).includes(f.kind)));

/** Imports a TypeScript program (a fixed one is written beside the others, so its imports resolve). */
async function importProgram(path: string): Promise<LearnerProgram> {
  return ((await import(path)) as { default: LearnerProgram }).default;
}

function namedTensors(program: LearnerProgram): [string, Tensor][] {
  return Symbol.iterator in program.params ? [...(program.params as Iterable<[string, Tensor]>)] : Object.entries(program.params);
}

describe('why is my .grad None: the TypeScript programs on the engine', () => {
  let scratch: string;
  beforeAll(() => {
    scratch = mkdtempSync(join(folder, '.fixed-'));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  for (const c of CASES) {
    it(`${c.name}: ${c.title.en}`, async () => {
      const program = source(c.name, 'ts');
      const broken = await importProgram(join(folder, `${c.name}.ts`));
      const graph = makeDot(broken.outputs, { params: broken.params, lang: 'en' });
      const finding = checkFinding(c, graph.diagnostics, 'typescript', program);
      // As JSON (a file, the CLI, a page), the snapshot validates and says the same.
      const json = validateSnapshot(JSON.parse(JSON.stringify(graph.snapshot)));
      expect(diagnose(json, { lang: 'en' }).map((f) => f.text)).toEqual(graph.diagnostics.map((f) => f.text));
      // The same finding in Japanese, with the same code.
      const ja = makeDot(broken.outputs, { params: broken.params, lang: 'ja' }).diagnostics.find((f) => f.kind === c.kind)!;
      expect(ja.text).toMatch(/[ぁ-んァ-ン]/);
      expect(ja.code).toBe(finding.code);

      const fixedPath = join(scratch, `${c.name}.ts`);
      // One folder down: the program's relative imports are rewritten to reach the same files.
      writeFileSync(fixedPath, c.fix(program, finding, 'typescript').replaceAll("from './", "from '../"));
      const fixed = await importProgram(fixedPath);
      expect(leftAfterFix(c, makeDot(fixed.outputs, { params: fixed.params }).diagnostics)).toEqual([]);
      if (fixed.outputs.gradFn?.releasedBy === undefined) fixed.outputs.backward();
      for (const [name, t] of namedTensors(fixed)) {
        expect(t.grad, `${c.name}: ${name}.grad after the fix`).not.toBeNull();
        expect(t.grad!.abs().sum().item(), `${c.name}: ${name}.grad after the fix`).toBeGreaterThan(0);
      }
    });
  }
});

describe('why is my .grad None: the Python programs on PyTorch', () => {
  const cases = CASES.filter((c) => c.python);
  let broken: Record<string, PythonRun>;
  let fixed: Record<string, PythonRun>;
  const findings: Record<string, Finding> = {};

  beforeAll(() => {
    broken = runPythonPrograms(cases.map((c) => ({ name: c.name, source: source(c.name, 'py') })));
    const fixes = cases.flatMap((c) => {
      const finding = diagnose(broken[c.name]!.snapshot, { lang: 'en' }).find((f) => f.kind === c.kind);
      if (finding === undefined) return [];
      findings[c.name] = finding;
      return [{ name: c.name, source: c.fix(source(c.name, 'py'), finding, 'python') }];
    });
    fixed = runPythonPrograms(fixes);
  }, 120_000);

  for (const c of cases) {
    it(`${c.name}: ${c.title.en}`, () => {
      const program = source(c.name, 'py');
      const snapshot: GraphSnapshot = validateSnapshot(broken[c.name]!.snapshot);
      expect(snapshot.language).toBe('python');
      checkFinding(c, diagnose(snapshot, { lang: 'en' }), 'python', program);
      const after = fixed[c.name]!;
      expect(after.backwardError).toBeNull();
      expect(leftAfterFix(c, diagnose(after.snapshot, { lang: 'en' }))).toEqual([]);
      for (const [name, state] of Object.entries(after.grads)) expect(state, `${c.name}: ${name}.grad after the fix`).toBe('ok');
    });
  }
});
