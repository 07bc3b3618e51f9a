/** Issue 10, item 1: a failed or killed write leaves the file that was there as it was. */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { snapshot, tensor } from '@gradviz/engine';
import { describe, expect, it } from 'vitest';
import { makeDot } from '@gradviz/viz';
import { saveGraph } from '../src/save.js';
import { FileWriteError, writeFileAtomic } from '../src/write-file.js';

const BIN = fileURLToPath(new URL('../bin/gradviz.mjs', import.meta.url));
const WRITE_FILE = fileURLToPath(new URL('../src/write-file.ts', import.meta.url));
const OLD = 'the file that was there before\n';

const tmp = mkdtempSync(join(tmpdir(), 'gradviz-write-'));

/** A folder holding one file with OLD in it. */
function folderWithOldFile(name: string, file: string): { folder: string; target: string } {
  const folder = join(tmp, name);
  mkdirSync(folder);
  const target = join(folder, file);
  writeFileSync(target, OLD);
  return { folder, target };
}

function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stderr })));
}

/**
 * A child process that writes 1 MiB to `target` with `writer`, says `half` on stdout, and then
 * waits forever: the parent kills it there, in the middle of the write.
 */
function killedMidWrite(target: string, writer: 'writeFileAtomic' | 'fs.writeFile'): Promise<void> {
  const code = `
    import { writeFile } from 'node:fs/promises';
    import { writeFileAtomic } from ${JSON.stringify(WRITE_FILE)};
    async function* contents() {
      yield 'x'.repeat(1 << 20);
      process.stdout.write('half\\n');
      await new Promise(() => setInterval(() => {}, 1000));
    }
    await (${writer === 'writeFileAtomic' ? 'writeFileAtomic' : 'writeFile'})(${JSON.stringify(target)}, contents());
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = exitOf(child);
  return new Promise((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (text: string) => {
      if (text.includes('half')) child.kill('SIGKILL');
    });
    void exited.then(({ signal, stderr }) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`the writer was not killed mid-write: ${stderr}`))));
  });
}

describe('atomic writes', () => {
  it('a writer killed mid-write leaves the old file intact (the partial temporary file is all it leaves)', async () => {
    const { folder, target } = folderWithOldFile('killed', 'graph.html');
    await killedMidWrite(target, 'writeFileAtomic');
    expect(readFileSync(target, 'utf8')).toBe(OLD);
    const left = readdirSync(folder).filter((name) => name !== 'graph.html');
    expect(left).toHaveLength(1);
    expect(left[0]).toMatch(/^\.graph\.html\.\d+-[0-9a-f]{8}\.tmp$/);
    expect(statSync(join(folder, left[0]!)).size).toBe(1 << 20);
  });

  it('(control) the same kill during a plain fs.writeFile, as save() wrote before, destroys the old file', async () => {
    const { target } = folderWithOldFile('killed-in-place', 'graph.html');
    await killedMidWrite(target, 'fs.writeFile');
    expect(readFileSync(target, 'utf8')).not.toBe(OLD);
  });

  it('gradviz render under a file-size limit (ulimit -f 64) fails clearly and keeps the old page', async () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const json = join(tmp, 'small.json');
    writeFileSync(json, JSON.stringify(snapshot(x.mul(2).sum(), { params: { x } })));
    const { folder, target } = folderWithOldFile('limited', 'graph.html');
    const child = spawn('sh', ['-c', `ulimit -f 64; exec "${process.execPath}" "${BIN}" render "${json}" --out "${target}"`]);
    const { code, stderr } = await exitOf(child);
    expect(stderr).toBe(`gradviz: cannot write '${target}': the file would be larger than the file-size limit allows; the file that was there is unchanged\n`);
    expect(code).toBe(1);
    expect(readFileSync(target, 'utf8')).toBe(OLD);
    expect(readdirSync(folder)).toEqual(['graph.html']);
  });

  it('replaces the file in one step, keeping its permissions, and writes through a symbolic link', async () => {
    const { folder, target } = folderWithOldFile('replace', 'a.txt');
    const { chmodSync, symlinkSync } = await import('node:fs');
    chmodSync(target, 0o640);
    await writeFileAtomic(target, 'new');
    expect(readFileSync(target, 'utf8')).toBe('new');
    expect(statSync(target).mode & 0o777).toBe(0o640);
    symlinkSync(target, join(folder, 'link.txt'));
    await writeFileAtomic(join(folder, 'link.txt'), 'through the link');
    expect(readFileSync(target, 'utf8')).toBe('through the link');
    expect(readdirSync(folder).sort()).toEqual(['a.txt', 'link.txt']);
  });

  it('save() says what stopped it, and the old file stays', async () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const graph = makeDot(x.mul(2).sum(), { params: { x } });
    const missing = join(tmp, 'no-such-folder', 'g.dot');
    await expect(saveGraph(graph, missing)).rejects.toThrow(new FileWriteError(`cannot write '${missing}': its folder does not exist; the file that was there is unchanged`));
    const folder = join(tmp, 'a-folder.svg');
    mkdirSync(folder);
    await expect(saveGraph(graph, folder)).rejects.toThrow(`cannot write '${folder}': it is a folder; the file that was there is unchanged`);
  });
});
