/**
 * Training speed: an MLP (4-64-64-3, batch 32, cross entropy, SGD with momentum) forward + backward
 * + step per second, and a 256x256 float32 matmul per second; in gradviz and, when `python3` with
 * PyTorch is present (Debian's python3-torch), the same in PyTorch on the CPU, run by this script.
 * Figures for `## Training` in docs/benchmarks.md. Usage: `npx tsx bench/run.ts training`.
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { F, manualSeed, nn, optim, randint, randn } from '../packages/engine/src/index.js';
import { markdownTable, medianOf } from './lib/measure.js';

const MLP_STEPS = 200;
const MATMULS = 10;
const RUNS = 7;

interface Figures {
  mlpStepsPerSecond: number;
  matmulsPerSecond: number;
}

async function gradvizFigures(): Promise<Figures> {
  manualSeed(0);
  const model = new nn.Sequential(new nn.Linear(4, 64), new nn.ReLU(), new nn.Linear(64, 64), new nn.ReLU(), new nn.Linear(64, 3));
  const optimizer = new optim.SGD(model.parameters(), { lr: 0.01, momentum: 0.9 });
  const x = randn(32, 4);
  const labels = randint(0, 3, [32]);
  const mlp = await medianOf(RUNS, () => {
    for (let i = 0; i < MLP_STEPS; i++) {
      optimizer.zeroGrad();
      F.crossEntropy(model.forward(x), labels).backward();
      optimizer.step();
    }
  });
  const [a, b] = [randn(256, 256), randn(256, 256)];
  const matmul = await medianOf(RUNS, () => {
    for (let i = 0; i < MATMULS; i++) a.mm(b);
  });
  return { mlpStepsPerSecond: (MLP_STEPS * 1000) / mlp.medianMs, matmulsPerSecond: (MATMULS * 1000) / matmul.medianMs };
}

/** The same measurements in PyTorch, with `threads` intra-op threads; prints one JSON line. */
const PYTORCH = `
import json, sys, time, statistics
import torch, torch.nn as nn, torch.nn.functional as F
torch.set_num_threads(int(sys.argv[1]))
MLP_STEPS, MATMULS, RUNS = ${MLP_STEPS}, ${MATMULS}, ${RUNS}
def median_seconds(task):
    task()
    times = []
    for _ in range(RUNS):
        start = time.perf_counter(); task(); times.append(time.perf_counter() - start)
    return statistics.median(times)
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 3))
optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
x = torch.randn(32, 4)
labels = torch.randint(0, 3, (32,))
def mlp():
    for _ in range(MLP_STEPS):
        optimizer.zero_grad()
        F.cross_entropy(model(x), labels).backward()
        optimizer.step()
a, b = torch.randn(256, 256), torch.randn(256, 256)
def matmul():
    for _ in range(MATMULS):
        a.mm(b)
print(json.dumps({"version": torch.__version__, "mlpStepsPerSecond": MLP_STEPS / median_seconds(mlp), "matmulsPerSecond": MATMULS / median_seconds(matmul)}))
`;

/** Debian's python3-torch lives with /usr/bin/python3, which another python3 on the PATH may hide. */
const PYTHONS = ['/usr/bin/python3', 'python3'];

function pytorchFigures(threads: number): (Figures & { version: string }) | null {
  for (const python of PYTHONS) {
    const run = spawnSync(python, ['-c', PYTORCH, String(threads)], { encoding: 'utf8' });
    if (run.status === 0) return JSON.parse(run.stdout.trim().split('\n').at(-1)!) as Figures & { version: string };
  }
  return null;
}

const cpus = os.cpus();
console.log(`node ${process.version}, ${cpus.length} CPUs (${cpus[0]?.model ?? 'unknown'})\n`);
const columns: [string, Figures][] = [['gradviz', await gradvizFigures()]];
for (const threads of [1, cpus.length]) {
  const figures = pytorchFigures(threads);
  if (figures === null) {
    console.log('PyTorch: not measured (python3 with torch not found)\n');
    break;
  }
  columns.push([`PyTorch ${figures.version} CPU, ${threads} thread${threads > 1 ? 's' : ''}`, figures]);
}

const gflops = (matmulsPerSecond: number) => ((matmulsPerSecond * 2 * 256 ** 3) / 1e9).toFixed(2);
console.log(
  markdownTable(
    ['', ...columns.map(([name]) => name)],
    [
      ['MLP 4-64-64-3, batch 32: training steps/s', ...columns.map(([, f]) => f.mlpStepsPerSecond.toFixed(0))],
      ['256x256 float32 matmul: per s', ...columns.map(([, f]) => f.matmulsPerSecond.toFixed(1))],
      ['256x256 float32 matmul: GFLOP/s', ...columns.map(([, f]) => gflops(f.matmulsPerSecond))],
    ],
  ),
);
