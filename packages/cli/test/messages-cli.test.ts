/** The CLI speaks the language asked for (--lang, else LANG), from the same catalogues as the viewer. */
import { describe, expect, it } from 'vitest';
import { gradviz, inProcess } from './support/cli.js';

describe('the CLI in Japanese', () => {
  it('gradviz --lang ja, and LANG=ja_JP.UTF-8: the findings, the help and the errors in Japanese', async () => {
    const explained = await gradviz('explain', 'examples/blog-graph.ts', '--lang', 'ja');
    expect(explained.stdout).toMatch(/^examples\/blog-graph\.ts: 1 件の指摘\nエラー: x が葉テンソル \(leaf\) ではないため/);
    expect(explained.stdout).toContain('  直し方: 作るときに dtype を指定するか');
    expect((await inProcess('--help', '--lang', 'ja')).stdout).toMatch(/^gradviz: torchviz と同じように/);
    const wrong = await inProcess('render', 'a.ts', '--colour', '--lang', 'ja');
    expect(wrong.stderr).toBe("gradviz: '--colour' というオプションはありません（gradviz --help を参照してください）\n");
    const badLang = await inProcess('explain', 'a.ts', '--lang', 'fr');
    expect(badLang.stderr).toBe("gradviz: --lang must be one of en, ja, got 'fr' (see gradviz --help)\n");
    const lang = process.env.LANG;
    process.env.LANG = 'ja_JP.UTF-8';
    try {
      expect((await inProcess('explain', 'no-such-file.json')).stderr).toBe("gradviz: 'no-such-file.json' を読めません: ファイルがありません\n");
    } finally {
      process.env.LANG = lang;
    }
  });
});
