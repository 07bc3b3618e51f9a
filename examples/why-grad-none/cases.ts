/**
 * "Why is my .grad None?": the learners' programs in this folder, each with the cause gradviz must
 * find and how to apply the fix it gives. The tests (examples/test/why-grad-none.test.ts) run each
 * program — the TypeScript one on the engine, the Python one on PyTorch — check the finding names
 * the right op, line and fix, apply the fix to the program and check the gradient then arrives;
 * the docs page (docs/why-grad-none.ts) is built from the same cases.
 */
import type { Tensor } from '@gradviz/engine';
import type { CodeLanguage } from '@gradviz/engine/snapshot-schema';
import type { Finding, FindingKind } from '@gradviz/viz';

type Lang = 'en' | 'ja';

/** What each program's module exports: what makeDot draws. */
export interface LearnerProgram {
  readonly outputs: Tensor;
  readonly params: Readonly<Record<string, Tensor>> | Iterable<readonly [string, Tensor]>;
}

export interface LearnerCase {
  /** The programs' file name: `<name>.ts`, `<name>.py`. */
  readonly name: string;
  readonly title: Readonly<Record<Lang, string>>;
  /** The finding that must name the cause. */
  readonly kind: FindingKind;
  /** Text on the line the finding must name, in each language's program. */
  readonly line: Readonly<Record<CodeLanguage, string>>;
  /** What the finding's words must quote (the op, the call, the fix's code), per language. */
  readonly quotes: Readonly<Record<CodeLanguage, readonly string[]>>;
  /** The program with the finding's fix applied. */
  readonly fix: (source: string, finding: Finding, language: CodeLanguage) => string;
  /** Whether there is a Python version (`<name>.py`). */
  readonly python: boolean;
  /** Notes still true once fixed: a named intermediate that retains its gradient is still not a leaf. */
  readonly notesAfterFix?: readonly FindingKind[];
}

// ---- editing a program -------------------------------------------------------------------------

function lines(source: string): string[] {
  return source.split('\n');
}

/** The line (1-based) a finding names first. */
function named(finding: Finding, index = 0): number {
  const place = finding.places[index];
  if (place === undefined) throw new Error(`${finding.kind}: the finding names no line`);
  return place.line;
}

/** `source` with line `line` (1-based) changed by `edit`; fails when the edit changes nothing. */
export function editLine(source: string, line: number, edit: (text: string) => string): string {
  const all = lines(source);
  const before = all[line - 1];
  if (before === undefined) throw new Error(`no line ${line}`);
  const after = edit(before);
  if (after === before) throw new Error(`the fix changed nothing on line ${line}: ${before}`);
  all[line - 1] = after;
  return all.join('\n');
}

/** The expression after `=` on the line replaced by `code` (`const x = <code>;`, `x = <code>`). */
function replaceValue(source: string, line: number, code: string): string {
  return editLine(source, line, (text) => text.replace(/=\s*(.*?)(;?)\s*$/, (_, _value: string, semicolon: string) => `= ${code}${semicolon}`));
}

function removeOnLine(source: string, line: number, text: string): string {
  return editLine(source, line, (l) => l.replace(text, ''));
}

/** `code` inserted as a line of its own before line `line`, indented as that line is. */
function insertBefore(source: string, line: number, code: string): string {
  const all = lines(source);
  const indent = /^\s*/.exec(all[line - 1]!)![0];
  all.splice(line - 1, 0, `${indent}${code}`);
  return all.join('\n');
}

/** Line `from` moved to just before line `to`. */
function moveBefore(source: string, from: number, to: number): string {
  const all = lines(source);
  const [moved] = all.splice(from - 1, 1);
  all.splice(from < to ? to - 2 : to - 1, 0, moved!);
  return all.join('\n');
}

/** Line `from` moved to just after line `to`. */
function moveAfter(source: string, from: number, to: number): string {
  return moveBefore(source, from, to + 1);
}

/** What a finding quotes as the call that cut the chain (`.detach()`, `.data`, `argmax()`). */
function cutCall(finding: Finding): string {
  const cut = finding.messages.text.args?.cut;
  if (typeof cut !== 'string') throw new Error(`${finding.kind}: the finding quotes no cut`);
  return cut;
}

function byLanguage(language: CodeLanguage, typescript: string, python: string): string {
  return language === 'python' ? python : typescript;
}

// ---- the cases ---------------------------------------------------------------------------------

export const CASES: readonly LearnerCase[] = [
  {
    name: 'float-copy',
    title: { en: 'A dtype conversion after requires_grad (the seed)', ja: 'requires_grad の後の dtype 変換（この問題の発端）' },
    kind: 'nonLeafParam',
    line: { typescript: '.float()', python: '.float()' },
    quotes: { typescript: ['.float()', "tensor(values, { requiresGrad: true, dtype: 'float32' })"], python: ['.float()', 'torch.tensor(values, requires_grad=True, dtype=torch.float32)'] },
    // The fix's code says `values`: these programs call their values that.
    fix: (source, finding) => replaceValue(source, named(finding), finding.code!),
    python: true,
  },
  {
    name: 'scaled-init',
    title: { en: 'Scaling a tensor that already requires grad', ja: 'requires_grad を付けたテンソルを後から拡大縮小する' },
    kind: 'nonLeafParam',
    line: { typescript: '.mul(0.01)', python: '* 0.01' },
    quotes: { typescript: ['MulBackward0', 'randn(3, 2).mul(0.01).requiresGrad_()'], python: ['MulBackward0', '(torch.randn(3, 2) * 0.01).requires_grad_()'] },
    fix: (source, finding) => replaceValue(source, named(finding), finding.code!),
    python: true,
  },
  {
    name: 'hand-written-step',
    title: { en: 'A hand-written update that makes a new tensor', ja: '新しいテンソルを作ってしまう手書きの更新' },
    kind: 'nonLeafParam',
    line: { typescript: 'w = w.sub(', python: 'W = W - lr' },
    quotes: { typescript: ['SubBackward0', 'noGrad(() => w.sub_(w.grad!.mul(lr)))'], python: ['SubBackward0', 'with torch.no_grad(): W -= lr * W.grad'] },
    fix: (source, finding, language) => editLine(source, named(finding), (l) => `${/^\s*/.exec(l)![0]}${finding.code!}${byLanguage(language, ';', '')}`),
    python: true,
  },
  {
    name: 'detach-hidden',
    title: { en: 'detach() in the middle of the model', ja: 'モデルの途中の detach()' },
    kind: 'detachedParam',
    line: { typescript: '.detach()', python: '.detach()' },
    quotes: { typescript: ['.detach()', 'relu()', 'w1 and b1'], python: ['.detach()', 'relu()', 'w1 and b1'] },
    fix: (source, finding) => removeOnLine(source, named(finding), cutCall(finding)),
    python: true,
  },
  {
    name: 'data-loss',
    title: { en: 'A loss computed from .data', ja: '.data から計算した損失' },
    kind: 'detachedParam',
    line: { typescript: 'pred.data', python: 'pred.data' },
    quotes: { typescript: ['.data', 'weight and bias'], python: ['.data', 'weight and bias'] },
    fix: (source, finding) => removeOnLine(source, named(finding), cutCall(finding)),
    python: true,
  },
  {
    name: 'item-loss',
    title: { en: 'A loss rebuilt from .item()', ja: '.item() の値で作り直した損失' },
    kind: 'copiedParam',
    line: { typescript: 'pred.item()', python: 'pred.item()' },
    quotes: { typescript: ['.item()', 'tensor()', 'w and b'], python: ['.item()', 'torch.tensor()', 'w and b'] },
    // "Compute with the result itself": the prediction, not a tensor of its value.
    fix: (source, finding) => editLine(source, named(finding), (l) => l.replace(/(torch\.)?tensor\((\w+)\.item\(\)\)/, '$2')),
    python: true,
  },
  {
    name: 'new-leaf-loss',
    title: { en: 'A loss made a new tensor that requires grad', ja: 'requires_grad を付けて作り直した損失' },
    kind: 'newLeaf',
    line: { typescript: '(pred.item() - 2) ** 2', python: '(pred.item() - 2) ** 2' },
    quotes: { typescript: ['tensor()', 'w and b'], python: ['torch.tensor()', 'w and b'] },
    // "Compute the outputs from w and b with tensor ops."
    fix: (source, finding, language) => replaceValue(source, named(finding), byLanguage(language, 'pred.sub(2).pow(2)', '(pred - 2) ** 2')),
    python: true,
  },
  {
    name: 'accuracy-loss',
    title: { en: 'argmax() and a comparison in the loss', ja: '損失の中の argmax() と比較' },
    kind: 'nonDifferentiableParam',
    line: { typescript: 'argmax(1)', python: 'argmax(1)' },
    quotes: { typescript: ['argmax()', 'cross-entropy'], python: ['argmax()', 'cross-entropy'] },
    // "A loss on the scores, such as cross-entropy."
    fix: (source, finding, language) =>
      replaceValue(source, named(finding), byLanguage(language, 'F.crossEntropy(scores, labels)', 'F.cross_entropy(scores, labels)'))
        .replace("import { manualSeed, nn, randint, randn } from '@gradviz/engine';", "import { F, manualSeed, nn, randint, randn } from '@gradviz/engine';")
        .replace('import torch.nn as nn\n', 'import torch.nn as nn\nimport torch.nn.functional as F\n'),
    python: true,
  },
  {
    name: 'no-grad-forward',
    title: { en: 'The forward pass under no_grad', ja: 'no_grad の中の順伝播' },
    kind: 'noGradParam',
    line: { typescript: 'noGrad(() => model.forward(X))', python: 'pred = model(X)' },
    quotes: { typescript: ['noGrad', 'weight and bias'], python: ['torch.no_grad()', 'weight and bias'] },
    // "Compute that value outside noGrad": unwrap it.
    fix: (source, finding, language) =>
      language === 'python'
        ? editLine(source, named(finding), (l) => l.trim()).replace('with torch.no_grad():\n', '')
        : editLine(source, named(finding), (l) => l.replace(/noGrad\(\(\) => (.*)\);/, '$1;')),
    python: true,
  },
  {
    name: 'inplace-after-save',
    title: { en: 'Changing in place a tensor backward needs', ja: 'backward が使うテンソルをインプレースで書き換える' },
    kind: 'savedTensorModified',
    line: { typescript: 'h.mul_(mask)', python: 'h *= mask' },
    quotes: { typescript: ['mul_()', 'SigmoidBackward0', 'mul()'], python: ['mul_()', 'SigmoidBackward0', 'mul()'] },
    // "Use mul(), which makes a new tensor."
    fix: (source, finding, language) =>
      editLine(source, named(finding), (l) => (language === 'python' ? l.replace('h *= mask', 'h = h * mask') : l.replace('h.mul_(mask)', `h = h.${finding.code!.replace('()', '(mask)')}`))),
    python: true,
  },
  {
    name: 'rnn-carry',
    title: { en: 'A hidden state carried across steps without detach()', ja: 'detach() せずにステップをまたいだ隠れ状態' },
    kind: 'graphFreed',
    line: { typescript: '.backward()', python: '.backward()' },
    quotes: { typescript: ['backward()', 'h = h.detach();'], python: ['backward()', 'h = h.detach()'] },
    // The detach goes where each step starts using the carried state: the line that computes it.
    fix: (source, finding) => insertBefore(source, named(finding, 1), finding.code!),
    python: true,
  },
  {
    name: 'leaf-moved',
    title: { en: 'A leaf changed in place between forward and backward', ja: '順伝播と backward の間にインプレースで変えた葉テンソル' },
    kind: 'leafMovedIntoGraph',
    line: { typescript: 'w.sub_(', python: 'w.sub_(' },
    quotes: { typescript: ['sub_()', 'noGrad(...)'], python: ['sub_()', 'with torch.no_grad():'] },
    // "Make the change inside noGrad(...)"; turning requiresGrad off was only there to allow it.
    fix: (source, finding) =>
      editLine(source.replace('w.requiresGrad_(false);\n', ''), named(finding) - 1, (l) => l.replace(/^(\s*)(.*);$/, '$1noGrad(() => $2);')).replace(
        "import { manualSeed, randn } from '@gradviz/engine';",
        "import { manualSeed, noGrad, randn } from '@gradviz/engine';",
      ),
    python: false,
  },
  {
    name: 'retain-late',
    title: { en: 'retain_grad() after backward()', ja: 'backward() の後の retain_grad()' },
    kind: 'retainGradAfterBackward',
    line: { typescript: 'h.retainGrad()', python: 'h.retain_grad()' },
    quotes: { typescript: ['retainGrad()', 'before backward()'], python: ['retain_grad()', 'before backward()'] },
    fix: (source, finding) => moveBefore(source, named(finding), named(finding, 1)),
    python: true,
    notesAfterFix: ['nonLeafParam'],
  },
  {
    name: 'requires-grad-late',
    title: { en: 'requires_grad_() after the tensor was used', ja: '使った後の requires_grad_()' },
    kind: 'requiresGradAfterUse',
    line: { typescript: 'w.requiresGrad_()', python: 'w.requires_grad_()' },
    quotes: { typescript: ['requiresGrad_()', 'right after creating it'], python: ['requires_grad_()', 'right after creating it'] },
    fix: (source, finding) => moveAfter(source, named(finding), named(finding, 1)),
    python: true,
  },
  {
    name: 'frozen',
    title: { en: 'Parameters frozen by mistake', ja: 'うっかり凍結したパラメータ' },
    kind: 'frozenParam',
    line: { typescript: 'requiresGrad_(false)', python: 'requires_grad = False' },
    quotes: { typescript: ['requiresGrad_(false)', '0.weight, 0.bias, 2.weight and 2.bias'], python: ['0.weight, 0.bias, 2.weight and 2.bias'] },
    // "Remove the requiresGrad_(false)."
    fix: (source, finding) => lines(source).filter((_, i) => i !== named(finding) - 1).join('\n'),
    python: true,
  },
  {
    name: 'partly-detached',
    title: { en: 'Part of the way detached', ja: '経路の一部だけの detach()' },
    kind: 'partlyCutParam',
    line: { typescript: 'x.detach()', python: 'x.detach()' },
    quotes: { typescript: ['x.detach()', 'only through the other ways'], python: ['x.detach()', 'only through the other ways'] },
    fix: (source, finding) => editLine(source, named(finding), (l) => l.replace(cutCall(finding), 'x')),
    python: true,
  },
  {
    name: 'forgot-zero-grad',
    title: { en: 'Gradients piling up without zero_grad()', ja: 'zero_grad() をせずにたまっていく勾配' },
    kind: 'gradAccumulated',
    line: { typescript: 'loss.backward()', python: 'loss.backward()' },
    quotes: { typescript: ['3 backward() calls', 'optimizer.zeroGrad()'], python: ['3 backward() calls', 'optimizer.zero_grad()'] },
    fix: (source, finding, language) => insertBefore(source, named(finding), byLanguage(language, `${finding.code!};`, finding.code!)),
    python: true,
  },
  {
    name: 'rounded-output',
    title: { en: 'round() before the loss', ja: '損失の前の round()' },
    kind: 'zeroGradientOp',
    line: { typescript: '.round()', python: '.round()' },
    quotes: { typescript: ['round()', 'weight and bias'], python: ['round()', 'weight and bias'] },
    // "Compute the loss from the value before round()."
    fix: (source, finding) => removeOnLine(source, named(finding), '.round()'),
    python: true,
  },
  {
    name: 'tensor-of-tensors',
    title: { en: 'Tensors gathered with tensor([...])', ja: 'tensor([...]) で集めたテンソル' },
    kind: 'copiedParam',
    line: { typescript: 'tensor([a, c])', python: 'torch.tensor([a, c])' },
    quotes: { typescript: ['tensor([...])', 'stack([a, c])'], python: ['torch.tensor([...])', 'torch.stack([a, c])'] },
    fix: (source, finding, language) =>
      editLine(source, named(finding), (l) => l.replace(byLanguage(language, 'tensor([a, c])', 'torch.tensor([a, c])'), finding.code!)).replace(
        "import { tensor } from '@gradviz/engine';",
        "import { stack, tensor } from '@gradviz/engine';",
      ),
    python: true,
  },
];
