/**
 * `cachemount bulk` over fleets of real git repositories (and local bare remotes for
 * --push and for URLs), run through the built CLI as a user would.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BIN, tempDir } from './helpers';

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], cwd: string, onStart?: (kill: (sig: NodeJS.Signals) => void) => void, env: NodeJS.ProcessEnv = process.env): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    onStart?.((sig) => child.kill(sig));
  });
}

const ID = { GIT_AUTHOR_NAME: 'Dev', GIT_AUTHOR_EMAIL: 'dev@example.org', GIT_COMMITTER_NAME: 'Dev', GIT_COMMITTER_EMAIL: 'dev@example.org' };

function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...ID } });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} in ${cwd}: ${r.stderr}`);
  return r.stdout;
}

const NEEDS_CHANGE = 'FROM debian:bookworm\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n';
const PIP = 'FROM python:3.12-slim\nRUN pip install --no-cache-dir -r requirements.txt\n';
const NOTHING = 'FROM scratch\nCOPY app /app\n';

/** A repository with one commit holding `files`. */
function repo(dir: string, files: Record<string, string>): string {
  fs.mkdirSync(dir, { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'init');
  return dir;
}

/** Everything a user could see of a checkout: HEAD, its branch, the status, the index and every file's bytes. */
function snapshot(dir: string): string {
  const h = crypto.createHash('sha256');
  h.update(git(dir, 'rev-parse', 'HEAD'));
  h.update(git(dir, 'symbolic-ref', '-q', 'HEAD'));
  h.update(git(dir, 'status', '--porcelain=v1', '--untracked-files=all'));
  h.update(fs.readFileSync(git(dir, 'rev-parse', '--path-format=absolute', '--git-path', 'index').trim()));
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.name === '.git') continue;
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else h.update(`${p}\0`).update(fs.readFileSync(p));
    }
  };
  walk(dir);
  return h.digest('hex');
}

function branchFile(dir: string, branch: string, file: string): string {
  return git(dir, 'show', `${branch}:${file}`);
}

function report(file: string): { repos: Array<Record<string, unknown>>; summary: Record<string, number>; interrupted?: boolean } {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

const BRANCH = 'cachemount/cache-mounts';

describe('bulk: one commit per repository, nothing else touched', () => {
  const root = tempDir('cachemount-bulk-');
  const a = repo(path.join(root, 'a'), { Dockerfile: NEEDS_CHANGE, 'docker/Dockerfile.py': PIP, 'requirements.txt': 'flask\n' });
  const b = repo(path.join(root, 'b'), { Dockerfile: NOTHING });
  const dirty = repo(path.join(root, 'dirty'), { Dockerfile: NEEDS_CHANGE });
  fs.appendFileSync(path.join(dirty, 'Dockerfile'), 'RUN true\n');
  const merging = repo(path.join(root, 'merging'), { Dockerfile: NEEDS_CHANGE });
  fs.writeFileSync(path.join(merging, '.git', 'MERGE_HEAD'), `${git(merging, 'rev-parse', 'HEAD')}`);
  const taken = repo(path.join(root, 'taken'), { Dockerfile: NEEDS_CHANGE });
  git(taken, 'branch', BRANCH);
  const reportFile = path.join(root, 'report.json');
  const before = new Map([a, b, dirty, merging, taken].map((d) => [d, snapshot(d)]));
  let first: Ran;
  let second: Ran;

  beforeAll(async () => {
    first = await cli(['bulk', 'a', 'b', 'dirty', 'merging', 'taken', 'missing', '--report', reportFile, '--jobs', '2'], root);
    second = await cli(['bulk', 'a', 'b', 'dirty', 'merging', 'taken', 'missing', '--report', reportFile, '--jobs', '2'], root);
  }, 60_000);

  test('each repository gets the status it should, with the reason; a missing one fails without stopping the others (exit 3)', () => {
    expect(first.code).toBe(3);
    const r = report(reportFile);
    const by = Object.fromEntries(r.repos.map((e) => [e.repo, e]));
    expect(by.a.status).toBe('changed');
    expect(by.b.status).toBe('unchanged');
    expect(by.dirty).toMatchObject({ status: 'skipped', reason: expect.stringContaining('uncommitted changes') });
    expect(by.merging).toMatchObject({ status: 'skipped', reason: expect.stringContaining('merge is in progress') });
    expect(by.taken).toMatchObject({ status: 'skipped', reason: expect.stringContaining('already exists with different content') });
    expect(by.missing.status).toBe('failed');
    expect(r.summary).toEqual({ changed: 1, unchanged: 1, skipped: 3, failed: 1 });
    expect(first.stderr).toMatch(/6 repositories: 1 changed, 1 unchanged, 3 skipped, 1 failed/);
  });

  test('the commit holds exactly what --write writes, on a new branch from HEAD', async () => {
    const copy = tempDir('cachemount-bulk-write-');
    fs.cpSync(a, copy, { recursive: true });
    const w = await cli(['--write', '.'], copy);
    expect(w.code).toBe(0);
    for (const f of ['Dockerfile', 'docker/Dockerfile.py']) expect(branchFile(a, BRANCH, f)).toBe(fs.readFileSync(path.join(copy, f), 'utf8'));
    expect(git(a, 'rev-parse', `${BRANCH}~1`)).toBe(git(a, 'rev-parse', 'HEAD'));
    expect(git(a, 'diff', '--name-only', 'HEAD', BRANCH).split('\n').filter(Boolean).sort()).toEqual(['Dockerfile', 'docker/Dockerfile.py']);
    const e = report(reportFile).repos.find((x) => x.repo === 'a')!;
    expect(e.commit).toBe(git(a, 'rev-parse', BRANCH).trim());
    expect(e.files).toEqual(['Dockerfile', 'docker/Dockerfile.py']);
    expect(e.title).toBe('Use BuildKit cache mounts for apt and pip');
    expect(String(e.body)).toContain('### `docker/Dockerfile.py`');
    expect(git(a, 'log', '-1', '--format=%s', BRANCH).trim()).toBe('Use BuildKit cache mounts for apt and pip');
  });

  test('the pull request body is what `cachemount --format markdown` prints for the repository', async () => {
    const copy = tempDir('cachemount-bulk-md-');
    fs.cpSync(a, copy, { recursive: true });
    const md = await cli(['--format', 'markdown', '.'], copy);
    expect(md.code).toBe(0);
    const e = report(reportFile).repos.find((x) => x.repo === 'a')!;
    expect(md.stdout).toBe(`# ${e.title}\n\n${e.body}`);
  });

  test('checked-out branch, index and work tree stay exactly as they were; no branch where nothing changes', () => {
    for (const [d, snap] of before) expect({ d, snap: snapshot(d) }).toEqual({ d, snap });
    expect(git(b, 'branch', '--list', BRANCH).trim()).toBe('');
    expect(git(dirty, 'branch', '--list', BRANCH).trim()).toBe('');
    expect(git(taken, 'rev-parse', BRANCH)).toBe(git(taken, 'rev-parse', 'HEAD'));
  });

  test('running the same command again changes nothing: the branch is recognised', () => {
    expect(second.code).toBe(3);
    const e = report(reportFile).repos.find((x) => x.repo === 'a')!;
    expect(e).toMatchObject({ status: 'changed', existing: true });
    expect(e.commit).toBe(git(a, 'rev-parse', BRANCH).trim());
    expect(git(a, 'for-each-ref', '--format=%(refname)', 'refs/heads').split('\n').filter(Boolean).sort()).toEqual([`refs/heads/${BRANCH}`, 'refs/heads/main']);
    expect(second.stderr).toContain('(already there)');
  });
});

describe('bulk: URLs, --push, --base, --repos, --dry-run', () => {
  const root = tempDir('cachemount-bulk-remote-');
  const src = repo(path.join(root, 'src'), { Dockerfile: NEEDS_CHANGE });
  fs.writeFileSync(path.join(src, 'README'), 'second commit\n');
  git(src, 'add', '-A');
  git(src, 'commit', '-q', '-m', 'readme');
  const bare = path.join(root, 'origin.git');
  git(root, 'clone', '-q', '--bare', src, bare);
  const local = repo(path.join(root, 'local'), { Dockerfile: NEEDS_CHANGE });
  const localBare = path.join(root, 'local-origin.git');
  git(root, 'init', '-q', '--bare', localBare);
  git(local, 'remote', 'add', 'origin', localBare);
  // a second commit: --base HEAD~1 builds on the first
  fs.writeFileSync(path.join(local, 'Dockerfile.dev'), PIP);
  git(local, 'add', '-A');
  git(local, 'commit', '-q', '-m', 'dev image');
  const list = path.join(root, 'fleet.txt');
  fs.writeFileSync(list, `# the fleet\n\nfile://${bare}\nlocal   # with a comment\n`);
  let pushed: Ran;
  let dry: Ran;
  let branchesAfterDry = '';

  beforeAll(async () => {
    dry = await cli(['bulk', '--repos', list, '--dry-run', '--work-dir', path.join(root, 'clones-dry')], root);
    branchesAfterDry = git(local, 'branch', '--list', BRANCH) + git(localBare, 'branch', '--list', BRANCH);
    pushed = await cli(['bulk', '--repos', list, '--push', '--base', 'HEAD~1', '--work-dir', path.join(root, 'clones'), '--report', path.join(root, 'r.json')], root);
  }, 60_000);

  test('--dry-run prints every repository\'s diff, in list order, and creates nothing', () => {
    expect(dry.code).toBe(0);
    const heads = dry.stdout.split('\n').filter((l) => l.startsWith('diff --git'));
    expect(heads).toEqual([
      'diff --git a/clones-dry/tmp+origin/Dockerfile b/clones-dry/tmp+origin/Dockerfile'.replaceAll('tmp+origin', `${path.basename(root)}+origin`),
      'diff --git a/local/Dockerfile b/local/Dockerfile',
      'diff --git a/local/Dockerfile.dev b/local/Dockerfile.dev',
    ]);
    expect(branchesAfterDry).toBe('');
  });

  test('a URL is cloned into --work-dir, and --push puts each branch on its remote', () => {
    expect(pushed.code).toBe(0);
    expect(git(bare, 'rev-parse', BRANCH).trim()).toMatch(/^[0-9a-f]{40}$/);
    expect(git(localBare, 'rev-parse', BRANCH).trim()).toBe(git(local, 'rev-parse', BRANCH).trim());
    const r = report(path.join(root, 'r.json'));
    expect(r.repos.map((e) => [e.repo, e.status, e.pushed])).toEqual([
      [`file://${bare}`, 'changed', 'origin'],
      ['local', 'changed', 'origin'],
    ]);
  });

  test('--base builds on that commit: the branch holds no file the base does not have', () => {
    expect(git(local, 'rev-parse', `${BRANCH}~1`)).toBe(git(local, 'rev-parse', 'HEAD~1'));
    expect(git(local, 'ls-tree', '--name-only', BRANCH).split('\n').filter(Boolean)).toEqual(['Dockerfile']);
    // the clone of the URL, too: its branch sits on the first of its two commits
    const clone = path.join(root, 'clones', `${path.basename(root)}+origin`);
    expect(git(clone, 'ls-tree', '--name-only', BRANCH).split('\n').filter(Boolean)).toEqual(['Dockerfile']);
    // the checkout is still on main, at its own HEAD
    expect(git(local, 'symbolic-ref', 'HEAD').trim()).toBe('refs/heads/main');
    expect(git(local, 'status', '--porcelain')).toBe('');
    expect(git(local, 'worktree', 'list').trim().split('\n')).toHaveLength(1);
  });
});

describe('bulk: shards and resume', () => {
  const root = tempDir('cachemount-bulk-fleet-');
  const names = Array.from({ length: 24 }, (_, i) => `svc-${String(i).padStart(2, '0')}`);
  for (const [i, n] of names.entries()) repo(path.join(root, n), { Dockerfile: i % 3 === 2 ? NOTHING : NEEDS_CHANGE });

  test('--shard K/N: disjoint shares that together cover every repository, the same on every run', async () => {
    const shares: string[][] = [];
    for (let k = 1; k <= 3; k++) {
      const r = await cli(['bulk', ...names, '--shard', `${k}/3`, '--dry-run'], root);
      expect(r.code).toBe(0);
      shares.push(r.stderr.split('\n').filter((l) => l.startsWith('svc-')).map((l) => l.split(/\s+/)[0]));
    }
    const all = shares.flat();
    expect(all.sort()).toEqual([...names].sort());
    expect(new Set(all).size).toBe(names.length);
    expect(shares.every((s) => s.length > 0)).toBe(true);
    const again = await cli(['bulk', ...[...names].reverse(), '--shard', '2/3', '--dry-run'], root);
    expect(again.stderr.split('\n').filter((l) => l.startsWith('svc-')).map((l) => l.split(/\s+/)[0]).sort()).toEqual([...shares[1]].sort());
    expect((await cli(['bulk', 'a', '--shard', '4/3'], root)).code).toBe(2);
  }, 60_000);

  test('an interrupted run leaves a usable report; --resume does the rest and redoes nothing', async () => {
    const reportFile = path.join(root, 'r.json');
    const stopped = await cli(['bulk', ...names, '--jobs', '1', '--report', reportFile], root, (kill) => {
      const t = setInterval(() => {
        try {
          if (report(reportFile).repos.length >= 3) {
            clearInterval(t);
            kill('SIGINT');
          }
        } catch {
          /* not written yet */
        }
      }, 20);
    });
    expect(stopped.code).toBe(130);
    const partial = report(reportFile);
    expect(partial.interrupted).toBe(true);
    expect(partial.repos.length).toBeGreaterThanOrEqual(3);
    expect(partial.repos.length).toBeLessThan(names.length);
    const doneFirst = new Map(partial.repos.map((e) => [e.repo as string, e]));
    const resumed = await cli(['bulk', ...names, '--jobs', '2', '--report', reportFile, '--resume'], root);
    expect(resumed.code).toBe(0);
    const full = report(reportFile);
    expect(full.interrupted).toBeUndefined();
    expect(full.repos.map((e) => e.repo)).toEqual(names);
    expect(full.summary).toEqual({ changed: 16, unchanged: 8, skipped: 0, failed: 0 });
    // what the first run did is kept as it was, not done again
    for (const [r, e] of doneFirst) expect(full.repos.find((x) => x.repo === r)).toEqual(e);
    for (const n of names) {
      const e = full.repos.find((x) => x.repo === n)!;
      if (e.status === 'changed') expect(e.commit).toBe(git(path.join(root, n), 'rev-parse', BRANCH).trim());
    }
  }, 120_000);
});

describe('bulk: each commit is what `--write` then `git add` would commit', () => {
  const root = tempDir('cachemount-bulk-exact-');
  // git settings of this run's user: none but what each repository says
  const home = tempDir('cachemount-bulk-home-');
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), GIT_CONFIG_NOSYSTEM: '1' };
  for (const k of ['GIT_AUTHOR_NAME', 'GIT_AUTHOR_EMAIL', 'GIT_COMMITTER_NAME', 'GIT_COMMITTER_EMAIL', 'EMAIL']) delete env[k];
  const BOT = 'Fleet Bot <bot@fleet.example>';
  const made = (name: string, files: Record<string, string>, identity = true): string => {
    const d = repo(path.join(root, name), files);
    if (identity) {
      git(d, 'config', 'user.name', 'Fleet Bot');
      git(d, 'config', 'user.email', 'bot@fleet.example');
    }
    return d;
  };
  // stored with LF, checked out with CRLF: `git add` turns the CRLFs back
  const crlf = made('crlf', { '.gitattributes': 'Dockerfile text eol=crlf\n', Dockerfile: NEEDS_CHANGE });
  fs.rmSync(path.join(crlf, 'Dockerfile'));
  git(crlf, 'checkout', '--', 'Dockerfile');
  // a clean filter: the stored Dockerfile says bullseye where the work tree says bookworm
  const filter = made('filter', { Dockerfile: NEEDS_CHANGE });
  git(filter, 'config', 'filter.season.clean', 'sed s/bookworm/bullseye/');
  fs.writeFileSync(path.join(filter, '.gitattributes'), 'Dockerfile filter=season\n');
  git(filter, 'add', '-A');
  git(filter, 'add', '--renormalize', '.');
  git(filter, 'commit', '-q', '-m', 'filter');
  const names = made('names', { '"odd" it\'s/Dockerfile': NEEDS_CHANGE, 'ünï code/Dockerfile': PIP, ':(top)[x]*/Dockerfile': NEEDS_CHANGE, 'requirements.txt': 'flask\n' });
  // a Dockerfile that runs a script, and the script
  const RUNS_SCRIPT = 'FROM debian:bookworm\nCOPY install.sh /tmp/\nRUN /tmp/install.sh\n';
  const INSTALL = '#!/bin/sh\nset -e\napt-get update\napt-get install -y curl\nrm -rf /var/lib/apt/lists/*\n';
  const exec = made('exec', { Dockerfile: RUNS_SCRIPT, 'install.sh': INSTALL });
  fs.chmodSync(path.join(exec, 'install.sh'), 0o755);
  git(exec, 'add', '-A');
  git(exec, 'commit', '-q', '-m', 'executable');
  const packed = made('packed', { Dockerfile: NEEDS_CHANGE });
  const noident = made('noident', { Dockerfile: NEEDS_CHANGE }, false);
  git(noident, 'config', 'user.useConfigOnly', 'true');
  const wtMain = made('wt-main', { Dockerfile: NEEDS_CHANGE });
  git(wtMain, 'worktree', 'add', '-q', path.join(root, 'wt'), '-b', 'feature');
  const clash = made('clash', { Dockerfile: NEEDS_CHANGE });
  git(clash, 'branch', 'cachemount');
  // a Dockerfile git does not hold (excluded) runs the same script as one it holds
  const excluded = made('excluded', { Dockerfile: RUNS_SCRIPT, 'install.sh': INSTALL });
  fs.appendFileSync(path.join(excluded, '.git', 'info', 'exclude'), 'Dockerfile.local\n');
  fs.writeFileSync(path.join(excluded, 'Dockerfile.local'), RUNS_SCRIPT);
  // a submodule with a Dockerfile of its own
  const lib = made('lib-src', { Dockerfile: NEEDS_CHANGE });
  const withSub = made('with-sub', { Dockerfile: PIP });
  git(withSub, '-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', lib, 'vendor/lib');
  git(withSub, 'commit', '-q', '-m', 'vendor lib');
  // commits signed by a stand-in for gpg; the setting written the short way, with no value
  const fakeGpg = path.join(root, 'fake-gpg');
  fs.writeFileSync(fakeGpg, "#!/bin/sh\ncat >/dev/null\nprintf '\\n[GNUPG:] SIG_CREATED D 1\\n' >&2\nprintf -- '-----BEGIN PGP SIGNATURE-----\\n\\nstand-in\\n-----END PGP SIGNATURE-----\\n'\n", { mode: 0o755 });
  const signed = made('signed', { Dockerfile: NEEDS_CHANGE });
  git(signed, 'config', 'gpg.program', fakeGpg);
  fs.appendFileSync(path.join(signed, '.git', 'config'), '[commit]\n\tgpgsign\n');
  const untracked = made('untracked', { Dockerfile: NEEDS_CHANGE });
  fs.writeFileSync(path.join(untracked, 'notes.txt'), 'draft\n');
  fs.mkdirSync(path.join(root, 'empty'));
  git(path.join(root, 'empty'), 'init', '-q');
  const all = ['crlf', 'filter', 'names', 'exec', 'packed', 'noident', 'signed', 'wt', 'excluded', 'with-sub', 'clash', 'untracked', 'names/ünï code', 'empty'];
  const changed = ['crlf', 'filter', 'names', 'exec', 'packed', 'noident', 'signed'];
  const before = new Map([crlf, filter, names, exec, packed, noident, wtMain, path.join(root, 'wt'), excluded, withSub, path.join(withSub, 'vendor', 'lib'), clash, untracked].map((d) => [d, snapshot(d)]));
  const reportFile = path.join(root, 'r.json');
  let first: Ran;
  let second: Ran;
  let firstReport: ReturnType<typeof report>;

  /** The tree git makes of the repository after `cachemount --write` and `git add -A`, in a copy. */
  const reference = async (d: string): Promise<string> => {
    const copy = path.join(tempDir('cachemount-bulk-ref-'), 'r');
    fs.cpSync(d, copy, { recursive: true });
    expect((await cli(['--write', '.'], copy, undefined, env)).code).toBe(0);
    git(copy, 'add', '-A');
    return git(copy, 'write-tree').trim();
  };

  beforeAll(async () => {
    first = await cli(['bulk', ...all, '--report', reportFile], root, undefined, env);
    firstReport = report(reportFile);
    git(packed, 'pack-refs', '--all');
    second = await cli(['bulk', ...all, '--report', reportFile], root, undefined, env);
  }, 120_000);

  test('every repository gets the status it should', () => {
    expect(first.code).toBe(3);
    const by = Object.fromEntries(firstReport.repos.map((e) => [e.repo, e]));
    for (const n of [...changed, 'wt', 'excluded', 'with-sub']) expect({ n, status: by[n].status, error: by[n].error }).toEqual({ n, status: 'changed', error: undefined });
    expect(by.clash).toMatchObject({ status: 'failed', error: expect.stringContaining("'refs/heads/cachemount' exists") });
    expect(by.untracked).toMatchObject({ status: 'skipped', reason: 'uncommitted changes (1 path, such as notes.txt)' });
    expect(by['names/ünï code']).toMatchObject({ status: 'skipped', reason: expect.stringContaining('not the top of its work tree') });
    expect(by.empty).toMatchObject({ status: 'skipped', reason: 'the repository has no commits' });
  });

  test('the branch holds the tree `git add` makes of the rewritten files: attributes, filters, modes and odd names included', async () => {
    expect(fs.readFileSync(path.join(crlf, 'Dockerfile'), 'utf8')).toContain('\r\n');
    expect(git(filter, 'show', 'HEAD:Dockerfile')).toContain('bullseye');
    for (const d of [crlf, filter, names, exec, packed, noident, signed]) {
      expect({ d, tree: git(d, 'rev-parse', `${BRANCH}^{tree}`).trim() }).toEqual({ d, tree: await reference(d) });
      expect(git(d, 'rev-parse', `${BRANCH}~1`)).toBe(git(d, 'rev-parse', 'HEAD'));
    }
    expect(git(exec, 'ls-tree', BRANCH, 'install.sh')).toMatch(/^100755 /);
    expect(git(exec, 'diff', '--name-only', 'HEAD', BRANCH)).toBe('Dockerfile\ninstall.sh\n');
    expect(git(names, 'diff', '--name-only', '-z', 'HEAD', BRANCH).split('\0').filter(Boolean).sort()).toEqual(['"odd" it\'s/Dockerfile', ':(top)[x]*/Dockerfile', 'ünï code/Dockerfile']);
    // a linked worktree: the branch is the repository's, built from the worktree's HEAD
    expect(git(wtMain, 'rev-parse', `${BRANCH}~1`)).toBe(git(path.join(root, 'wt'), 'rev-parse', 'HEAD'));
  });

  test('a file git does not hold (excluded, or in a submodule) is left alone, and nothing committed relies on an edit to it', () => {
    const by = Object.fromEntries(firstReport.repos.map((e) => [e.repo, e]));
    expect(by.excluded).toMatchObject({ files: ['Dockerfile'], untracked: ['Dockerfile.local'] });
    // the excluded Dockerfile runs install.sh without a mount, so its cleanup stays
    expect(git(excluded, 'show', `${BRANCH}:install.sh`)).toBe(INSTALL);
    expect(git(excluded, 'show', `${BRANCH}:Dockerfile`)).toContain('--mount=type=cache');
    expect(by['with-sub']).toMatchObject({ files: ['Dockerfile'], untracked: ['vendor/lib/Dockerfile'] });
    expect(git(withSub, 'ls-tree', BRANCH, 'vendor/lib').split(' ')[0]).toBe('160000');
    expect(git(path.join(withSub, 'vendor', 'lib'), 'branch', '--list', BRANCH)).toBe('');
  });

  test('commits carry the repository\'s git identity, or cachemount\'s where git would not guess one', () => {
    for (const d of [crlf, filter, names, exec, packed]) expect(git(d, 'log', '-1', '--format=%an <%ae>|%cn <%ce>', BRANCH).trim()).toBe(`${BOT}|${BOT}`);
    expect(git(noident, 'log', '-1', '--format=%an <%ae>|%cn <%ce>', BRANCH).trim()).toBe('cachemount <cachemount@localhost>|cachemount <cachemount@localhost>');
    // commit.gpgSign is honoured as commit-tree honours it
    expect(git(signed, 'cat-file', 'commit', BRANCH)).toContain('gpgsig -----BEGIN PGP SIGNATURE-----');
    expect(git(names, 'cat-file', 'commit', BRANCH)).not.toContain('gpgsig');
  });

  test('nothing else in any repository changes: work trees, indexes, HEADs, other branches; no crash reports', () => {
    for (const [d, snap] of before) expect({ d, snap: snapshot(d) }).toEqual({ d, snap });
    expect(git(clash, 'for-each-ref', '--format=%(refname)').split('\n').filter(Boolean).sort()).toEqual(['refs/heads/cachemount', 'refs/heads/main']);
    for (const d of [crlf, filter, names, exec, packed, noident, wtMain, clash]) expect(fs.readdirSync(path.join(d, '.git')).filter((f) => f.startsWith('fast_import_crash_'))).toEqual([]);
  });

  test('a second run recognises every branch it made, packed or loose, and changes nothing', () => {
    expect(second.code).toBe(3);
    const again = report(reportFile);
    for (const n of [...changed, 'wt']) {
      const was = firstReport.repos.find((e) => e.repo === n)!;
      const e = again.repos.find((x) => x.repo === n)!;
      expect({ n, status: e.status, reason: e.reason, existing: e.existing, commit: e.commit }).toEqual({ n, status: 'changed', reason: undefined, existing: true, commit: was.commit });
    }
    expect(fs.existsSync(path.join(packed, '.git', 'refs', 'heads', BRANCH))).toBe(false);
  });
});

describe('bulk: progress', () => {
  const root = tempDir('cachemount-bulk-progress-');
  for (const n of ['p1', 'p2']) repo(path.join(root, n), { Dockerfile: NEEDS_CHANGE });
  repo(path.join(root, 'p3'), { Dockerfile: NOTHING });
  const hasScript = spawnSync('script', ['--version']).status === 0;

  (hasScript ? test : test.skip)('on a terminal, stderr shows done/total, the counts and the rate; elsewhere it shows none', async () => {
    // util-linux `script` gives the run a terminal (stdout and stderr both go to it)
    const cmd = [process.execPath, BIN, 'bulk', 'p1', 'p2', 'p3', '--jobs', '1'].map((a) => `'${a}'`).join(' ');
    const tty = spawnSync('script', ['-qec', cmd, '/dev/null'], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(tty.status).toBe(0);
    expect(tty.stdout).toMatch(/\r\x1b\[K\[1\/3\] changed 1, unchanged 0, skipped 0, failed 0, [\d.]+ repos\/s/);
    expect(tty.stdout).toMatch(/\r\x1b\[K\[3\/3\] changed 2, unchanged 1, skipped 0, failed 0, [\d.]+ repos\/s/);
    expect(tty.stdout).toContain('3 repositories: 2 changed, 1 unchanged, 0 skipped, 0 failed');
    const piped = await cli(['bulk', 'p1', 'p2', 'p3', '--jobs', '1'], root);
    expect(piped.code).toBe(0);
    expect(piped.stderr).not.toContain('\x1b[K');
    expect(piped.stderr).toContain('3 repositories: 2 changed, 1 unchanged, 0 skipped, 0 failed');
  }, 60_000);
});

describe('bulk: usage errors', () => {
  test('no repositories, --resume without --report, a bad --jobs: exit 2 with the reason', async () => {
    const d = tempDir();
    expect(await cli(['bulk'], d)).toMatchObject({ code: 2, stderr: expect.stringContaining('no repositories given') });
    expect(await cli(['bulk', 'x', '--resume'], d)).toMatchObject({ code: 2, stderr: expect.stringContaining('--resume needs --report') });
    expect(await cli(['bulk', 'x', '--jobs', '0'], d)).toMatchObject({ code: 2, stderr: expect.stringContaining('--jobs') });
    expect(await cli(['bulk', 'x', '--repos', 'nope.txt'], d)).toMatchObject({ code: 2, stderr: expect.stringContaining('cannot read --repos') });
  });
});
