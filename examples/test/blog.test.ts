/** examples/blog.ts prints what PyTorch prints for the seed's case, then the fixed version. */
import { spawnSync } from 'node:child_process';
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
    expect(result).toContain(
      'x.is_leaf: true\nx.grad: tensor([-8., -7., -6., -5., -4., -3., -2., -1.,  0.,  1.,  2.,  3.,  4.,  5.,\n         6.,  7.,  8.])',
    );
  });
});
