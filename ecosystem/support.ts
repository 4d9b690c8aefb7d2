/**
 * Shared by the ecosystem suite: temp folders, a git environment of its own, and a clone
 * of this repository with its working tree committed (what pre-commit, npm and GitHub
 * get: a fresh checkout without node_modules or dist/).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { haveCommand, run, runOk, tail } from '../e2e/exec';

export { haveCommand, run, runOk, tail };
export type { RunResult } from '../e2e/exec';

export const REPO = path.resolve(__dirname, '..');

const made: string[] = [];

/** A new temp folder, removed by removeTempDirs() (kept with CACHEMOUNT_KEEP_TEMP=1). */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `cachemount-eco-${prefix}-`));
  made.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  if (process.env.CACHEMOUNT_KEEP_TEMP === '1') {
    if (made.length) process.stderr.write(`ecosystem: kept ${made.join(' ')}\n`);
    return;
  }
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** Writes files (relative path -> content) under dir. */
export function writeTree(dir: string, files: Record<string, string>): void {
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  }
}

/**
 * The environment for git, npm and pre-commit in these tests: a global git config of the
 * suite's own (identity, default branch; the user's hooks and templates stay out), no git
 * variables inherited from a hook that runs the suite, no colour, cachemount's code cache
 * under home.
 */
export function testEnv(home: string): NodeJS.ProcessEnv {
  const gitconfig = path.join(home, 'gitconfig');
  fs.writeFileSync(
    gitconfig,
    ['[user]', '\tname = cachemount test', '\temail = test@cachemount.invalid', '[init]', '\tdefaultBranch = main', '[advice]', '\tdetachedHead = false', ''].join('\n'),
  );
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith('GIT_')) delete env[name];
  return {
    ...env,
    GIT_CONFIG_GLOBAL: gitconfig,
    GIT_CONFIG_NOSYSTEM: '1',
    NO_COLOR: '1',
    PRE_COMMIT_COLOR: 'never',
    npm_config_update_notifier: 'false',
    // bin/cachemount.js keeps V8's code cache here, not in the user's ~/.cache
    CACHEMOUNT_CACHE_DIR: path.join(home, 'cachemount-cache'),
  };
}

export interface Clone {
  dir: string;
  /** The commit the clone has checked out: HEAD, or a commit of the working tree on top of it. */
  sha: string;
}

/**
 * A clone of this repository holding its working tree as it is now, committed (what
 * pre-commit, npm and GitHub get: a fresh checkout, no node_modules, no dist/). HEAD is
 * cloned, then every tracked and untracked, not ignored, file of the working tree is
 * copied over it (files deleted in the working tree are deleted) and, when that changes
 * anything, committed in the clone. So the suite tests what is on disk, before it is
 * committed; this repository itself is only read.
 */
export async function cloneWorkTree(dest: string, env: NodeJS.ProcessEnv): Promise<Clone> {
  const head = (await runOk('git', ['rev-parse', 'HEAD'], { cwd: REPO, env })).stdout.trim();
  await runOk('git', ['clone', '--quiet', '--no-checkout', REPO, dest], { env });
  // HEAD may be detached at a commit no branch has: fetch it by name from the checkout.
  await runOk('git', ['fetch', '--quiet', REPO, 'HEAD'], { cwd: dest, env });
  await runOk('git', ['checkout', '--quiet', '--detach', head], { cwd: dest, env });

  const list = async (cwd: string, args: string[]): Promise<string[]> =>
    (await runOk('git', ['ls-files', '-z', ...args], { cwd, env })).stdout.split('\0').filter(Boolean);
  const wanted = new Set((await list(REPO, ['--cached', '--others', '--exclude-standard'])).filter((rel) => fs.existsSync(path.join(REPO, rel))));
  for (const rel of await list(dest, [])) if (!wanted.has(rel)) fs.rmSync(path.join(dest, rel), { force: true });
  for (const rel of wanted) {
    const from = path.join(REPO, rel);
    const to = path.join(dest, rel);
    const st = fs.lstatSync(from);
    if (st.isDirectory()) continue; // a submodule or nested repository: not part of this tree
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.rmSync(to, { force: true });
    if (st.isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(from), to);
    else {
      fs.copyFileSync(from, to);
      fs.chmodSync(to, st.mode & 0o777);
    }
  }
  await runOk('git', ['add', '-A'], { cwd: dest, env });
  const changed = (await runOk('git', ['status', '--porcelain'], { cwd: dest, env })).stdout.trim();
  if (!changed) return { dir: dest, sha: head };
  await runOk('git', ['commit', '--quiet', '--no-verify', '-m', `working tree on ${head.slice(0, 12)}`], { cwd: dest, env });
  const sha = (await runOk('git', ['rev-parse', 'HEAD'], { cwd: dest, env })).stdout.trim();
  process.stderr.write(`ecosystem: testing the working tree: its changes to ${head.slice(0, 12)} committed in the clone as ${sha.slice(0, 12)}:\n${changed}\n`);
  return { dir: dest, sha };
}

/** A git repository in dir with these files committed. */
export async function gitRepoWith(dir: string, files: Record<string, string>, env: NodeJS.ProcessEnv): Promise<void> {
  writeTree(dir, files);
  await runOk('git', ['init', '--quiet', '-b', 'main', '.'], { cwd: dir, env });
  await runOk('git', ['add', '-A'], { cwd: dir, env });
  await runOk('git', ['commit', '--quiet', '--no-verify', '-m', 'initial'], { cwd: dir, env });
}

/** A Dockerfile that cachemount rewrites (apt under a cache mount, the lists cleanup dropped). */
export const APT_DOCKERFILE = 'FROM debian:bookworm\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n';

/** A Dockerfile cachemount leaves alone. */
export const CLEAN_DOCKERFILE = 'FROM debian:bookworm\nCOPY app /app\nCMD ["/app/run"]\n';
