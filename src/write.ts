import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Writes a file atomically: a temp file in the same folder, then rename, keeping the
 * mode. Refuses when the file changed on disk since it was read, or is a symlink.
 * Returns null on success, or the reason it did not write.
 */
export function writeAtomic(abs: string, before: string, after: string, expectMtimeMs: number | undefined): string | null {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(abs);
  } catch (e) {
    return `cannot stat: ${(e as NodeJS.ErrnoException).code ?? String(e)}`;
  }
  if (st.isSymbolicLink()) return 'symbolic link: not written through';
  let current: string;
  try {
    current = fs.readFileSync(abs, 'utf8');
  } catch (e) {
    return `cannot re-read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`;
  }
  if (current !== before || (expectMtimeMs !== undefined && st.mtimeMs !== expectMtimeMs && current !== before)) {
    return 'the file changed on disk since it was read; not written';
  }
  if (st.nlink > 1) return `the file has ${st.nlink} hard links; replacing it would break them: not written`;
  // root may write anything: honour the mode bits a user set to protect the file
  if ((st.mode & 0o222) === 0) return 'read-only file: not written';
  try {
    fs.accessSync(abs, fs.constants.W_OK);
  } catch {
    return 'read-only file: not written';
  }
  const dir = path.dirname(abs);
  const tmp = path.join(dir, `.${path.basename(abs)}.cachemount-${process.pid}-${Date.now()}.tmp`);
  try {
    fs.writeFileSync(tmp, after, { mode: st.mode & 0o7777, flag: 'wx' });
    try {
      // keep the owner too (possible when running as root, as in containers and CI)
      if (typeof process.getuid === 'function' && process.getuid() === 0) fs.chownSync(tmp, st.uid, st.gid);
    } catch {
      /* not permitted: the file keeps the writer's ownership */
    }
    fs.chmodSync(tmp, st.mode & 0o7777);
    fs.renameSync(tmp, abs);
  } catch (e) {
    try {
      fs.unlinkSync(tmp);
    } catch {
      /* nothing to clean */
    }
    return `cannot write: ${(e as NodeJS.ErrnoException).code ?? String(e)}`;
  }
  return null;
}
