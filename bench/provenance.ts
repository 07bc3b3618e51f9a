/**
 * What the source lines cost: the MLP training step of bench/training.ts (Sequential 4-64-64-3,
 * batch 32, cross entropy, backward, SGD with momentum) with `setSourceCapture('off')` (no line
 * captured), `'cuts'` (lines where chains break only) and `'all'` (the default: every op's line,
 * an engine module's forward captured once). Each round times every mode, in turn; a mode's
 * overhead is the median over the rounds of its time over the time of 'off' in the same round, so
 * the machine's drift between rounds cancels; times are the process's CPU time, which other jobs
 * on a shared machine skew less than wall time. Figures for `## Source lines` in docs/benchmarks.md.
 * Usage: `npx tsx bench/run.ts provenance`.
 */
import { F, getSourceCapture, manualSeed, nn, optim, randint, randn, setSourceCapture, type SourceCaptureMode } from '../packages/engine/src/index.js';
import { cpuMs, markdownTable } from './lib/measure.js';

const STEPS = 100;
const ROUNDS = 40;
const MODES: readonly SourceCaptureMode[] = ['off', 'cuts', 'all'];

manualSeed(0);
const model = new nn.Sequential(new nn.Linear(4, 64), new nn.ReLU(), new nn.Linear(64, 64), new nn.ReLU(), new nn.Linear(64, 3));
const optimizer = new optim.SGD(model.parameters(), { lr: 0.01, momentum: 0.9 });
const x = randn(32, 4);
const labels = randint(0, 3, [32]);

function steps(mode: SourceCaptureMode): number {
  setSourceCapture(mode);
  const start = cpuMs();
  for (let i = 0; i < STEPS; i++) {
    optimizer.zeroGrad();
    F.crossEntropy(model.forward(x), labels).backward();
    optimizer.step();
  }
  return cpuMs() - start;
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
const previous = getSourceCapture();
for (const mode of MODES) steps(mode);
// Each round times every mode, in an order that turns round by round; a mode's cost is its time
// over 'off' in the same round, so the machine's drift between rounds cancels.
const times = new Map<SourceCaptureMode, number[]>(MODES.map((m) => [m, []]));
const ratios = new Map<SourceCaptureMode, number[]>(MODES.map((m) => [m, []]));
for (let round = 0; round < ROUNDS; round++) {
  const order = MODES.map((_, i) => MODES[(i + round) % MODES.length]!);
  const measured = new Map(order.map((mode) => [mode, steps(mode)]));
  for (const mode of MODES) {
    times.get(mode)!.push(measured.get(mode)!);
    ratios.get(mode)!.push(measured.get(mode)! / measured.get('off')!);
  }
}
setSourceCapture(previous);

console.log(
  markdownTable(
    ['source capture', 'MLP steps/s', 'time per step vs off (median of the rounds)'],
    MODES.map((mode) => [
      mode === 'all' ? "'all' (default)" : `'${mode}'`,
      ((STEPS * 1000) / median(times.get(mode)!)).toFixed(0),
      `${((median(ratios.get(mode)!) - 1) * 100).toFixed(1)} %`,
    ]),
  ),
);
