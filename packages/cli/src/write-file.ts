/**
 * Node only: writing a file so that it holds either its old contents or the new ones, never a part.
 * The new contents go to a temporary file in the same folder (the same file system, so the rename
 * is atomic), which is flushed to disk and then renamed over the target. A write stopped by a full
 * disk, a file-size limit or a kill leaves the old file as it was; a kill can leave the temporary
 * file (`.<name>.<pid>-<random>.tmp`) behind, never a broken target.
 */
import { randomBytes } from 'node:crypto';
import { chmod, open, realpath, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** What a file is written from: text (as UTF-8) or bytes. */
export type FileContents = string | Uint8Array;

/** A file could not be written; the file that was there is unchanged. */
export class FileWriteError extends Error {
  override name = 'FileWriteError';
}

/** Why the system refused, in words; the system's own message otherwise. */
const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'its folder does not exist',
  ENOTDIR: 'a folder on its path is a file',
  EISDIR: 'it is a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is used up',
  EFBIG: 'the file would be larger than the file-size limit allows',
};

function writeError(path: string, error: unknown): FileWriteError {
  const code = (error as { code?: unknown } | null)?.code;
  const reason = (typeof code === 'string' ? REASONS[code] : undefined) ?? (error instanceof Error ? error.message : String(error));
  return new FileWriteError(`cannot write '${path}': ${reason}; the file that was there is unchanged`, { cause: error });
}

/** The file a symbolic link points to is replaced, not the link. */
async function targetOf(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch {
    return path;
  }
}

/** The target's permissions, to keep them; undefined for a new file. */
async function existingMode(target: string): Promise<number | undefined> {
  try {
    const found = await stat(target);
    if (found.isDirectory()) throw Object.assign(new Error('is a folder'), { code: 'EISDIR' });
    return found.mode & 0o7777;
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Writes `contents` to `path` atomically: afterwards the file holds all of it, or what it held before. */
export async function writeFileAtomic(path: string, contents: FileContents): Promise<void> {
  const target = await targetOf(path);
  // A name no other writer picks, beside the target; a leading dot hides it from folder listings.
  const temporary = join(dirname(target), `.${basename(target)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  let renamed = false;
  try {
    const mode = await existingMode(target);
    const handle = await open(temporary, 'wx', mode ?? 0o666);
    try {
      await handle.writeFile(contents);
      await handle.sync();
    } finally {
      await handle.close();
    }
    // open() applies the umask; the replaced file's own permissions are what it keeps.
    if (mode !== undefined) await chmod(temporary, mode);
    await rename(temporary, target);
    renamed = true;
  } catch (error) {
    throw writeError(path, error);
  } finally {
    if (!renamed) await rm(temporary, { force: true });
  }
}
