/**
 * The hooks of .pre-commit-hooks.yaml, installed and run by the real pre-commit from a
 * clone of this repository (working tree committed), as a user's pre-commit installs
 * them from GitHub: `language: node` clones the repository, runs `npm install` in it
 * (the prepare script builds dist/), packs it and installs the tarball into the hook's
 * environment.
 *
 * Needs pre-commit 2.8.0 or later, node and npm; installs pre-commit with apt-get when it
 * is missing (as root). Fails, with the reason, when it cannot: never skips.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { APT_DOCKERFILE, CLEAN_DOCKERFILE, Clone, REPO, RunResult, cloneWorkTree, gitRepoWith, haveCommand, removeTempDirs, run, runOk, tail, tempDir, testEnv, writeTree } from './support';

const MIN_VERSION = [2, 8, 0];
const CHECK_HOOK = /cachemount \(BuildKit cache mounts\)\.+/;

let env: NodeJS.ProcessEnv;
let clone: Clone;
/**
 * pre-commit's cache (PRE_COMMIT_HOME) for the hooks as a user's .pre-commit-config.yaml
 * names them: the first run installs the hook environment, later runs from any repository
 * naming the same repo and rev reuse it. (try-repo always installs into a store of its own.)
 */
let hookEnv: NodeJS.ProcessEnv;
/** The install of both hooks into hookEnv's cache, started early: it runs while try-repo installs its own. */
let hooksInstalled: Promise<unknown>;

/** A .pre-commit-config.yaml naming this clone at its commit, with these hooks. */
function configYaml(hooks: string[]): string {
  return `repos:\n-   repo: ${clone.dir}\n    rev: ${clone.sha}\n    hooks:\n${hooks.map((h) => `    -   id: ${h}\n`).join('')}`;
}

async function ensurePreCommit(): Promise<string> {
  for (const tool of ['git', 'node', 'npm']) {
    if (!(await haveCommand(tool))) throw new Error(`pre-commit test: ${tool} is not on PATH`);
  }
  if (!(await haveCommand('pre-commit'))) {
    if (process.getuid?.() !== 0) {
      throw new Error('pre-commit test: pre-commit is not installed and this user is not root, so apt-get cannot install it: install pre-commit (2.8.0 or later) first');
    }
    process.stderr.write('ecosystem: installing pre-commit with apt-get\n');
    const aptEnv = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const update = await run('apt-get', ['update'], { env: aptEnv, timeoutMs: 5 * 60_000 });
    if (update.code !== 0) throw new Error(`pre-commit test: pre-commit is missing and apt-get update failed:\n${tail(update.output)}`);
    const install = await run('apt-get', ['install', '-y', '--no-install-recommends', 'pre-commit'], { env: aptEnv, timeoutMs: 10 * 60_000 });
    if (install.code !== 0) throw new Error(`pre-commit test: apt-get install pre-commit failed:\n${tail(install.output)}`);
  }
  const version = (await runOk('pre-commit', ['--version'], { env })).stdout.trim();
  const parts = /(\d+)\.(\d+)\.(\d+)/.exec(version)?.slice(1).map(Number);
  if (!parts) throw new Error(`pre-commit test: cannot read the version in '${version}'`);
  const cmp = parts.map((p, i) => p - MIN_VERSION[i]!).find((d) => d !== 0) ?? 0;
  if (cmp < 0) throw new Error(`pre-commit test: ${version} is older than ${MIN_VERSION.join('.')}, the hooks' minimum_pre_commit_version`);
  return version;
}

/** Asserts an exit code, showing the command's output when it differs. */
function expectCode(r: RunResult, code: number, what: string): void {
  if (r.code !== code) {
    throw new Error(`${what}: expected exit ${code}, got ${r.timedOut ? 'a time-out' : (r.code ?? r.signal)}\n--- output ---\n${tail(r.output, 120)}`);
  }
}

beforeAll(async () => {
  const home = tempDir('precommit');
  env = testEnv(home);
  const version = await ensurePreCommit();
  clone = await cloneWorkTree(path.join(home, 'cachemount'), env);
  hookEnv = { ...env, PRE_COMMIT_HOME: tempDir('pc-home') };
  const scratch = tempDir('install');
  await gitRepoWith(scratch, { '.pre-commit-config.yaml': configYaml(['cachemount', 'cachemount-fix']) }, env);
  hooksInstalled = runOk('pre-commit', ['install-hooks'], { cwd: scratch, env: hookEnv, timeoutMs: 10 * 60_000 });
  hooksInstalled.catch(() => undefined); // awaited by the tests that need it, which fail then
  process.stderr.write(`ecosystem: ${version}, hooks from ${clone.sha.slice(0, 12)}\n`);
}, 20 * 60_000);

afterAll(async () => {
  await hooksInstalled?.catch(() => undefined); // not removing folders an install still writes to
  removeTempDirs();
});

test('try-repo: cachemount fails with the diff, cachemount-fix rewrites, then cachemount passes', async () => {
  const repo = tempDir('try-repo');
  await gitRepoWith(repo, { Dockerfile: APT_DOCKERFILE }, env);
  // try-repo installs the hook environment afresh each time (a temporary store of its own).
  const tryRepo = (hook: string): Promise<RunResult> =>
    run('pre-commit', ['try-repo', clone.dir, hook, '--all-files'], { cwd: repo, env, timeoutMs: 10 * 60_000 });

  const check = await tryRepo('cachemount');
  expectCode(check, 1, 'try-repo cachemount');
  expect(check.output).toMatch(new RegExp(`${CHECK_HOOK.source}Failed`));
  expect(check.output).toContain('diff --git a/Dockerfile b/Dockerfile');
  expect(check.output).toContain('+RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \\');
  expect(check.output).toContain('cachemount: 1 would change');
  expect(fs.readFileSync(path.join(repo, 'Dockerfile'), 'utf8')).toBe(APT_DOCKERFILE);

  // The fixer, from a config file outside the repository (pre-commit run --config), as
  // installed once for this file's other tests.
  await hooksInstalled;
  const config = path.join(tempDir('fix-config'), 'pre-commit-config.yaml');
  fs.writeFileSync(config, configYaml(['cachemount-fix']));
  const fix = await run('pre-commit', ['run', '--config', config, 'cachemount-fix', '--all-files'], { cwd: repo, env: hookEnv, timeoutMs: 10 * 60_000 });
  expectCode(fix, 1, 'pre-commit run cachemount-fix'); // a fixer that changed files fails, as pre-commit fixers do
  expect(fix.output).toMatch(/cachemount-fix \(BuildKit cache mounts\)\.+Failed/);
  expect(fix.output).toContain('files were modified by this hook');
  // The same rewrite as this checkout's own CLI makes.
  const expected = tempDir('expected');
  fs.writeFileSync(path.join(expected, 'Dockerfile'), APT_DOCKERFILE);
  await runOk(process.execPath, [path.join(REPO, 'bin', 'cachemount.js'), '--write', expected]);
  const fixed = fs.readFileSync(path.join(repo, 'Dockerfile'), 'utf8');
  expect(fixed).not.toBe(APT_DOCKERFILE);
  expect(fixed).toBe(fs.readFileSync(path.join(expected, 'Dockerfile'), 'utf8'));

  const again = await tryRepo('cachemount');
  expectCode(again, 0, 'try-repo cachemount after cachemount-fix');
  expect(again.output).toMatch(new RegExp(`${CHECK_HOOK.source}Passed`));
  expect(fs.readFileSync(path.join(repo, 'Dockerfile'), 'utf8')).toBe(fixed);
});

describe('as a git hook, from .pre-commit-config.yaml', () => {
  let repo: string;

  beforeAll(async () => {
    repo = tempDir('hook');
    await gitRepoWith(
      repo,
      {
        // Clean as committed: the script runs no package manager yet.
        Dockerfile: 'FROM python:3.12-slim\nCOPY docker/setup.sh /setup.sh\nRUN sh /setup.sh\n',
        'docker/setup.sh': '#!/bin/sh\nset -e\necho setting up\n',
        'README.md': '# app\n',
        '.pre-commit-config.yaml': configYaml(['cachemount']),
      },
      env,
    );
    await runOk('pre-commit', ['install'], { cwd: repo, env: hookEnv });
    await hooksInstalled;
    // Finds the hook environment installed (same repo and rev).
    await runOk('pre-commit', ['install-hooks'], { cwd: repo, env: hookEnv, timeoutMs: 10 * 60_000 });
  }, 20 * 60_000);

  const commit = (message: string): Promise<RunResult> => run('git', ['commit', '-m', message], { cwd: repo, env: hookEnv, timeoutMs: 5 * 60_000 });

  test('a commit with no Dockerfile or script in it does not run the hook', async () => {
    fs.appendFileSync(path.join(repo, 'README.md'), 'More.\n');
    await runOk('git', ['add', 'README.md'], { cwd: repo, env });
    const r = await commit('docs');
    expectCode(r, 0, 'git commit of README.md');
    expect(r.output).toMatch(new RegExp(`${CHECK_HOOK.source}\\(no files to check\\)Skipped`));
  });

  test('a commit of a script alone checks the whole repository: the Dockerfile whose RUN runs it needs a mount', async () => {
    const head = (await runOk('git', ['rev-parse', 'HEAD'], { cwd: repo, env })).stdout.trim();
    writeTree(repo, { 'docker/setup.sh': '#!/bin/sh\nset -e\necho setting up\npip install flask\n' });
    await runOk('git', ['add', 'docker/setup.sh'], { cwd: repo, env });
    try {
      const r = await commit('pip');
      expectCode(r, 1, 'git commit of docker/setup.sh');
      expect(r.output).toMatch(new RegExp(`${CHECK_HOOK.source}Failed`));
      // The Dockerfile was not staged; pre-commit passed no file names, cachemount checked '.'.
      expect(r.output).toContain('diff --git a/Dockerfile b/Dockerfile');
      expect(r.output).toContain('+RUN --mount=type=cache,target=/root/.cache/pip \\');
      expect((await runOk('git', ['rev-parse', 'HEAD'], { cwd: repo, env })).stdout.trim()).toBe(head);
    } finally {
      await runOk('git', ['reset', '--quiet', '--hard', 'HEAD'], { cwd: repo, env });
    }
  });

  test("the hook's files pattern, as pre-commit applies it", async () => {
    const runs = ['Dockerfile', 'Dockerfile.dev', 'docker/Dockerfile', 'api.Dockerfile', 'web.dockerfile', 'Containerfile', 'Containerfile.prod', 'deploy/Containerfile', 'docker/setup.sh', 'tools/build.bash'];
    const skips = ['README.md', 'Dockerfile-old', 'Dockerfiles/notes.txt', 'app.py', 'setup.shx', 'docker/entrypoint', 'mydockerfile'];
    writeTree(repo, Object.fromEntries([...runs, ...skips].filter((f) => !fs.existsSync(path.join(repo, f))).map((f) => [f, 'FROM scratch\n'])));
    await runOk('git', ['add', '-A'], { cwd: repo, env });
    for (const file of runs) {
      const r = await run('pre-commit', ['run', 'cachemount', '--files', file], { cwd: repo, env: hookEnv, timeoutMs: 60_000 });
      expectCode(r, 0, `pre-commit run cachemount --files ${file}`);
      expect([file, r.output]).toEqual([file, expect.stringMatching(new RegExp(`${CHECK_HOOK.source}Passed`))]);
    }
    const r = await run('pre-commit', ['run', 'cachemount', '--files', ...skips], { cwd: repo, env: hookEnv, timeoutMs: 60_000 });
    expectCode(r, 0, `pre-commit run cachemount --files ${skips.join(' ')}`);
    expect(r.output).toMatch(new RegExp(`${CHECK_HOOK.source}\\(no files to check\\)Skipped`));
  });

  test("args in the user's config replace the default '.': only that path is checked", async () => {
    writeTree(repo, { 'legacy/Dockerfile': APT_DOCKERFILE, 'svc/Dockerfile': CLEAN_DOCKERFILE });
    await runOk('git', ['add', '-A'], { cwd: repo, env });
    const configs = tempDir('args-config');
    const narrow = path.join(configs, 'svc.yaml');
    fs.writeFileSync(narrow, `${configYaml(['cachemount'])}        args: [svc/]\n`);
    const wide = path.join(configs, 'default.yaml');
    fs.writeFileSync(wide, configYaml(['cachemount']));

    const onlySvc = await run('pre-commit', ['run', '--config', narrow, 'cachemount', '--all-files'], { cwd: repo, env: hookEnv, timeoutMs: 60_000 });
    expectCode(onlySvc, 0, 'cachemount with args: [svc/]');
    expect(onlySvc.output).toMatch(new RegExp(`${CHECK_HOOK.source}Passed`));
    const everything = await run('pre-commit', ['run', '--config', wide, 'cachemount', '--all-files'], { cwd: repo, env: hookEnv, timeoutMs: 60_000 });
    expectCode(everything, 1, 'cachemount with the default args');
    expect(everything.output).toContain('diff --git a/legacy/Dockerfile b/legacy/Dockerfile');
  });
});
