import * as fs from 'node:fs';

export const DEFAULT_MAX_BYTES = 1024 * 1024;

export type ReadResult =
  | { ok: true; text: string; mode: number; mtimeMs: number; size: number }
  /** `failed`: the file could not be read (I/O, permissions); else it is not a text file to touch. */
  | { ok: false; reason: string; failed?: boolean };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Reads a text file the tool may rewrite; refuses binary, non-UTF-8, oversized files and symlinks. */
export function readTextFile(abs: string, maxBytes: number = DEFAULT_MAX_BYTES): ReadResult {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(abs);
  } catch (e) {
    return { ok: false, reason: `cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, failed: true };
  }
  if (st.isSymbolicLink()) return { ok: false, reason: 'symbolic link: not followed, not written through' };
  if (!st.isFile()) return { ok: false, reason: 'not a regular file' };
  if (st.size > maxBytes) return { ok: false, reason: `larger than ${maxBytes} bytes` };
  let buf: Buffer;
  try {
    buf = fs.readFileSync(abs);
  } catch (e) {
    return { ok: false, reason: `cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, failed: true };
  }
  if (buf.includes(0)) return { ok: false, reason: 'binary file (contains NUL bytes)' };
  let text: string;
  try {
    text = utf8.decode(buf);
  } catch {
    return { ok: false, reason: 'not valid UTF-8' };
  }
  return { ok: true, text, mode: st.mode & 0o7777, mtimeMs: st.mtimeMs, size: st.size };
}
