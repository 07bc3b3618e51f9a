/** Lines in compiled JavaScript are mapped back to the TypeScript they came from, through the file's source map. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { originalLocation } from '../src/source-map.js';

const folder = mkdtempSync(join(tmpdir(), 'gradviz-source-map-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const SOURCE = ['// A learner\'s program', 'type Shape = readonly number[];', 'const shape: Shape = [3, 2];', '', 'export const w = shape.length;', ''].join('\n');

function compile(name: string, inline: boolean): string {
  const out = ts.transpileModule(SOURCE, { fileName: `${name}.ts`, compilerOptions: { sourceMap: !inline, inlineSourceMap: inline, module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } });
  const js = join(folder, `${name}.js`);
  writeFileSync(js, out.outputText);
  if (out.sourceMapText !== undefined) writeFileSync(`${js}.map`, out.sourceMapText);
  return js;
}

/** The 1-based line of the compiled file that holds `text`. */
function lineIn(file: string, text: string): number {
  return readFileSync(file, 'utf8').split('\n').findIndex((l: string) => l.includes(text)) + 1;
}

describe('originalLocation', () => {
  it.each([
    ['a map file beside it', false],
    ['an inline map', true],
  ])('maps a line of compiled JavaScript to its TypeScript line, from %s', (_, inline) => {
    const js = compile(inline ? 'inline' : 'beside', inline);
    const line = lineIn(js, 'export const w');
    expect(line).toBeGreaterThan(0);
    expect(originalLocation({ file: js, line, column: 1 })).toMatchObject({ file: join(folder, `${inline ? 'inline' : 'beside'}.ts`), line: 5 });
  });

  it('leaves a file without a map, or one that is not JavaScript, as it is', () => {
    const plain = join(folder, 'plain.js');
    writeFileSync(plain, 'export const a = 1;\n');
    expect(originalLocation({ file: plain, line: 1, column: 1 })).toEqual({ file: plain, line: 1, column: 1 });
    expect(originalLocation({ file: join(folder, 'x.ts'), line: 2, column: 3 })).toEqual({ file: join(folder, 'x.ts'), line: 2, column: 3 });
    const broken = join(folder, 'broken.js');
    writeFileSync(broken, 'export const a = 1;\n//# sourceMappingURL=missing.js.map\n');
    expect(originalLocation({ file: broken, line: 1, column: 1 })).toEqual({ file: broken, line: 1, column: 1 });
  });
});
