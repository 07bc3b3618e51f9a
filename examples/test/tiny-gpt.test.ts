/**
 * examples/tiny-gpt.ts follows PyTorch: the same model (its repr and parameter names), the same
 * initial weights and batches from the same seed, the same losses within float32 noise, the same
 * sampled text, and a graph whose nodes carry their modules.
 *
 * PyTorch's figures: `/usr/bin/python3 examples/reference/tiny_gpt.py 10` (PyTorch 1.13.1, CPU) printed
 * the losses and sample below. The full run (`tiny_gpt.py`, 500 steps) printed
 * {"0": 4.206948757171631, "1": 3.9710845947265625, "10": 3.317352771759033, "100": 2.5414130687713623,
 * "500": 2.0389304161071777}, where `npx tsx examples/tiny-gpt.ts` prints 4.2069488, 3.9710848,
 * 3.3173532, 2.5414128 and 2.0389302 and the same sample; the test runs 10 steps to stay within seconds.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { GraphSnapshot } from '@gradviz/engine';
import { describe, expect, it } from 'vitest';
import { TinyGPT } from '../tiny-gpt-model.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

const PYTORCH = {
  losses: { 0: 4.206948757171631, 1: 3.9710845947265625, 10: 3.317352771759033 } as Record<number, number>,
  sample: "Shall I pl  ?zaFn  h Bf:Unl dqd  ysh sttGGnnb e Nnz'nNt b  UsFbeFy:aThtmhsr ehY bm,j\nP nkhmBulb wrFUy o  mYUfmnul h snnFki;  e b",
  params: [
    'tok.weight', 'pos.weight',
    ...[0, 1].flatMap((i) =>
      ['ln1.weight', 'ln1.bias', 'attn.in_proj_weight', 'attn.in_proj_bias', 'attn.out_proj.weight', 'attn.out_proj.bias', 'ln2.weight', 'ln2.bias', 'mlp.0.weight', 'mlp.0.bias', 'mlp.2.weight', 'mlp.2.bias'].map((p) => `blocks.${i}.${p}`),
    ),
    'ln.weight', 'ln.bias', 'head.weight', 'head.bias',
  ],
};

/** PyTorch's `print(model)` for one block, as the reference script's model prints it. */
const BLOCK_REPR = `Block(
  (ln1): LayerNorm((32,), eps=1e-05, elementwise_affine=True)
  (attn): MultiheadAttention(
    (out_proj): NonDynamicallyQuantizableLinear(in_features=32, out_features=32, bias=True)
  )
  (ln2): LayerNorm((32,), eps=1e-05, elementwise_affine=True)
  (mlp): Sequential(
    (0): Linear(in_features=32, out_features=128, bias=True)
    (1): GELU(approximate='none')
    (2): Linear(in_features=128, out_features=32, bias=True)
    (3): Dropout(p=0.1, inplace=False)
  )
)`;

describe('examples/tiny-gpt.ts', () => {
  it("is PyTorch's model: its repr and parameter names", () => {
    const model = new TinyGPT(55);
    const indent = (text: string, by: string) => text.split('\n').join(`\n${by}`);
    expect(model.toString()).toBe(
      `TinyGPT(\n  (tok): Embedding(55, 32)\n  (pos): Embedding(16, 32)\n  (blocks): ModuleList(\n    (0): ${indent(BLOCK_REPR, '    ')}\n    (1): ${indent(BLOCK_REPR, '    ')}\n  )\n  (ln): LayerNorm((32,), eps=1e-05, elementwise_affine=True)\n  (head): Linear(in_features=32, out_features=55, bias=True)\n)`,
    );
    expect(model.namedParameters().map(([name]) => name)).toEqual(PYTORCH.params);
  });

  it("trains with PyTorch's losses, samples PyTorch's text, and leaves a graph with its modules", () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'examples/tiny-gpt.ts', '10'], { cwd: root, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    for (const [step, want] of Object.entries(PYTORCH.losses)) {
      const got = Number(new RegExp(`loss at step ${step}: (\\S+)`).exec(run.stdout)?.[1]);
      // float32 noise: the order of float32 sums differs (OpenBLAS blocks and fuses them), and gradviz reduces in float64.
      expect(Math.abs(got - want), `step ${step}: ${got} vs PyTorch's ${want}`).toBeLessThanOrEqual(1e-5 * want);
    }
    expect(JSON.parse(/sample: (.*)/.exec(run.stdout)![1]!)).toBe(PYTORCH.sample);
    const graph = JSON.parse(readFileSync(new URL('../out/tiny-gpt.json', import.meta.url), 'utf8')) as GraphSnapshot;
    expect(graph.params.map((p) => p.name)).toEqual(PYTORCH.params);
    const names = new Set(graph.nodes.map((n) => n.name));
    for (const name of ['EmbeddingBackward0', 'NativeLayerNormBackward0', 'BaddbmmBackward0', 'BmmBackward0', 'SoftmaxBackward0', 'SplitBackward0', 'GeluBackward0', 'NllLossBackward0']) {
      expect(names, name).toContain(name);
    }
    const modules = new Set(graph.nodes.flatMap((n) => (n.module ? [n.module] : [])));
    for (const path of ['tok', 'pos', 'blocks.0.ln1', 'blocks.0.attn', 'blocks.1', 'blocks.1.attn', 'blocks.1.mlp.1', 'ln', 'head']) expect(modules, path).toContain(path);
    expect(run.stdout).toContain(', 0 problem(s) ->');
  });
});
