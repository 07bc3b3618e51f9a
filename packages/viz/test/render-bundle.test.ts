import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const entry = (path: string) => new URL(`../src/${path}`, import.meta.url).pathname;

describe('browser bundle', () => {
  it('bundles the drawing and in-process layout for the browser without Node built-ins', async () => {
    const result = await build({
      stdin: {
        contents: `export * from ${JSON.stringify(entry('render/index.ts'))}; export * from ${JSON.stringify(entry('layout/browser.ts'))};`,
        resolveDir: entry(''),
        loader: 'ts',
      },
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      logLevel: 'silent',
    });
    expect(result.errors).toEqual([]);
    const code = result.outputFiles[0]!.text;
    expect(code).not.toMatch(/worker_threads|["']node:|@resvg/);
    expect(code).toContain('layoutGraphInProcess');
  });

  it('refuses to bundle the Node layout entry for the browser (it needs worker_threads)', async () => {
    await expect(
      build({ entryPoints: [entry('layout/index.ts')], bundle: true, platform: 'browser', write: false, logLevel: 'silent' }),
    ).rejects.toThrow(/worker_threads/);
  });
});
