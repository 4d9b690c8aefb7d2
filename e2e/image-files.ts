import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BUILDAH_GLOBAL_ARGS } from './state';
import { buildah, tagFor } from './buildah';
import { run } from './exec';

/** One filesystem entry of an image, everything but times. */
export interface FileEntry {
  /** f regular, d directory, l symlink, c/b device, p fifo */
  type: string;
  /** Permission bits including setuid/setgid/sticky. */
  mode: number;
  uid: number;
  gid: number;
  /** Regular files only. */
  size?: number;
  /** sha256 of a regular file's content, or a symlink's target, or a device's rdev. */
  content?: string;
}

export type FileList = Map<string, FileEntry>;

/** A rule for paths the comparison leaves out, with the reason it may. */
export interface IgnoreRule {
  /** Absolute path prefix (the path itself and everything under it) or a RegExp on the absolute path. */
  match: string | RegExp;
  why: string;
  /** Narrows the rule to differences of this shape (a: first image's entry, b: second's). */
  when?: (a: FileEntry | undefined, b: FileEntry | undefined) => boolean;
  /** How the summary names the rule (default: its match). */
  label?: string;
}

export function ruleMatches(rule: IgnoreRule, p: string, a?: FileEntry, b?: FileEntry): boolean {
  const hit = typeof rule.match === 'string' ? p === rule.match || p.startsWith(`${rule.match}/`) : rule.match.test(p);
  return hit && (!rule.when || rule.when(a, b));
}

function typeOf(st: fs.Stats): string | null {
  if (st.isFile()) return 'f';
  if (st.isDirectory()) return 'd';
  if (st.isSymbolicLink()) return 'l';
  if (st.isCharacterDevice()) return 'c';
  if (st.isBlockDevice()) return 'b';
  if (st.isFIFO()) return 'p';
  return null; // sockets: runtime artefacts, not image content
}

/**
 * Lists every file under `root` (a mounted image). Only reads: nothing from
 * the image is ever executed on the host.
 */
export function listFiles(root: string): FileList {
  const out: FileList = new Map();
  const walk = (rel: string): void => {
    const abs = path.join(root, rel);
    for (const name of fs.readdirSync(abs).sort()) {
      const relChild = rel === '/' ? `/${name}` : `${rel}/${name}`;
      const absChild = path.join(root, relChild);
      const st = fs.lstatSync(absChild);
      const type = typeOf(st);
      if (!type) continue;
      const entry: FileEntry = { type, mode: st.mode & 0o7777, uid: st.uid, gid: st.gid };
      if (type === 'f') {
        entry.size = st.size;
        entry.content = crypto.createHash('sha256').update(fs.readFileSync(absChild)).digest('hex');
      } else if (type === 'l') {
        entry.content = fs.readlinkSync(absChild);
      } else if (type === 'c' || type === 'b') {
        entry.content = String(st.rdev);
      }
      out.set(relChild, entry);
      if (type === 'd') walk(relChild);
    }
  };
  walk('/');
  return out;
}

/**
 * Mounts `image` through a throw-away working container, lists its files, and
 * removes the container again.
 */
export async function listImageFiles(image: string, runDir: string): Promise<FileList> {
  const name = `cachemount-e2e-${path.basename(runDir)}-${tagFor(runDir, image).replace(/[^a-z0-9]+/g, '-').slice(-40)}`;
  await buildah(['from', '--pull=never', '--name', name, image]);
  try {
    const mnt = (await buildah(['mount', name])).stdout.trim();
    if (!mnt || !fs.existsSync(mnt)) throw new Error(`buildah mount ${name} gave no usable path: ${JSON.stringify(mnt)}`);
    return listFiles(mnt);
  } finally {
    await run('buildah', [...BUILDAH_GLOBAL_ARGS, 'umount', name], { timeoutMs: 120_000 });
    await run('buildah', [...BUILDAH_GLOBAL_ARGS, 'rm', name], { timeoutMs: 120_000 });
  }
}

export interface FileDifference {
  path: string;
  a?: FileEntry;
  b?: FileEntry;
}

export interface Comparison {
  /** Differences no rule covers. */
  differences: FileDifference[];
  /** How many differing paths each rule absorbed, by rule index. */
  ignoredByRule: number[];
  /** The differences the rules absorbed. */
  ignored: FileDifference[];
  compared: number;
}

function sameEntry(a: FileEntry, b: FileEntry): boolean {
  return (
    a.type === b.type &&
    a.mode === b.mode &&
    a.uid === b.uid &&
    a.gid === b.gid &&
    a.size === b.size &&
    a.content === b.content
  );
}

export function compareFileLists(a: FileList, b: FileList, rules: readonly IgnoreRule[]): Comparison {
  const result: Comparison = { differences: [], ignoredByRule: rules.map(() => 0), ignored: [], compared: 0 };
  const paths = new Set([...a.keys(), ...b.keys()]);
  for (const p of [...paths].sort()) {
    const ea = a.get(p);
    const eb = b.get(p);
    if (ea && eb && sameEntry(ea, eb)) {
      result.compared += 1;
      continue;
    }
    const rule = rules.findIndex((r) => ruleMatches(r, p, ea, eb));
    if (rule >= 0) {
      result.ignoredByRule[rule] += 1;
      result.ignored.push({ path: p, a: ea, b: eb });
      continue;
    }
    result.compared += 1;
    result.differences.push({ path: p, a: ea, b: eb });
  }
  return result;
}

export function describeEntry(e: FileEntry | undefined): string {
  if (!e) return '(absent)';
  const mode = e.mode.toString(8).padStart(4, '0');
  const extra = e.type === 'f' ? ` ${e.size} B sha256:${e.content?.slice(0, 12)}` : e.content ? ` -> ${e.content}` : '';
  return `${e.type} ${mode} ${e.uid}:${e.gid}${extra}`;
}

export function describeDifferences(c: Comparison, labelA: string, labelB: string, max = 40): string {
  const rows = c.differences.slice(0, max).map((d) => `  ${d.path}\n    ${labelA}: ${describeEntry(d.a)}\n    ${labelB}: ${describeEntry(d.b)}`);
  const more = c.differences.length > max ? `\n  ... and ${c.differences.length - max} more` : '';
  return rows.join('\n') + more;
}
