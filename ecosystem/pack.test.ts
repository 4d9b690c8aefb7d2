/**
 * The npm package: `npm pack` in a fresh clone of this repository (after `npm ci`,
 * whose dev dependencies the prepare build needs), what the tarball holds, and the tarball
 * installed into an empty folder, where `npx cachemount` must behave as this
 * repository's own bin/cachemount.js does.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { APT_DOCKERFILE, Clone, RunResult, cloneWorkTree, removeTempDirs, run, runOk, tail, tempDir, testEnv, writeTree } from './support';

let env: NodeJS.ProcessEnv;
let clone: Clone;
let tarball: string;
let packed: string[];
let app: string;
let version: string;

/** Every file under dir, relative, sorted. */
function listFiles(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

function expectCode(r: RunResult, code: number, what: string): void {
  if (r.code !== code) throw new Error(`${what}: expected exit ${code}, got ${r.code ?? r.signal}\n--- output ---\n${tail(r.output, 80)}`);
}

let packStdout: string;

beforeAll(async () => {
  const home = tempDir('pack');
  env = testEnv(home);
  clone = await cloneWorkTree(path.join(home, 'cachemount'), env);
  version = (JSON.parse(fs.readFileSync(path.join(clone.dir, 'package.json'), 'utf8')) as { version: string }).version;
  // The dev dependencies, for the build; no install scripts, so nothing is built yet.
  await runOk('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: clone.dir, env, timeoutMs: 10 * 60_000 });
  expect(fs.existsSync(path.join(clone.dir, 'dist'))).toBe(false);
  // npm pack itself must build (prepare).
  const out = tempDir('tarball');
  const r = await runOk('npm', ['pack', '--pack-destination', out], { cwd: clone.dir, env, timeoutMs: 10 * 60_000 });
  packStdout = r.stdout;
  tarball = path.join(out, `cachemount-${version}.tgz`);
  packed = (await runOk('tar', ['-tzf', tarball])).stdout.split('\n').filter(Boolean).map((p) => p.replace(/^package\//, '')).sort();
  app = tempDir('app');
  await runOk('npm', ['install', '--no-audit', '--no-fund', tarball], { cwd: app, env, timeoutMs: 10 * 60_000 });
}, 30 * 60_000);

afterAll(removeTempDirs);

test('npm pack builds (prepare) and prints only the tarball name on stdout (pre-commit reads it as the file to install)', () => {
  expect(packStdout.trim()).toBe(`cachemount-${version}.tgz`);
  expect(packed).toContain('dist/src/cli.js');
});

test('the tarball holds the built code, the docs and the licence, and nothing else', () => {
  const listed = packed;
  const top = [...new Set(listed.map((p) => (p.startsWith('dist/') ? p.split('/').slice(0, 2).join('/') : p.split('/')[0])))].sort();
  expect(top).toEqual(['LICENSE', 'README.md', 'bin', 'dist/bundle', 'dist/src', 'dist/transforms', 'docs', 'package.json']);
  for (const must of ['bin/cachemount.js', 'dist/bundle/cli.cjs', 'dist/bundle/engine-worker.cjs', 'dist/src/cli.js', 'dist/transforms/index.js', 'docs/transforms.md', 'docs/managers/os.md']) expect(listed).toContain(must);
  const unwanted = listed.filter((p) => /(^|\/)(__tests__|__testfixtures__|e2e|ecosystem|property|stress|bench|examples|node_modules)(\/|$)|\.(ts|map)$|^dist\/(property|stress)/.test(p));
  expect(unwanted).toEqual([]);
  expect(fs.readFileSync(path.join(clone.dir, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} cachemount contributors\n/);
});

test('installing the tarball does not build: no TypeScript, and the installed files are the packed ones', () => {
  expect(fs.existsSync(path.join(app, 'node_modules', 'typescript'))).toBe(false);
  // A build (prepare: tsc with source maps) would have added dist/**/*.js.map files.
  const installed = listFiles(path.join(app, 'node_modules', 'cachemount'));
  expect(installed).toEqual(packed);
});

test('the installed bin runs the packed bundle (dist/bundle), not the plain modules it falls back to', async () => {
  // bin/cachemount.js keeps V8's code cache only for the bundle it loads.
  const cacheDir = tempDir('code-cache');
  const r = await run('npx', ['--no-install', 'cachemount', '--version'], { cwd: app, env: { ...env, CACHEMOUNT_CACHE_DIR: cacheDir }, timeoutMs: 120_000 });
  expectCode(r, 0, 'npx cachemount --version');
  expect(fs.readdirSync(cacheDir).filter((f) => /^cli-.*\.v8cache$/.test(f))).toHaveLength(1);
});

test('npx cachemount in the install folder: the version, and the same output as the repository bin', async () => {
  const npx = (args: string[], cwd = app): Promise<RunResult> => run('npx', ['--no-install', 'cachemount', ...args], { cwd, env, timeoutMs: 120_000 });
  const own = (args: string[], cwd = app): Promise<RunResult> => run(process.execPath, [path.join(clone.dir, 'bin', 'cachemount.js'), ...args], { cwd, env, timeoutMs: 120_000 });

  const v = await npx(['--version']);
  expectCode(v, 0, 'npx cachemount --version');
  expect(v.stdout.trim()).toBe(version);

  const tree = tempDir('tree');
  writeTree(tree, {
    Dockerfile: APT_DOCKERFILE,
    'svc/Dockerfile': 'FROM python:3.12-slim\nCOPY setup.sh /setup.sh\nRUN sh /setup.sh\n',
    'svc/setup.sh': '#!/bin/sh\nset -e\npip install --no-cache-dir flask\n',
  });
  const before = fs.readFileSync(path.join(tree, 'Dockerfile'), 'utf8');
  for (const args of [[tree], ['--check', tree], ['--format', 'json', tree]]) {
    const [a, b] = await Promise.all([npx(args), own(args)]);
    expect({ args, code: a.code, stdout: a.stdout }).toEqual({ args, code: b.code, stdout: b.stdout });
  }
  const dry = await npx([tree]);
  expectCode(dry, 0, 'npx cachemount <tree>');
  expect(dry.stdout).toContain('diff --git a/Dockerfile b/Dockerfile');
  expect(dry.stdout).toContain('diff --git a/svc/Dockerfile b/svc/Dockerfile');
  expect(dry.stdout).toContain('-pip install --no-cache-dir flask');
  expect((await npx(['--check', tree])).code).toBe(1);
  expect(fs.readFileSync(path.join(tree, 'Dockerfile'), 'utf8')).toBe(before);
});
