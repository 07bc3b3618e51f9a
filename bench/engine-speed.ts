/**
 * Engine speed, side by side in one run: gradviz, PyTorch on one thread (Debian's python3-torch
 * through /usr/bin/python3, run by this script), and TensorFlow.js's CPU and WASM backends in this
 * process. Figures for `## Engine speed` in docs/benchmarks.md. Usage: `npx tsx bench/run.ts engine-speed`.
 *
 * Each workload runs in a fresh process per engine and is timed as the fastest of several runs
 * after a second of warm-up, in CPU time of
 * the process (Node's `process.cpuUsage()`, Python's `time.process_time()`): on a machine shared
 * with other jobs, the run least disturbed is the steadiest figure. A run repeats the workload
 * `reps` times. The same shapes everywhere; TensorFlow.js's convolutions take NHWC.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { F, manualSeed, nn, optim, randint, randn } from '@gradviz/engine';
import { disableWasmSgemm } from '../packages/engine/src/kernels/wasm/sgemm.js';
import { cpuMs, markdownTable, medianOf } from './lib/measure.js';

const RUNS = 5;
const WARM_UP_MS = 1000;

interface Workload {
  /** What the PyTorch script calls it. */
  readonly key: string;
  readonly name: string;
  /** Times the workload runs in one timed run. */
  readonly reps: number;
  /** Per-engine setup, returning one repetition. */
  readonly gradviz: () => () => void;
  readonly tfjs: () => () => void;
}

/** Milliseconds per repetition, by workload key. */
type Figures = Record<string, number>;

const N = 1_000_000;
/** The digits CNN's data: 1,437 training images of 8x8, batches of 64 (random pixels: speed does not depend on them). */
const DIGITS = { images: 1437, batch: 64 };

const WORKLOADS: Workload[] = [
  ...[256, 1024].map((size) => ({
    key: `mm${size}`,
    name: `${size}x${size} float32 matmul`,
    reps: size === 256 ? 20 : 1,
    gradviz: () => {
      const [a, b] = [randn(size, size), randn(size, size)];
      return () => a.mm(b);
    },
    tfjs: () => {
      const [a, b] = [tf.randomNormal([size, size]), tf.randomNormal([size, size])];
      return () => tf.tidy(() => void tf.matMul(a, b));
    },
  })),
  {
    key: 'abc',
    name: 'a * b + c, 1e6 float32',
    reps: 10,
    gradviz: () => {
      const [a, b, c] = [randn(N), randn(N), randn(N)];
      return () => a.mul(b).add(c);
    },
    tfjs: () => {
      const [a, b, c] = [tf.randomNormal([N]), tf.randomNormal([N]), tf.randomNormal([N])];
      return () => tf.tidy(() => void a.mul(b).add(c));
    },
  },
  {
    key: 'fwdBwd',
    name: 'sum(2 * x ** 2 + 2) forward + backward, 1e6',
    reps: 5,
    gradviz: () => {
      const x = randn(N).requiresGrad_();
      return () => {
        x.grad = null;
        x.pow(2).mul(2).add(2).sum().backward();
      };
    },
    tfjs: () => {
      const x = tf.randomNormal([N]);
      const grad = tf.grad((v: tf.Tensor) => v.pow(2).mul(2).add(2).sum());
      return () => tf.tidy(() => void grad(x));
    },
  },
  {
    key: 'conv',
    name: 'conv2d 3x3, 32x3x32x32 -> 16 channels, padding 1 (forward)',
    reps: 2,
    gradviz: () => {
      const [x, w, bias] = [randn(32, 3, 32, 32), randn(16, 3, 3, 3), randn(16)];
      return () => F.conv2d(x, w, bias, { padding: 1 });
    },
    tfjs: () => {
      const [x, w, bias] = [tf.randomNormal([32, 32, 32, 3]) as tf.Tensor4D, tf.randomNormal([3, 3, 3, 16]) as tf.Tensor4D, tf.randomNormal([16])];
      return () => tf.tidy(() => void tf.conv2d(x, w, 1, 'same').add(bias));
    },
  },
  {
    key: 'mlp',
    name: 'MLP 4-64-64-3 training step, batch 32 (SGD, momentum)',
    reps: 100,
    gradviz: () => {
      manualSeed(0);
      const model = new nn.Sequential(new nn.Linear(4, 64), new nn.ReLU(), new nn.Linear(64, 64), new nn.ReLU(), new nn.Linear(64, 3));
      const optimizer = new optim.SGD(model.parameters(), { lr: 0.01, momentum: 0.9 });
      const [x, labels] = [randn(32, 4), randint(0, 3, [32])];
      return () => {
        optimizer.zeroGrad();
        F.crossEntropy(model.forward(x), labels).backward();
        optimizer.step();
      };
    },
    tfjs: () => {
      const layers = [[4, 64], [64, 64], [64, 3]].map(([i, o]) => [tf.variable(tf.randomNormal([i!, o!], 0, 0.1)), tf.variable(tf.zeros([o!]))] as const);
      const optimizer = tf.train.momentum(0.01, 0.9);
      const x = tf.randomNormal([32, 4]);
      const labels = tf.oneHot(tf.randomUniform([32], 0, 3, 'int32') as tf.Tensor1D, 3);
      const forward = () =>
        layers.reduce((h: tf.Tensor, [w, b], i) => {
          const y = h.matMul(w).add(b);
          return i < layers.length - 1 ? y.relu() : y;
        }, x);
      return () => tf.tidy(() => void optimizer.minimize(() => tf.losses.softmaxCrossEntropy(labels, forward()) as tf.Scalar));
    },
  },
  {
    key: 'digits',
    name: `digits CNN epoch (${DIGITS.images} 8x8 images, batches of ${DIGITS.batch}, Adam)`,
    reps: 1,
    gradviz: () => {
      manualSeed(0);
      const conv = new nn.Conv2d(1, 8, 3, { padding: 1 });
      const pool = new nn.MaxPool2d(2);
      const fc = new nn.Linear(8 * 4 * 4, 10);
      const optimizer = new optim.Adam([...conv.parameters(), ...fc.parameters()], { lr: 0.01 });
      const [images, labels] = [randn(DIGITS.images, 1, 8, 8), randint(0, 10, [DIGITS.images])];
      return () => {
        for (let start = 0; start < DIGITS.images; start += DIGITS.batch) {
          const slice = `${start}:${start + DIGITS.batch}`;
          optimizer.zeroGrad();
          const logits = fc.forward(pool.forward(conv.forward(images.at(slice)).relu()).flatten(1));
          F.crossEntropy(logits, labels.at(slice)).backward();
          optimizer.step();
        }
      };
    },
    tfjs: () => {
      const w = tf.variable(tf.randomNormal([3, 3, 1, 8], 0, 0.3));
      const b = tf.variable(tf.zeros([8]));
      const fw = tf.variable(tf.randomNormal([128, 10], 0, 0.1));
      const fb = tf.variable(tf.zeros([10]));
      const optimizer = tf.train.adam(0.01);
      const images = tf.randomNormal([DIGITS.images, 8, 8, 1]) as tf.Tensor4D;
      const labels = tf.oneHot(tf.randomUniform([DIGITS.images], 0, 10, 'int32') as tf.Tensor1D, 10);
      return () => {
        for (let start = 0; start < DIGITS.images; start += DIGITS.batch) {
          const size = Math.min(DIGITS.batch, DIGITS.images - start);
          tf.tidy(() => {
            const x = images.slice([start, 0, 0, 0], [size, 8, 8, 1]);
            const y = labels.slice([start, 0], [size, 10]);
            optimizer.minimize(() => {
              const h = tf.maxPool(tf.conv2d(x, w as tf.Variable<tf.Rank.R4>, 1, 'same').add(b).relu() as tf.Tensor4D, 2, 2, 'valid');
              return tf.losses.softmaxCrossEntropy(y, h.reshape([size, 128]).matMul(fw).add(fb)) as tf.Scalar;
            });
          });
        }
      };
    },
  },
];

type Engine = 'gradviz' | 'cpu' | 'wasm';

/** Milliseconds per repetition of one workload on one engine, in this process. */
async function measure(engine: Engine, workload: Workload): Promise<number> {
  if (engine !== 'gradviz') {
    await tf.setBackend(engine);
    await tf.ready();
  }
  const repetition = engine === 'gradviz' ? workload.gradviz() : workload.tfjs();
  // A second of warm-up first, so that every engine's JIT has settled.
  for (const start = cpuMs(); cpuMs() - start < WARM_UP_MS; ) repetition();
  const timing = await medianOf(
    RUNS,
    () => {
      for (let i = 0; i < workload.reps; i++) repetition();
    },
    cpuMs,
  );
  return timing.bestMs / workload.reps;
}

/**
 * Each engine's workload in a fresh Node process (this file with `--child`), so that one
 * workload's heap, garbage and JIT state do not skew the next; NaN (said on the console) for a
 * workload the engine cannot run.
 */
function measureInChild(engine: Engine, workload: Workload): number {
  const run = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', engine, workload.key], { encoding: 'utf8' });
  const last = run.stdout.trim().split('\n').at(-1) ?? '';
  const result = (last.startsWith('{') ? JSON.parse(last) : { error: run.stderr.trim().split('\n').at(-1) ?? `exit ${run.status}` }) as { ms?: number; error?: string };
  if (result.ms === undefined) console.log(`${engine === 'gradviz' ? 'gradviz' : `TF.js ${engine}`}: ${workload.name}: not measured (${result.error})`);
  return result.ms ?? Number.NaN;
}

function engineFigures(engine: Engine): Figures {
  return Object.fromEntries(WORKLOADS.map((w) => [w.key, measureInChild(engine, w)]));
}

/** The same workloads in PyTorch on one thread (OpenBLAS too); prints one JSON line. */
const PYTORCH = `
import json, sys, time
import torch, torch.nn as nn, torch.nn.functional as F
torch.set_num_threads(1)
RUNS, N, IMAGES, BATCH, WARM_UP = ${RUNS}, ${N}, ${DIGITS.images}, ${DIGITS.batch}, ${WARM_UP_MS / 1000}
reps = json.loads(sys.argv[1])
def ms(name, repetition):
    def run():
        for _ in range(reps[name]): repetition()
    start = time.process_time()
    while time.process_time() - start < WARM_UP:
        repetition()
    run()
    times = []
    for _ in range(RUNS):
        start = time.process_time(); run(); times.append(time.process_time() - start)
    return 1000 * min(times) / reps[name]
out = {}
a, b, c = torch.randn(N), torch.randn(N), torch.randn(N)
out['abc'] = ms('abc', lambda: a * b + c)
x = torch.randn(N, requires_grad=True)
def fwd_bwd():
    x.grad = None
    (2 * x ** 2 + 2).sum().backward()
out['fwdBwd'] = ms('fwdBwd', fwd_bwd)
for size in (256, 1024):
    p, q = torch.randn(size, size), torch.randn(size, size)
    out[f'mm{size}'] = ms(f'mm{size}', lambda: p.mm(q))
xc, wc, bc = torch.randn(32, 3, 32, 32), torch.randn(16, 3, 3, 3), torch.randn(16)
out['conv'] = ms('conv', lambda: F.conv2d(xc, wc, bc, padding=1))
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 3))
sgd = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
xm, labels = torch.randn(32, 4), torch.randint(0, 3, (32,))
def step():
    sgd.zero_grad()
    F.cross_entropy(model(xm), labels).backward()
    sgd.step()
out['mlp'] = ms('mlp', step)
conv, pool, fc = nn.Conv2d(1, 8, 3, padding=1), nn.MaxPool2d(2), nn.Linear(128, 10)
adam = torch.optim.Adam([*conv.parameters(), *fc.parameters()], lr=0.01)
images, targets = torch.randn(IMAGES, 1, 8, 8), torch.randint(0, 10, (IMAGES,))
def epoch():
    for start in range(0, IMAGES, BATCH):
        adam.zero_grad()
        logits = fc(pool(conv(images[start:start + BATCH]).relu()).flatten(1))
        F.cross_entropy(logits, targets[start:start + BATCH]).backward()
        adam.step()
out['digits'] = ms('digits', epoch)
blas = sorted({line.split()[-1].rsplit('/', 1)[-1] for line in open('/proc/self/maps') if 'blas' in line})
print(json.dumps({"version": torch.__version__, "blas": blas, "figures": out}))
`;

function pytorchFigures(): { version: string; blas: string[]; figures: Figures } | null {
  const reps = Object.fromEntries(WORKLOADS.map((w) => [w.key, w.reps]));
  // One thread for PyTorch's own kernels and for OpenBLAS's pool alike.
  const env = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' };
  const run = spawnSync('/usr/bin/python3', ['-c', PYTORCH, JSON.stringify(reps)], { encoding: 'utf8', env });
  if (run.status !== 0) {
    console.log(`PyTorch: not measured (${run.error?.message ?? run.stderr.trim().split('\n').at(-1)})\n`);
    return null;
  }
  return JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { version: string; blas: string[]; figures: Figures };
}

const child = process.argv.indexOf('--child');
if (child >= 0) {
  const [engine, key] = process.argv.slice(child + 1) as [Engine, string];
  try {
    console.log(JSON.stringify({ ms: await measure(engine, WORKLOADS.find((w) => w.key === key)!) }));
  } catch (error) {
    console.log(JSON.stringify({ error: error instanceof Error ? error.message : String(error) }));
  }
  process.exit(0);
}

const cpus = os.cpus();
console.log(`node ${process.version}, ${cpus.length} CPUs (${cpus[0]?.model ?? 'unknown'}), TensorFlow.js ${tf.version.tfjs}\n`);
const gradviz = engineFigures('gradviz');
const columns: [string, Figures][] = [['gradviz', gradviz]];
const pytorch = pytorchFigures();
if (pytorch !== null) {
  console.log(`PyTorch ${pytorch.version}, one thread, BLAS: ${pytorch.blas.join(', ') || 'none loaded'}\n`);
  columns.push(['PyTorch, 1 thread', pytorch.figures]);
}
columns.push(['TF.js CPU', engineFigures('cpu')], ['TF.js WASM', engineFigures('wasm')]);

const format = (ms: number) => (Number.isNaN(ms) ? 'n/a' : ms < 1 ? ms.toFixed(3) : ms < 100 ? ms.toFixed(2) : ms.toFixed(0));
const others = columns.slice(1);
console.log(
  markdownTable(
    ['ms per run', ...columns.map(([name]) => name), ...others.map(([name]) => `${name} / gradviz`)],
    WORKLOADS.map(({ key, name }) => [
      name,
      ...columns.map(([, f]) => format(f[key]!)),
      ...others.map(([, f]) => (Number.isNaN(f[key]!) ? 'n/a' : (f[key]! / gradviz[key]!).toFixed(2))),
    ]),
  ),
);
const steps = (figures: Figures) => (1000 / figures.mlp!).toFixed(0);
console.log(`\nMLP training steps per second: ${columns.map(([name, f]) => `${name} ${steps(f)}`).join(', ')}`);

// The fallback where WebAssembly SIMD is missing: the same product on the TypeScript kernel.
disableWasmSgemm(true);
const [p, q] = [randn(256, 256), randn(256, 256)];
const fallback = await medianOf(RUNS, () => p.mm(q), cpuMs);
disableWasmSgemm(false);
console.log(`gradviz 256x256 float32 matmul on the TypeScript kernel (no SIMD): ${format(fallback.bestMs)} ms`);
