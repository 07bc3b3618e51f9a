/**
 * What recording gradient flow costs an MLP training step (the `mlp` workload of engine-speed.ts:
 * 4-64-64-3, batch 32, SGD with momentum). Figures for `## Gradient flow recording` in
 * docs/benchmarks.md. Usage: `npx tsx bench/run.ts gradient-recording` times, in one process and in
 * turns, steps with recording off, inside `recordGradients()` (statistics of every gradient and
 * the line of every op) and with `backward({ recordGradients: true })` (statistics only).
 *
 * `npx tsx bench/gradient-recording.ts against <another checkout's packages/engine/src/index.ts>`
 * times recording off here and in that engine (say, main's), in turns in one process.
 */
import { cpuMs, formatMs, markdownTable } from './lib/measure.js';

import * as engine from '@gradviz/engine';

type Engine = typeof engine;
type Mode = 'off' | 'scope' | 'backward';

function trainingStep(mode: Mode, from: Engine = engine): () => void {
  const { F, manualSeed, nn, optim, randint, randn } = from;
  manualSeed(0);
  const model = new nn.Sequential(new nn.Linear(4, 64), new nn.ReLU(), new nn.Linear(64, 64), new nn.ReLU(), new nn.Linear(64, 3));
  const optimizer = new optim.SGD(model.parameters(), { lr: 0.01, momentum: 0.9 });
  const [x, labels] = [randn(32, 4), randint(0, 3, [32])];
  const step = () => {
    optimizer.zeroGrad();
    const loss = F.crossEntropy(model.forward(x), labels);
    if (mode === 'backward') loss.backward(null, { recordGradients: true });
    else loss.backward();
    optimizer.step();
  };
  return mode === 'scope' ? () => engine.recordGradients(step) : step;
}

/** The fastest round of `STEPS` steps of each, in CPU ms per step, run in turns so drift on a shared machine touches each alike. */
function fastest(steps: Record<string, () => void>): Record<string, number> {
  const STEPS = 200;
  const ROUNDS = 15;
  const names = Object.keys(steps);
  const best: Record<string, number> = Object.fromEntries(names.map((n) => [n, Infinity]));
  const warmUpEnd = performance.now() + 1000;
  while (performance.now() < warmUpEnd) for (const n of names) steps[n]!();
  for (let round = 0; round < ROUNDS; round++) {
    for (const n of names) {
      const start = cpuMs();
      for (let i = 0; i < STEPS; i++) steps[n]!();
      best[n] = Math.min(best[n]!, (cpuMs() - start) / STEPS);
    }
  }
  return best;
}

const [command, other] = process.argv.slice(2);
const header = 'MLP 4-64-64-3 training step, batch 32';
if (command === 'against') {
  if (other === undefined) throw new Error('usage: npx tsx bench/gradient-recording.ts against <path to another packages/engine/src/index.ts>');
  const best = fastest({ here: trainingStep('off'), there: trainingStep('off', (await import(other)) as Engine) });
  console.log(markdownTable([header, 'ms per step', 'vs the other engine'], [['recording off, this engine', formatMs(best.here!), `${(best.here! / best.there!).toFixed(2)}x`], [`recording off, ${other}`, formatMs(best.there!), '1.00x']]));
} else {
  const best = fastest({ off: trainingStep('off'), scope: trainingStep('scope'), backward: trainingStep('backward') });
  const label: Record<Mode, string> = {
    off: 'recording off',
    scope: 'inside recordGradients() (statistics and lines of code)',
    backward: 'backward({ recordGradients: true }) (statistics only)',
  };
  const modes: Mode[] = ['off', 'scope', 'backward'];
  console.log(markdownTable([header, 'ms per step', 'vs off'], modes.map((m) => [label[m], formatMs(best[m]!), `${(best[m]! / best.off!).toFixed(2)}x`])));
}
