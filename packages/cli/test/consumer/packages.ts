/**
 * The packages as npm users get them: packed by pnpm (as they would be published), then installed
 * with npm into a folder outside the workspace. Used by the consumer test and by the size benchmark.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/** The workspace's packages, in the order they depend on each other. */
export const PACKAGES = ['engine', 'viz', 'cli'] as const;
export type PackageName = (typeof PACKAGES)[number];

/** `npx -y pnpm@<the workspace's version>`: the pnpm the README's commands run. */
function pnpm(): string[] {
  const manager = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { packageManager: string }).packageManager;
  return ['-y', manager];
}

/** Packs every package into `folder` (each `prepack` builds it first); returns the tarballs by package. */
export function packAll(folder: string): Record<PackageName, string> {
  execFileSync('npx', [...pnpm(), '-r', '--filter', './packages/*', 'pack', '--pack-destination', folder], { cwd: repoRoot, stdio: 'pipe' });
  const tarballs = readdirSync(folder);
  const tarball = (name: PackageName) => {
    const file = tarballs.find((f) => f.startsWith(`gradviz-${name}-`) && f.endsWith('.tgz'));
    if (file === undefined) throw new Error(`pnpm pack wrote no tarball for @gradviz/${name} into ${folder}`);
    return join(folder, file);
  };
  return { engine: tarball('engine'), viz: tarball('viz'), cli: tarball('cli') };
}

/** `npm install` of `tarballs` into `folder`, a new ES module project; dependencies come from the npm registry. */
export function npmInstall(folder: string, tarballs: readonly string[]): void {
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'package.json'), `${JSON.stringify({ name: 'gradviz-consumer', private: true, type: 'module' }, null, 2)}\n`);
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', ...tarballs], { cwd: folder, stdio: 'pipe' });
}

/** The bytes of every file under `folder`, as `du --apparent-size` counts them: a file with several links (npm links esbuild's binary) once. */
export function folderBytes(folder: string): number {
  const seen = new Set<string>();
  let total = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const stats = statSync(join(entry.parentPath, entry.name));
    const inode = `${stats.dev}:${stats.ino}`;
    if (seen.has(inode)) continue;
    seen.add(inode);
    total += stats.size;
  }
  return total;
}

/** The packages installed in `folder`'s node_modules: `name` or `@scope/name`. */
export function installedPackages(folder: string): string[] {
  const modules = join(folder, 'node_modules');
  return readdirSync(modules)
    .filter((name) => !name.startsWith('.'))
    .flatMap((name) => (name.startsWith('@') ? readdirSync(join(modules, name)).map((inner) => `${name}/${inner}`) : [name]));
}
