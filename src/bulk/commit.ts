import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { git, gitFailure, gitOk } from './git';

/** A work tree and the folders git keeps its data in. */
export interface RepoDirs {
  dir: string;
  /** This work tree's own git folder (HEAD, MERGE_HEAD, the index). */
  gitDir: string;
  /** The folder shared by all of the repository's work trees (objects, refs, info). */
  commonDir: string;
}

/**
 * Where git keeps the data of the work tree at `dir`: its `.git` folder, or the folder a
 * `.git` file names (linked worktrees, submodules). Null when `dir` has no `.git`, so is
 * not the top of a work tree.
 */
export function repoDirsOf(dir: string): RepoDirs | null {
  const dotGit = path.join(dir, '.git');
  let st: fs.Stats;
  try {
    st = fs.statSync(dotGit);
  } catch {
    return null;
  }
  let gitDir = dotGit;
  if (st.isFile()) {
    const m = /^gitdir: (.+?)\r?$/m.exec(fs.readFileSync(dotGit, 'utf8'));
    if (!m) return null;
    gitDir = path.resolve(dir, m[1]);
  } else if (!st.isDirectory()) return null;
  let commonDir = gitDir;
  try {
    commonDir = path.resolve(gitDir, fs.readFileSync(path.join(gitDir, 'commondir'), 'utf8').trim());
  } catch {
    // no commondir file: the main work tree
  }
  return { dir, gitDir, commonDir };
}

/**
 * Might `ref` exist, or clash with a ref that does? Read from git's files: the ref's own
 * file (or a folder of refs below it), a line of packed-refs, or a reftable (then: maybe).
 * Only a "no" is relied on, and only by the fast path; a "maybe" takes the exact path,
 * which asks git.
 */
export function mayHaveRef(repo: RepoDirs, ref: string): boolean {
  if (fs.existsSync(path.join(repo.commonDir, 'reftable'))) return true;
  if (fs.existsSync(path.join(repo.commonDir, ref))) return true;
  let packed: string;
  try {
    packed = fs.readFileSync(path.join(repo.commonDir, 'packed-refs'), 'utf8');
  } catch {
    return false;
  }
  return packed.split('\n').some((l) => l.endsWith(` ${ref}`) || l.includes(` ${ref}/`));
}

export interface Change {
  path: string;
  text: string;
  /** Its mode at the base (`100644`, `100755`). */
  mode: string;
}

export type Committed = { commit: string; existing: boolean } | { differs: true };

/**
 * One commit on a new branch `ref` from `base`, holding `files` as `git add` would store
 * them, by the repository's git identity. The repository's index, work tree and HEAD are
 * never touched. A branch already there with the same tree is recognised (existing); with
 * another tree, nothing is written to it (differs).
 *
 * Most repositories take the fast path: `git var` and `check-attr` (at once), then one
 * `git fast-import` that writes blobs, tree, commit and branch. It is taken only when
 * git's answers show it stores what the exact path stores: no branch of that name, a
 * plain identity, no commit signing or encoding, and no attribute that converts these
 * files on the way in.
 * Otherwise the exact path builds the tree in a temporary index with `hash-object --path`
 * and commits with `commit-tree`.
 */
export async function commitChange(repo: RepoDirs, base: string, ref: string, files: Change[], message: string): Promise<Committed> {
  const fresh = !mayHaveRef(repo, ref);
  const [settings, attrs] = await Promise.all([gitSettings(repo.dir), fresh ? convertingAttributes(repo.dir, files) : null]);
  const fast = settings && attrs ? fastPlan(settings, attrs, files) : null;
  if (fast) return { commit: await fastImport(repo, base, ref, files, message, fast), existing: false };
  // commit.gpgSign is for `git commit`; commit-tree signs when asked to
  return exactCommit(repo.dir, base, ref, files, message, truthy(settings?.get('commit.gpgsign')));
}

/** git's settings and identities for the repository (`git var -l`), or null when git will not say. */
async function gitSettings(dir: string): Promise<Map<string, string> | null> {
  const vars = await git(dir, ['var', '-l']);
  if (vars.code !== 0) return null;
  const v = new Map<string, string>();
  for (const line of vars.stdout.split('\n')) {
    // a key without a value (`[commit] gpgsign`) is a boolean true
    const eq = line.indexOf('=');
    if (eq > 0) v.set(line.slice(0, eq), line.slice(eq + 1));
    else if (line) v.set(line, 'true');
  }
  return v;
}

/** For each file, the attributes set on it that may convert it on the way in (`git check-attr`); null when git will not say. */
async function convertingAttributes(dir: string, files: Change[]): Promise<Map<string, string[]> | null> {
  const attrs = await git(dir, ['check-attr', '-z', '--stdin', ...CONVERTING], { input: files.map((f) => `${f.path}\0`).join('') });
  if (attrs.code !== 0) return null;
  // -z: path NUL attribute NUL value NUL
  const parts = attrs.stdout.split('\0');
  const set = new Map<string, string[]>();
  for (let k = 0; k + 2 < parts.length; k += 3) {
    if (parts[k + 2] !== 'unspecified') set.set(parts[k], [...(set.get(parts[k]) ?? []), parts[k + 1]]);
  }
  return set;
}

/** Attributes that make `git add` store other bytes than the file's. */
const CONVERTING = ['filter', 'ident', 'working-tree-encoding', 'text', 'eol', 'crlf'];

const truthy = (v: string | undefined): boolean => v !== undefined && !/^(false|no|off|0)$/i.test(v);

/**
 * The identities for the fast path, or null when the exact path must make the commit:
 * from git's settings and the files' converting attributes.
 */
function fastPlan(v: Map<string, string>, set: Map<string, string[]>, files: Change[]): FastPlan | null {
  // commit-tree signs or re-encodes these; a ref store other than files is not read here
  if (truthy(v.get('commit.gpgsign')) || v.has('extensions.refstorage')) return null;
  const enc = v.get('i18n.commitencoding');
  if (enc !== undefined && !/^utf-?8$/i.test(enc)) return null;
  // the identity commit-tree would use, when git would accept it without asking
  const author = v.get('GIT_AUTHOR_IDENT');
  const committer = v.get('GIT_COMMITTER_IDENT');
  if (!author || !committer || !plainIdent(author) || !plainIdent(committer) || truthy(v.get('user.useconfigonly'))) return null;
  const autocrlf = truthy(v.get('core.autocrlf'));
  for (const f of files) {
    const named = set.get(f.path) ?? [];
    // filters, $Id$ and re-encoding change any file; line-ending conversion only touches CRs
    if (named.some((a) => a === 'filter' || a === 'ident' || a === 'working-tree-encoding')) return null;
    if (f.text.includes('\r') && (autocrlf || named.length > 0)) return null;
  }
  return { author, committer };
}

interface FastPlan {
  author: string;
  committer: string;
}

/** The mode at `base` of each of `paths` that git holds there (`100644`, `100755`); a path it does not hold is absent. */
export async function trackedModes(dir: string, base: string, paths: string[]): Promise<Map<string, string>> {
  const modes = new Map<string, string>();
  if (!paths.length) return modes;
  const listed = await gitOk(dir, ['--literal-pathspecs', 'ls-tree', '-z', base, '--', ...paths]);
  for (const rec of listed.split('\0').filter(Boolean)) {
    const tab = rec.indexOf('\t');
    modes.set(rec.slice(tab + 1), rec.slice(0, rec.indexOf(' ')));
  }
  return modes;
}

/** `Name <email> seconds zone`, with a name and an email git did not have to guess (`(none)`). */
function plainIdent(ident: string): boolean {
  const m = /^(.+) <([^<>]+)> \d+ [+-]\d{4}$/.exec(ident);
  return !!m && m[1].trim() !== '' && !m[2].includes('(none)');
}

/** A path as fast-import reads it: C-style quoted. */
function quoted(p: string): string {
  return `"${p.replace(/[\\"\x00-\x1f\x7f]/g, (c) => (c === '\\' || c === '"' ? `\\${c}` : `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`))}"`;
}

function data(text: string): Buffer {
  const body = Buffer.from(text, 'utf8');
  return Buffer.concat([Buffer.from(`data ${body.length}\n`), body, Buffer.from('\n')]);
}

/** fast-import's crash reports in the repository's git folders. */
function crashReports(repo: RepoDirs): string[] {
  return [...new Set([repo.gitDir, repo.commonDir])].flatMap((d) => {
    try {
      return fs.readdirSync(d).filter((n) => n.startsWith('fast_import_crash_')).map((n) => path.join(d, n));
    } catch {
      return [];
    }
  });
}

/** The fast path: one fast-import writes blobs, tree, commit and the new branch, and names the commit. */
async function fastImport(repo: RepoDirs, base: string, ref: string, files: Change[], message: string, plan: FastPlan): Promise<string> {
  const stream = Buffer.concat([
    Buffer.from(`commit ${ref}\nmark :1\nauthor ${plan.author}\ncommitter ${plan.committer}\n`),
    data(message),
    Buffer.from(`from ${base}\n`),
    ...files.flatMap((f) => [Buffer.from(`M ${f.mode} inline ${quoted(f.path)}\n`), data(f.text)]),
    Buffer.from('\nget-mark :1\ndone\n'),
  ]);
  const before = new Set(crashReports(repo));
  const r = await git(repo.dir, ['fast-import', '--quiet', '--done'], { input: stream });
  const commit = r.stdout.trim();
  if (r.code !== 0 || !/^[0-9a-f]{40,64}$/.test(commit)) {
    // a fast-import stopped by an error leaves a crash report in the git folder: ours, not the user's
    for (const f of crashReports(repo)) if (!before.has(f)) fs.rmSync(f, { force: true });
    throw gitFailure(['fast-import'], r);
  }
  return commit;
}

/** cachemount's own identity, for a repository where git has none configured. */
const FALLBACK_IDENTITY = { GIT_AUTHOR_NAME: 'cachemount', GIT_AUTHOR_EMAIL: 'cachemount@localhost', GIT_COMMITTER_NAME: 'cachemount', GIT_COMMITTER_EMAIL: 'cachemount@localhost' };

/** The exact path: tree from a temporary index, commit by commit-tree, branch by a create-only update-ref. */
async function exactCommit(dir: string, base: string, ref: string, files: Change[], message: string, sign: boolean): Promise<Committed> {
  const tree = await treeWith(dir, base, files);
  // (the pattern also matches refs below it: keep the exact one)
  const existing = (await gitOk(dir, ['for-each-ref', '--format=%(refname) %(objectname) %(tree)', ref])).split('\n').find((l) => l.startsWith(`${ref} `));
  if (existing) {
    const [, theirCommit, theirTree] = existing.split(' ');
    return theirTree === tree ? { commit: theirCommit, existing: true } : { differs: true };
  }
  const commit = await commitTree(dir, tree, base, message, sign);
  // create only: a branch made meanwhile is not overwritten
  await gitOk(dir, ['update-ref', '-m', 'cachemount bulk', ref, commit, '']);
  return { commit, existing: false };
}

/** Commits `tree` on `base` as the repository's git identity, or cachemount's where it has none; signed when `sign`. */
async function commitTree(dir: string, tree: string, base: string, message: string, sign: boolean): Promise<string> {
  const args = ['commit-tree', tree, '-p', base, ...(sign ? ['-S'] : []), '-F', '-'];
  const first = await git(dir, args, { input: message });
  if (first.code === 0) return first.stdout.trim();
  if (!/identity|user\.email|user\.name|empty ident/i.test(first.stderr)) throw gitFailure(args, first);
  return (await gitOk(dir, args, { input: message, env: FALLBACK_IDENTITY })).trim();
}

/**
 * The tree of `base` with the rewritten files, built in a temporary index (the
 * repository's own index and work tree are never touched). Blobs go through
 * `hash-object --path`, so the repository's attributes (eol, filters) apply as
 * `git add` would apply them.
 */
async function treeWith(dir: string, base: string, files: Change[]): Promise<string> {
  const index = path.join(os.tmpdir(), `cachemount-index-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const env = { GIT_INDEX_FILE: index };
  try {
    await gitOk(dir, ['read-tree', base], { env });
    const lines: string[] = [];
    for (const f of files) {
      const sha = (await gitOk(dir, ['hash-object', '-w', '--stdin', '--path', f.path], { input: f.text })).trim();
      lines.push(`${f.mode} ${sha}\t${f.path}`);
    }
    // NUL-terminated: a path is taken as it is, never unquoted
    await gitOk(dir, ['update-index', '-z', '--index-info'], { input: lines.map((l) => `${l}\0`).join(''), env });
    return (await gitOk(dir, ['write-tree'], { env })).trim();
  } finally {
    fs.rmSync(index, { force: true });
  }
}
