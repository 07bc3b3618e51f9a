/**
 * What recording gradient flow costs an MLP training step (the `mlp` workload of engine-speed.ts:
 * 4-64-64-3, batch 32, SGD with momentum). Figures for `## Gradient flow recording` in
 * docs/benchmarks.md. Usage: `npx tsx bench/run.ts gradient-recording` times, in one process and in
 * turns, steps with recording off, inside `recordGradients()` (statistics of every gradient and
 * the line of every op) and with `backward({ recordGradients: true })` (statistics only).
 *
 * `npx tsx bench/gradient-recording.ts steps N` only runs N steps with recording off, for timing
 * whole processes against another checkout's engine: `GRADVIZ_BENCH_ENGINE=<its packages/engine/src/index.ts>`.
 */
import { cpuMs, formatMs, markdownTable } from './lib/measure.js';

type Engine = typeof import('@gradviz/engine');
const engine = (await import(process.env['GRADVIZ_BENCH_ENGINE'] ?? '@gradviz/engine')) as Engine;
const { F, manualSeed, nn, optim, randint, randn } = engine;

type Mode = 'off' | 'scope' | 'backward';

function trainingStep(mode: Mode): () => void {
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

const [command, count] = process.argv.slice(2);
if (command === 'steps') {
  const step = trainingStep('off');
  for (let i = 0; i < Number(count ?? 2000); i++) step();
} else {
  const STEPS = 200;
  const ROUNDS = 15;
  const modes: Mode[] = ['off', 'scope', 'backward'];
  const steps = Object.fromEntries(modes.map((m) => [m, trainingStep(m)])) as Record<Mode, () => void>;
  const best: Record<Mode, number> = { off: Infinity, scope: Infinity, backward: Infinity };
  const warmUpEnd = performance.now() + 1000;
  while (performance.now() < warmUpEnd) for (const m of modes) steps[m]();
  // In turns, so drift on a shared machine touches every mode alike; the fastest round of each.
  for (let round = 0; round < ROUNDS; round++) {
    for (const m of modes) {
      const start = cpuMs();
      for (let i = 0; i < STEPS; i++) steps[m]();
      best[m] = Math.min(best[m], (cpuMs() - start) / STEPS);
    }
  }
  const label: Record<Mode, string> = {
    off: 'recording off',
    scope: 'inside recordGradients() (statistics and lines of code)',
    backward: 'backward({ recordGradients: true }) (statistics only)',
  };
  console.log(markdownTable(['MLP 4-64-64-3 training step, batch 32', 'ms per step', 'vs off'], modes.map((m) => [label[m], formatMs(best[m]), `${(best[m] / best.off).toFixed(2)}x`])));
}
