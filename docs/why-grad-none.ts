/**
 * The page "Why is my .grad None?", in English and in Japanese, made from the learners' programs of
 * examples/why-grad-none/ — the same programs, findings and fixes the tests check
 * (examples/test/why-grad-none.test.ts): for each cause, what gradviz says, the picture, the
 * program, and the program with the fix applied; and the same for the PyTorch version, run on
 * PyTorch when it is installed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { diagnose, type Finding, makeDot } from '@gradviz/viz';
import { CASES, type LearnerCase, type LearnerProgram } from '../examples/why-grad-none/cases.js';
import { hasPyTorch, runPythonPrograms } from '../examples/why-grad-none/python.js';

type Lang = 'en' | 'ja';

/** A generated page: its markdown, with figures put in after rendering (inline SVG is not markdown). */
export interface GeneratedPage {
  readonly file: string;
  readonly title: string;
  readonly lang: Lang;
  readonly markdown: string;
  readonly figures: readonly string[];
}

/** A figure's place in the markdown, replaced by its SVG once rendered. */
export const figurePlaceholder = (index: number): string => `<!-- gradviz-figure ${index} -->`;

type Words = Readonly<Record<'title' | 'intro' | 'other' | 'says' | 'fix' | 'pytorchError' | 'program' | 'fixed' | 'python' | 'pythonSays' | 'noPython' | `severity_${Finding['severity']}`, string>>;

const WORDS: Readonly<Record<Lang, Words>> = {
  en: {
    title: 'Why is my .grad None?',
    intro:
      'Each section is a short program written the way learners write them, the cause gradviz finds in it, the picture, and the fix. The pages are made from the programs in `examples/why-grad-none/` and the fixes the tests apply to them (`examples/test/why-grad-none.test.ts`): each fix, applied to the program, makes the gradient arrive — on the TypeScript engine and, for the PyTorch version, on PyTorch.',
    other: '[日本語で読む](why-grad-none.ja.md)',
    says: 'gradviz says',
    fix: 'Fix',
    pytorchError: 'PyTorch raises',
    program: 'The program',
    fixed: 'With the fix applied',
    python: 'In PyTorch',
    pythonSays: 'gradviz says about the PyTorch version',
    noPython: 'PyTorch is not installed where these pages were built: the PyTorch versions are shown without what gradviz says about them.',
    severity_error: 'error',
    severity_warning: 'warning',
    severity_info: 'note',
  },
  ja: {
    title: 'なぜ .grad が None なのか',
    intro:
      '各節は、学習者が書きがちな短いプログラムと、gradviz がそこに見つける原因、図、そして直し方です。このページは `examples/why-grad-none/` のプログラムと、テスト（`examples/test/why-grad-none.test.ts`）がそれに当てる直し方から作っています。どの直し方も、プログラムに当てると勾配が届くことを TypeScript のエンジンで、PyTorch 版は PyTorch で確かめています。',
    other: '[Read in English](why-grad-none.md)',
    says: 'gradviz の指摘',
    fix: '直し方',
    pytorchError: 'PyTorch のエラー',
    program: 'プログラム',
    fixed: '直したプログラム',
    python: 'PyTorch では',
    pythonSays: 'PyTorch 版への gradviz の指摘',
    noPython: 'このページを作った環境には PyTorch がないため、PyTorch 版は指摘なしで示しています。',
    severity_error: 'エラー',
    severity_warning: '警告',
    severity_info: '注記',
  },
};

/** The changed lines of `after` against `before`, as a unified diff's body (both are a few lines: the plain quadratic table will do). */
export function lineDiff(before: string, after: string): string {
  const a = before.trimEnd().split('\n');
  const b = after.trimEnd().split('\n');
  const common: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) for (let j = b.length - 1; j >= 0; j--) common[i]![j] = a[i] === b[j] ? common[i + 1]![j + 1]! + 1 : Math.max(common[i + 1]![j]!, common[i]![j + 1]!);
  const out: string[] = [];
  let [i, j] = [0, 0];
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      out.push(`  ${a[i]}`);
      i++;
      j++;
    } else if (i < a.length && (j === b.length || common[i + 1]![j]! >= common[i]![j + 1]!)) out.push(`- ${a[i++]}`);
    else out.push(`+ ${b[j++]}`);
  }
  // Only the lines around a change: a program is short, but the diff should point at the fix.
  const near = new Set<number>();
  out.forEach((line, k) => {
    if (!line.startsWith('  ')) for (let d = -2; d <= 2; d++) near.add(k + d);
  });
  return out.filter((_, k) => near.has(k)).join('\n');
}

function fence(language: string, code: string): string {
  const ticks = code.includes('```') ? '````' : '```';
  return `${ticks}${language}\n${code.trimEnd()}\n${ticks}`;
}

function findingMarkdown(finding: Finding, words: Words): string {
  const lines = [`**${words.says}** (${words[`severity_${finding.severity}`]}): ${finding.summary}`, '', finding.text, '', `**${words.fix}**: ${finding.fix}`];
  if (finding.pytorch !== undefined) lines.push('', `${words.pytorchError}:`, '', fence('text', finding.pytorch));
  return lines.join('\n');
}

interface CaseFacts {
  readonly c: LearnerCase;
  readonly typescript: string;
  readonly python: string | undefined;
  readonly program: LearnerProgram;
  /** The PyTorch version's findings, by language, when PyTorch ran it. */
  readonly pythonFindings: Readonly<Record<Lang, readonly Finding[]>> | undefined;
}

async function gather(repoRoot: string): Promise<{ facts: CaseFacts[]; ranPython: boolean }> {
  const folder = join(repoRoot, 'examples/why-grad-none');
  const read = (name: string) => readFileSync(join(folder, name), 'utf8');
  const ranPython = hasPyTorch();
  const python = ranPython ? runPythonPrograms(CASES.filter((c) => c.python).map((c) => ({ name: c.name, source: read(`${c.name}.py`) }))) : {};
  const facts: CaseFacts[] = [];
  for (const c of CASES) {
    const program = ((await import(pathToFileURL(join(folder, `${c.name}.ts`)).href)) as { default: LearnerProgram }).default;
    const run = python[c.name];
    facts.push({
      c,
      typescript: read(`${c.name}.ts`),
      python: c.python ? read(`${c.name}.py`) : undefined,
      program,
      pythonFindings: run === undefined ? undefined : { en: diagnose(run.snapshot, { lang: 'en' }), ja: diagnose(run.snapshot, { lang: 'ja' }) },
    });
  }
  return { facts, ranPython };
}

function page(lang: Lang, facts: readonly CaseFacts[], ranPython: boolean): GeneratedPage {
  const words = WORDS[lang];
  const figures: string[] = [];
  const sections = facts.map((f, index) => {
    const graph = makeDot(f.program.outputs, { params: f.program.params, lang });
    const finding = graph.diagnostics.find((d) => d.kind === f.c.kind)!;
    figures.push(graph.toSVG());
    const parts = [
      `## ${index + 1}. ${f.c.title[lang]}`,
      findingMarkdown(finding, words),
      figurePlaceholder(figures.length - 1),
      `${words.program} (\`examples/why-grad-none/${f.c.name}.ts\`):`,
      fence('ts', f.typescript),
      `${words.fixed}:`,
      fence('diff', lineDiff(f.typescript, f.c.fix(f.typescript, finding, 'typescript'))),
    ];
    if (f.python !== undefined) {
      parts.push(`### ${words.python}`, `\`examples/why-grad-none/${f.c.name}.py\`:`, fence('python', f.python));
      const pythonFinding = f.pythonFindings?.[lang].find((d) => d.kind === f.c.kind);
      if (pythonFinding !== undefined) {
        parts.push(`${words.pythonSays}: ${pythonFinding.summary}`, `**${words.fix}**: ${pythonFinding.fix}`, `${words.fixed}:`, fence('diff', lineDiff(f.python, f.c.fix(f.python, pythonFinding, 'python'))));
      }
    }
    return parts.join('\n\n');
  });
  const markdown = [`# ${words.title}`, words.other, words.intro, ...(ranPython ? [] : [words.noPython]), ...sections].join('\n\n');
  return { file: lang === 'en' ? 'why-grad-none.md' : 'why-grad-none.ja.md', title: words.title, lang, markdown: `${markdown}\n`, figures };
}

/** Both pages, from one run of the programs. */
export async function whyGradNonePages(repoRoot: string): Promise<GeneratedPage[]> {
  const { facts, ranPython } = await gather(repoRoot);
  return [page('en', facts, ranPython), page('ja', facts, ranPython)];
}
