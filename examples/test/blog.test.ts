/** examples/blog.ts prints what PyTorch prints for the seed's case, then the fixed version. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('examples/blog.ts', () => {
  it("prints the seed's broken chain, the warning, and the fix's gradient", () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'examples/blog.ts'], { cwd: root, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const result = run.stdout;
    expect(run.stderr).toContain('UserWarning: The .grad attribute of a Tensor that is not a leaf Tensor is being accessed.');
    expect(result).toContain('x.is_leaf: false\nx.grad_fn: <ToCopyBackward0 object>\nx.grad: null\n');
    expect(result).toMatch(/# gradviz: x\.grad is null because x is not a leaf: \.float\(\) on line \d+ of blog\.ts made x a float32 copy/);
    const svg = readFileSync(new URL('../out/blog.svg', import.meta.url), 'utf8');
    for (const label of ['AccumulateGrad', 'ToCopyBackward0', 'PowBackward0', 'MulBackward0', 'AddBackward0', 'SumBackward0', 'not a leaf', 'gradient goes here; nothing names it']) {
      expect(svg).toContain(`>${label}</text>`);
    }
    const png = readFileSync(new URL('../out/blog.png', import.meta.url));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(result).toContain(
      'x.is_leaf: true\nx.grad: tensor([-8., -7., -6., -5., -4., -3., -2., -1.,  0.,  1.,  2.,  3.,  4.,  5.,\n         6.,  7.,  8.])',
    );
  });
});
