import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { processRoot, RootResult } from '../engine';
import { CliSettings, resolveOptions } from '../config';
import { rootDiff } from '../emit';
import { literalPattern } from '../ignore-patterns';
import { pullRequestText } from '../markdown';
import { commitChange, RepoDirs, repoDirsOf, trackedModes } from './commit';
import { git, gitOk, withGitShells } from './git';
import { BulkReport, readReport, ReportFile, RepoEntry, summarise } from './report';
import { inShard } from './shard';

export interface BulkOptions {
  /** Repositories as given: local paths or git URLs. */
  repos: string[];
  branch: string;
  /** The commit to build on; null: the repository's HEAD. */
  base: string | null;
  commitMessage: string | null;
  jobs: number;
  shard: { k: number; n: number } | null;
  /** Remote to push the branch to, or null. */
  push: string | null;
  report: string | null;
  resume: boolean;
  dryRun: boolean;
  /** Where git URLs are cloned. */
  workDir: string;
  /** Engine settings from the command line; each repository's own config file fills in the rest. */
  engine: CliSettings;
  version: string;
  /** Progress line on stderr (a terminal). */
  progress: boolean;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

export interface BulkOutcome {
  report: BulkReport;
  interrupted: boolean;
}

const URL_LIKE = /^(?:[a-z][a-z0-9+.-]*:\/\/|[\w.-]+@[\w.-]+:)/i;

/** A folder name for a clone of `url`: its last two path parts, made safe. */
function cloneName(url: string): string {
  const parts = url.replace(/\.git\/?$/, '').split(/[/:]+/).filter(Boolean);
  return parts.slice(-2).join('+').replace(/[^\w.+-]/g, '_') || 'repo';
}

/** Where an operation in progress (merge, rebase, …) would make a commit unsafe. */
const IN_PROGRESS = ['MERGE_HEAD', 'rebase-merge', 'rebase-apply', 'CHERRY_PICK_HEAD', 'REVERT_HEAD', 'BISECT_LOG'];

/** The path an entry of `git status --porcelain=v2 -z` is about (renames: the new path). */
function statusPath(entry: string): string {
  const fields = { '1': 8, '2': 9, u: 10 }[entry[0]];
  return fields === undefined ? entry.slice(2) : entry.split(' ').slice(fields).join(' ');
}

/**
 * Why a repository must be left alone, or its HEAD commit and git folders: not the top of
 * a work tree, an operation in progress, no commits, changes not committed. One git
 * command: `status` (without taking optional locks, so not even the index's stat data is
 * refreshed), whose branch header names HEAD's commit.
 */
async function inspect(dir: string): Promise<{ unsafe: string } | { head: string; repo: RepoDirs }> {
  const repo = repoDirsOf(dir);
  if (!repo) {
    const top = await git(dir, ['rev-parse', '--show-toplevel']);
    return { unsafe: top.code === 0 ? `not the top of its work tree (that is ${top.stdout.trim()})` : 'not a git work tree' };
  }
  const busy = IN_PROGRESS.find((f) => fs.existsSync(path.join(repo.gitDir, f)));
  if (busy) return { unsafe: `a ${busy.replace(/_HEAD|-\w+$|_LOG/g, '').toLowerCase().replace('cherry_pick', 'cherry-pick')} is in progress` };
  const status = await git(dir, ['--no-optional-locks', 'status', '--porcelain=v2', '--branch', '-z', '--untracked-files=normal']);
  if (status.code !== 0) return { unsafe: `not a git work tree (${status.stderr.trim().split('\n').pop()})` };
  const entries = status.stdout.split('\0');
  const head = entries.find((e) => e.startsWith('# branch.oid '))?.slice('# branch.oid '.length);
  if (!head || !/^[0-9a-f]{40,64}$/.test(head)) return { unsafe: 'the repository has no commits' };
  // a rename's entry is followed by its old path, which is not an entry of its own
  const dirty: string[] = [];
  for (let k = 0; k < entries.length; k++) {
    const e = entries[k];
    if (!e || e.startsWith('#')) continue;
    dirty.push(statusPath(e));
    if (e[0] === '2') k++;
  }
  if (dirty.length) return { unsafe: `uncommitted changes (${dirty.length} path${dirty.length > 1 ? 's' : ''}, such as ${dirty[0]})` };
  return { head, repo };
}

/** Clones a URL (shallow) into the work folder, or reuses an earlier clone of it. */
async function cloneOf(url: string, workDir: string, base: string | null): Promise<string> {
  const dir = path.join(workDir, cloneName(url));
  if (!fs.existsSync(path.join(dir, '.git'))) {
    fs.mkdirSync(workDir, { recursive: true });
    await gitOk(workDir, ['clone', '--quiet', '--depth', '1', '--no-tags', url, dir]);
  }
  const has = async (): Promise<boolean> => (await git(dir, ['rev-parse', '--verify', '-q', `${base}^{commit}`])).code === 0;
  if (base !== null && !(await has())) {
    // a branch, tag or commit of the remote; else (HEAD~1, say) the whole history
    const fetched = await git(dir, ['fetch', '--quiet', '--depth', '1', 'origin', `${base}:refs/cachemount/base`]);
    if (fetched.code !== 0 || !(await has())) await git(dir, ['fetch', '--quiet', '--unshallow', 'origin']);
  }
  return dir;
}

/**
 * The engine's run over the base commit: the work tree itself when it is the clean HEAD,
 * else a temporary worktree. Files in `leaveAlone` are left as they stand (and still
 * counted: a script their RUNs run keeps what they need).
 */
async function runEngine(dir: string, base: string, head: string, settings: CliSettings, leaveAlone: string[]): Promise<RootResult> {
  // the repository's config file (at the commit worked on) and patterns relative to its root
  const optionsAt = (root: string): ReturnType<typeof resolveOptions>['options'] => {
    const { options } = resolveOptions(root, { ...settings, ignoreBase: root });
    if (!leaveAlone.length) return options;
    const rule = { base: root, patterns: leaveAlone.map(literalPattern), from: 'git', reason: `not tracked by git at ${base.slice(0, 12)}` };
    return { ...options, ignore: [...(options.ignore ?? []), rule] };
  };
  if (base === head) return processRoot({ root: dir }, optionsAt(dir));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cachemount-base-'));
  try {
    await gitOk(dir, ['worktree', 'add', '--quiet', '--detach', tmp, base]);
    const r = await processRoot({ root: tmp }, optionsAt(tmp));
    return { ...r, root: dir };
  } finally {
    await git(dir, ['worktree', 'remove', '--force', tmp]);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * The engine's run on what git holds at the base. A changed file git does not hold there
 * (excluded by .git/info/exclude or a global excludes file, or inside a submodule) cannot
 * go into the commit, so the run is made again with such files left alone: nothing
 * committed then relies on an edit to them. Gives the run, the changed files' modes and
 * the files left alone.
 */
async function engineOnTracked(dir: string, base: string, head: string, settings: CliSettings): Promise<{ result: RootResult; modes: Map<string, string>; untracked: string[] }> {
  const run = async (leaveAlone: string[]): Promise<{ result: RootResult; modes: Map<string, string>; missing: string[] }> => {
    const result = await runEngine(dir, base, head, settings, leaveAlone);
    const changed = result.files.filter((f) => f.status === 'changed').map((f) => f.path);
    const modes = await trackedModes(dir, base, changed);
    return { result, modes, missing: changed.filter((p) => !modes.has(p)) };
  };
  const first = await run([]);
  if (!first.missing.length) return { ...first, untracked: [] };
  const again = await run(first.missing);
  if (again.missing.length) throw new Error(`${again.missing[0]} is not tracked by git at ${base.slice(0, 12)}`);
  return { ...again, untracked: first.missing };
}

function commitMessage(opts: BulkOptions, title: string, files: string[]): string {
  if (opts.commitMessage) return opts.commitMessage;
  return `${title}\n\nBuildKit cache mounts for the package managers these files run, and no cleanup or flag that would defeat them (${files.length} file${files.length > 1 ? 's' : ''}: ${files.join(', ')}).\n\nGenerated by cachemount ${opts.version}.\n`;
}

/** Does one repository: checks, rewrite, commit on the branch, push. Never throws. */
async function doRepo(repo: string, opts: BulkOptions, print: (text: string) => void): Promise<RepoEntry> {
  const t0 = Date.now();
  const entry: RepoEntry = { repo, status: 'failed', ms: 0 };
  const done = (e: Partial<RepoEntry>): RepoEntry => ({ ...entry, ...e, ms: Date.now() - t0 });
  try {
    const dir = URL_LIKE.test(repo) ? await cloneOf(repo, opts.workDir, opts.base) : path.resolve(repo);
    entry.path = dir;
    if (!fs.existsSync(dir)) return done({ status: 'failed', error: 'no such folder' });
    const state = await inspect(dir);
    if ('unsafe' in state) return done({ status: 'skipped', reason: state.unsafe });
    const head = state.head;
    let base = head;
    if (opts.base !== null) {
      const resolved = await git(dir, ['rev-parse', '--verify', '-q', `${opts.base}^{commit}`]);
      if (resolved.code !== 0) return done({ status: 'skipped', reason: `base ${opts.base} is not a commit here` });
      base = resolved.stdout.trim();
    }
    entry.base = base;
    const { result, modes, untracked } = await engineOnTracked(dir, base, head, opts.engine);
    if (untracked.length) entry.untracked = untracked;
    const changed = result.files.filter((f) => f.status === 'changed');
    const fileErrors = result.files.filter((f) => f.status === 'failed').map((f) => ({ path: f.path, reason: f.reason ?? '' }));
    const edits: Record<string, number> = {};
    for (const f of changed) for (const e of f.edits) edits[e.transform] = (edits[e.transform] ?? 0) + 1;
    const extra = { ...(fileErrors.length ? { fileErrors } : {}), ...(Object.keys(edits).length ? { edits } : {}) };
    if (!changed.length) return done({ status: 'unchanged', ...extra });
    const { title, body } = pullRequestText(result, opts.version);
    const files = changed.map((f) => f.path);
    if (opts.dryRun) {
      // paths relative to the current folder, so the repositories' diffs stay apart
      print(rootDiff(result, path.relative(process.cwd(), dir) || '.'));
      return done({ status: 'changed', files, title, body, ...extra });
    }
    const ref = `refs/heads/${opts.branch}`;
    const made = await commitChange(state.repo, base, ref, changed.map((f) => ({ path: f.path, text: f.after!, mode: modes.get(f.path)! })), commitMessage(opts, title, files));
    if ('differs' in made) return done({ status: 'skipped', reason: `branch ${opts.branch} already exists with different content`, files, ...extra });
    const { commit, existing: already } = made;
    let pushed: string | undefined;
    if (opts.push !== null) {
      await gitOk(dir, ['push', '--quiet', opts.push, `${ref}:${ref}`]);
      pushed = opts.push;
    }
    return done({ status: 'changed', branch: opts.branch, commit, ...(already ? { existing: true } : {}), ...(pushed ? { pushed } : {}), files, title, body, ...extra });
  } catch (e) {
    return done({ status: 'failed', error: (e as Error).message });
  }
}

/** Repositories from the command line, in order, each once. */
export function uniqueRepos(list: string[]): string[] {
  return [...new Set(list.map((r) => r.trim()).filter(Boolean))];
}

/**
 * Runs the engine over many repositories, one commit on a new branch for each that needs
 * the change. The report is rewritten after every repository, so an interrupted run
 * leaves a usable one; `resume` keeps what it says is done and retries what failed.
 */
export async function runBulk(opts: BulkOptions, signal: { stopped: boolean }): Promise<BulkOutcome> {
  const wanted = uniqueRepos(opts.repos).filter((r) => !opts.shard || inShard(r, opts.shard));
  const previous = opts.resume && opts.report && fs.existsSync(opts.report) ? readReport(opts.report) : null;
  if (typeof previous === 'string') throw new Error(previous);
  const kept = new Map<string, RepoEntry>();
  for (const e of previous?.repos ?? []) if (e.status !== 'failed') kept.set(e.repo, e);
  const entries = new Map<string, RepoEntry>(kept);
  const report: BulkReport = {
    version: 1,
    tool: `cachemount ${opts.version}`,
    startedAt: new Date().toISOString(),
    ...(opts.shard ? { shard: `${opts.shard.k}/${opts.shard.n}` } : {}),
    repos: [],
    summary: summarise([]),
  };
  const file = opts.report ? new ReportFile(opts.report) : null;
  /** The report from the entries so far; on file now (`final`), or within a quarter second. */
  const save = (final = false): void => {
    report.repos = wanted.filter((r) => entries.has(r)).map((r) => entries.get(r)!);
    report.summary = summarise(report.repos);
    if (final) file?.flush(report);
    else file?.update(report);
  };
  const todo = wanted.filter((r) => !kept.has(r));
  const t0 = Date.now();
  let doneCount = 0;
  const tick = (): void => {
    if (!opts.progress) return;
    const s = summarise([...entries.values()]);
    const rate = doneCount / Math.max(0.001, (Date.now() - t0) / 1000);
    opts.stderr(`\r\x1b[K[${kept.size + doneCount}/${wanted.length}] changed ${s.changed}, unchanged ${s.unchanged}, skipped ${s.skipped}, failed ${s.failed}, ${rate.toFixed(1)} repos/s`);
  };
  save(true);
  // dry-run diffs come out in the order of the list, whatever order the work finishes in
  const printed: Array<string | undefined> = [];
  let printedUpTo = 0;
  const flush = (): void => {
    while (printedUpTo < todo.length && printed[printedUpTo] !== undefined) opts.stdout(printed[printedUpTo++]!);
  };
  let next = 0;
  const worker = async (): Promise<void> => {
    while (!signal.stopped && next < todo.length) {
      const k = next++;
      const repo = todo[k];
      let out = '';
      const e = await doRepo(repo, opts, (t) => (out += t));
      printed[k] = out;
      flush();
      entries.set(repo, e);
      doneCount++;
      save();
      tick();
    }
  };
  await withGitShells(() => Promise.all(Array.from({ length: Math.max(1, Math.min(opts.jobs, todo.length || 1)) }, worker)));
  for (let k = printedUpTo; k < todo.length; k++) printed[k] ??= '';
  flush();
  if (opts.progress) opts.stderr('\n');
  report.finishedAt = new Date().toISOString();
  const interrupted = signal.stopped && entries.size < wanted.length;
  if (interrupted) report.interrupted = true;
  save(true);
  return { report, interrupted };
}
