/**
 * The built CLI, run as a user runs it: `node bin/cachemount.js …` in a subprocess, on
 * temp copies of examples/webapp and of small trees written here. Needs `npm run build`
 * (which `npm test` does first).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BIN, REPO, Ran, cli, copyTree, listFiles, tempDir } from './helpers';

function git(args: string[], cwd: string, input?: string): Ran {
  const r = spawnSync('git', args, { cwd, input, encoding: 'utf8' });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const EXAMPLE = path.join(REPO, 'examples', 'webapp');
const OLD_TIME = new Date('2020-01-02T03:04:05Z');
/** Temp trees made here, removed in afterAll. */
const made: string[] = [];

function scratchDir(): string {
  const dir = tempDir('cachemount-cli-');
  made.push(dir);
  return dir;
}

/** A temp copy of a tree, every file's mtime set in the past so any rewrite shows. */
function copyOf(src: string): string {
  const dir = scratchDir();
  copyTree(src, dir);
  for (const f of listFiles(dir)) fs.utimesSync(path.join(dir, f), OLD_TIME, OLD_TIME);
  return dir;
}

/** Writes files (relative path -> content) into a fresh temp dir. */
function treeOf(files: Record<string, string | Buffer>): string {
  const dir = scratchDir();
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
    fs.utimesSync(path.join(dir, rel), OLD_TIME, OLD_TIME);
  }
  return dir;
}

interface FileState {
  bytes: string;
  mtimeMs: number;
  ino: number;
  mode: number;
}

/** Everything about a tree that a dry run must not change (.git excluded). */
function snapshot(dir: string): Map<string, FileState> {
  const out = new Map<string, FileState>();
  for (const f of listFiles(dir)) {
    if (f === '.git' || f.startsWith('.git/')) continue;
    const abs = path.join(dir, f);
    const st = fs.statSync(abs);
    out.set(f, { bytes: fs.readFileSync(abs).toString('base64'), mtimeMs: st.mtimeMs, ino: st.ino, mode: st.mode & 0o7777 });
  }
  return out;
}

/** Relative path -> bytes (as latin1, so any byte compares exactly), .git excluded. */
function contents(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of listFiles(dir)) {
    if (f === '.git' || f.startsWith('.git/')) continue;
    out.set(f, fs.readFileSync(path.join(dir, f), 'latin1'));
  }
  return out;
}

const PKG_VERSION = (JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
const TRANSFORM_IDS = ['add-cache-mounts', 'add-cache-options', 'drop-cache-disabling-flags', 'keep-cache-on-cleanup', 'keep-downloaded-packages'];

const GOOD = 'FROM python:3.12\nRUN pip install flask\n';
const GOOD_AFTER = 'FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/pip \\\n    pip install flask\n';
const BAD_UTF8 = Buffer.concat([Buffer.from('FROM python:3.12\nRUN echo caf'), Buffer.from([0xe9, 0xff]), Buffer.from(' && pip install flask\n')]);
const TEMPLATE = 'FROM {{ .BaseImage }}\nRUN pip install flask\n';
/** A Dockerfile with work to do, padded past the --max-size used below (and past every other file). */
const BIG = `${GOOD}${'# padding\n'.repeat(20)}`;

/** A tree with one good file and files the tool cannot or must not handle. */
function badTree(withReadOnly: boolean): string {
  const dir = treeOf({
    'good/Dockerfile': GOOD,
    'latin1/Dockerfile': BAD_UTF8,
    'tmpl/Dockerfile': TEMPLATE,
    ...(withReadOnly ? { 'readonly/Dockerfile': GOOD } : {}),
  });
  fs.mkdirSync(path.join(dir, 'dir', 'Dockerfile'), { recursive: true });
  if (withReadOnly) fs.chmodSync(path.join(dir, 'readonly', 'Dockerfile'), 0o444);
  return dir;
}

const CRLF_INPUT = [
  'FROM debian:bookworm',
  'RUN apt-get update && \\',
  '    apt-get install -y curl && \\',
  '    rm -rf /var/lib/apt/lists/*',
  'RUN pip3 install --no-cache-dir flask',
  '',
].join('\r\n');
const CRLF_EXPECTED = [
  'FROM debian:bookworm',
  'RUN if [ -f /etc/apt/apt.conf.d/docker-clean ]; then mv /etc/apt/apt.conf.d/docker-clean /etc/apt/docker-clean.cachemount; fi && \\',
  "    echo 'Binary::apt::APT::Keep-Downloaded-Packages \"true\";' > /etc/apt/apt.conf.d/zz-cachemount-keep-downloaded",
  'RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \\',
  '    --mount=type=cache,target=/var/lib/apt,sharing=locked \\',
  '    apt-get update && \\',
  '    apt-get install -y curl',
  'RUN rm -f /etc/apt/apt.conf.d/zz-cachemount-keep-downloaded && \\',
  '    if [ -f /etc/apt/docker-clean.cachemount ]; then mv /etc/apt/docker-clean.cachemount /etc/apt/apt.conf.d/docker-clean; fi',
  'RUN --mount=type=cache,target=/root/.cache/pip \\',
  '    pip3 install flask',
  '',
].join('\r\n');

/*
 * Every scenario is a sequence of CLI runs on its own temp tree. They are independent,
 * so they all start in beforeAll and run side by side; each test awaits the one it checks.
 */
const scenarios = {
  async dryRun() {
    const dir = copyOf(EXAMPLE);
    const before = snapshot(dir);
    const run = await cli(['.'], dir);
    return { run, before, after: snapshot(dir) };
  },
  async write() {
    const dir = copyOf(EXAMPLE);
    const run = await cli(['--write', '.'], dir);
    return { run, files: contents(dir) };
  },
  async checkWriteCheck() {
    const dir = copyOf(EXAMPLE);
    const check1 = await cli(['--check', '.'], dir);
    const afterCheck = contents(dir);
    const write1 = await cli(['--write', '.'], dir);
    const once = contents(dir);
    const check2 = await cli(['--check', '.'], dir);
    const dry2 = await cli(['.'], dir);
    return { check1, afterCheck, write1, once, check2, dry2, unchanged: contents(dir) };
  },
  async json() {
    const dir = copyOf(EXAMPLE);
    const before = snapshot(dir);
    const run = await cli(['--format', 'json', '.'], dir);
    return { run, before, after: snapshot(dir) };
  },
  async noAptKeepDownloaded() {
    return { run: await cli(['--no-apt-keep-downloaded', '.'], copyOf(EXAMPLE)) };
  },
  async missingPath() {
    const dir = treeOf({ Dockerfile: GOOD });
    return { run: await cli(['Dockerfile', 'no-such-dir'], dir), after: fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8') };
  },
  async unknownOption() {
    return { run: await cli(['--frobnicate', '.'], treeOf({ Dockerfile: GOOD })) };
  },
  async unknownFormat() {
    return { run: await cli(['--format', 'xml', '.'], treeOf({ Dockerfile: GOOD })) };
  },
  async crlfAndMode() {
    const dir = treeOf({ Dockerfile: CRLF_INPUT });
    fs.chmodSync(path.join(dir, 'Dockerfile'), 0o755);
    const run = await cli(['--write', '--no-comments', '.'], dir);
    return { run, text: fs.readFileSync(path.join(dir, 'Dockerfile'), 'latin1'), mode: fs.statSync(path.join(dir, 'Dockerfile')).mode & 0o7777, files: listFiles(dir) };
  },
  async badDryRun() {
    const dir = badTree(true);
    const before = snapshot(dir);
    const run = await cli(['.'], dir);
    return { run, before, after: snapshot(dir) };
  },
  async badWrite() {
    const dir = badTree(true);
    const run = await cli(['--write', '.'], dir);
    return { run, dir };
  },
  async skippedOnlyWrite() {
    const dir = badTree(false);
    fs.writeFileSync(path.join(dir, 'big.Dockerfile'), BIG);
    const run = await cli(['--write', '--max-size', String(BIG.length - 1), '.'], dir);
    return { run, dir };
  },
  async help() {
    return { run: await cli(['--help'], REPO) };
  },
  async version() {
    return { run: await cli(['--version'], REPO) };
  },
};

type Scenarios = typeof scenarios;
type Results = { [K in keyof Scenarios]: ReturnType<Scenarios[K]> };
let started: Results;

/** Starts the scenarios with at most `limit` running at once. */
function startAll(limit: number): Results {
  const queue: Array<() => void> = [];
  let running = 0;
  const next = (): void => {
    if (running >= limit || !queue.length) return;
    running++;
    queue.shift()!();
  };
  const out: Partial<Record<string, Promise<unknown>>> = {};
  for (const [name, fn] of Object.entries(scenarios) as Array<[string, () => Promise<unknown>]>) {
    out[name] = new Promise((resolve, reject) => {
      queue.push(() => {
        fn()
          .then(resolve, reject)
          .finally(() => {
            running--;
            next();
          });
      });
    });
    // keep an early failure from surfacing as an unhandled rejection before its test awaits it
    out[name]!.catch(() => undefined);
  }
  for (let i = 0; i < limit; i++) next();
  return out as Results;
}

beforeAll(() => {
  if (!fs.existsSync(path.join(REPO, 'dist', 'src', 'cli.js'))) {
    throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
  }
  started = startAll(4);
});

afterAll(async () => {
  // let every scenario finish before its tree goes
  await Promise.allSettled(Object.values(started ?? {}));
  for (const d of made) fs.rmSync(d, { recursive: true, force: true });
});

describe('dry run, git apply and --write on examples/webapp', () => {
  test('a dry run exits 0, prints a unified diff of the Dockerfile, and touches nothing', async () => {
    const { run, before, after } = await started.dryRun;
    expect(run.code).toBe(0);
    expect(run.stdout.startsWith('diff --git a/Dockerfile b/Dockerfile\n--- a/Dockerfile\n+++ b/Dockerfile\n@@ ')).toBe(true);
    expect(run.stdout).toContain('\n+RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \\\n');
    expect(run.stdout).toContain('\n-    && rm -rf /var/lib/apt/lists/*\n');
    expect(run.stderr).toBe('');
    // same files, same bytes, same mtimes, same inodes, same modes: nothing written, renamed or left behind
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [f, st] of before) expect({ f, ...after.get(f) }).toEqual({ f, ...st });
  });

  test('the diff applies with git apply and gives byte for byte what --write gives', async () => {
    const { run: dry } = await started.dryRun;
    const applied = copyOf(EXAMPLE);
    expect(git(['init', '-q', '.'], applied).code).toBe(0);
    const ap = git(['apply', '-'], applied, dry.stdout);
    expect({ code: ap.code, stderr: ap.stderr }).toEqual({ code: 0, stderr: '' });

    const { run: w, files: written } = await started.write;
    expect(w.code).toBe(0);
    expect(w.stdout).toBe('');
    expect(w.stderr).toContain('1 changed');

    const a = contents(applied);
    expect([...a.keys()]).toEqual([...written.keys()]);
    for (const [f, text] of written) expect({ f, text: a.get(f) }).toEqual({ f, text });
    // and the change is real
    expect(written.get('Dockerfile')).not.toEqual(contents(EXAMPLE).get('Dockerfile'));
    expect(written.get('Dockerfile')).toContain('RUN --mount=type=cache,target=/root/.cache/pip \\\n    pip install -r requirements-dev.txt\n');
  });

  test('--check exits 1 with the diff; after --write it exits 0, and a dry run prints nothing', async () => {
    const { run: dry } = await started.dryRun;
    const r = await started.checkWriteCheck;
    expect(r.check1.code).toBe(1);
    expect(r.check1.stdout).toBe(dry.stdout);
    expect(r.afterCheck).toEqual(contents(EXAMPLE));
    expect(r.write1.code).toBe(0);
    expect(r.once).not.toEqual(contents(EXAMPLE));
    expect({ code: r.check2.code, stdout: r.check2.stdout }).toEqual({ code: 0, stdout: '' });
    expect({ code: r.dry2.code, stdout: r.dry2.stdout, stderr: r.dry2.stderr }).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(r.unchanged).toEqual(r.once);
  });

  test('--format json prints one parseable report with transform, line and reason per edit', async () => {
    const { run, before, after } = await started.json;
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as {
      roots: Array<{ files: Array<{ path: string; status: string; edits: Array<{ transform: string; line: number; reason: string }> }> }>;
    };
    expect(report.roots).toHaveLength(1);
    const file = report.roots[0].files.find((f) => f.path === 'Dockerfile');
    expect(file?.status).toBe('changed');
    const lines = fs.readFileSync(path.join(EXAMPLE, 'Dockerfile'), 'utf8').split('\n');
    expect(file!.edits.length).toBeGreaterThan(0);
    for (const e of file!.edits) {
      expect(TRANSFORM_IDS).toContain(e.transform);
      expect(Number.isInteger(e.line) && e.line >= 1 && e.line <= lines.length).toBe(true);
      expect(typeof e.reason).toBe('string');
      expect(e.reason.length).toBeGreaterThan(10);
    }
    // every transform has work to do in the example; mount edits point at the six package-manager RUNs
    expect([...new Set(file!.edits.map((e) => e.transform))].sort()).toEqual(TRANSFORM_IDS);
    const mountLines = file!.edits.filter((x) => x.transform === 'add-cache-mounts').map((e) => e.line);
    const pmRuns = lines.flatMap((l, i) => (/^RUN\b.*\b(apt-get|pip|apk add|npm ci)\b/.test(l) ? [i + 1] : []));
    expect(pmRuns).toHaveLength(6);
    expect(mountLines).toEqual(pmRuns);
    expect(after).toEqual(before);
  });

  test('--no-apt-keep-downloaded leaves apt configuration alone but still mounts', async () => {
    const { run } = await started.noAptKeepDownloaded;
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('+RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \\\n');
    expect(run.stdout).not.toContain('docker-clean');
    expect(run.stdout).not.toContain('Keep-Downloaded-Packages');
  });
});

describe('usage errors', () => {
  test('a missing path exits 2 with one line on stderr and nothing on stdout', async () => {
    const { run, after } = await started.missingPath;
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^[^\n]*no-such-dir[^\n]*\n$/);
    expect(after).toBe(GOOD);
  });

  test('an unknown option exits 2 and names the option', async () => {
    const { run } = await started.unknownOption;
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('frobnicate');
  });

  test('an unknown --format value exits 2', async () => {
    const { run } = await started.unknownFormat;
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('xml');
  });
});

describe('--write keeps the file as it was apart from the edits', () => {
  test('CRLF line endings and the 0755 mode survive; --no-comments leaves no comment', async () => {
    const { run, text, mode, files } = await started.crlfAndMode;
    expect(run.code).toBe(0);
    expect(text).toBe(CRLF_EXPECTED);
    expect(/(^|[^\r])\n/.test(text)).toBe(false);
    expect(mode).toBe(0o755);
    // no temp file left next to it
    expect(files).toEqual(['Dockerfile']);
  });
});

describe('files that cannot be handled', () => {
  test('dry run: invalid UTF-8 and templates are reported as skipped with path and reason; exit 0; the rest is diffed', async () => {
    const { run, before, after } = await started.badDryRun;
    // observed: skipped files do not change the exit code of a dry run
    expect(run.code).toBe(0);
    const errLines = run.stderr.split('\n').filter(Boolean);
    expect(errLines.filter((l) => l.includes('latin1/Dockerfile'))).toEqual([expect.stringMatching(/skipped.*UTF-8/)]);
    expect(errLines.filter((l) => l.includes('tmpl/Dockerfile'))).toEqual([expect.stringMatching(/skipped.*template/)]);
    expect(run.stdout).toContain('diff --git a/good/Dockerfile b/good/Dockerfile\n');
    expect(run.stdout).toContain('diff --git a/readonly/Dockerfile b/readonly/Dockerfile\n');
    expect(run.stdout).not.toContain('latin1/Dockerfile');
    expect(run.stdout).not.toContain('tmpl/Dockerfile');
    expect(after).toEqual(before);
  });

  test('--write: a read-only file is reported as failed and left alone (exit 3); the rest is written', async () => {
    const { run, dir } = await started.badWrite;
    // observed: 3, because readonly/Dockerfile could not be written
    expect(run.code).toBe(3);
    expect(run.stderr.split('\n').filter((l) => l.includes('readonly/Dockerfile'))).toEqual([expect.stringMatching(/failed.*read-only/)]);
    expect(fs.readFileSync(path.join(dir, 'good', 'Dockerfile'), 'utf8')).toBe(GOOD_AFTER);
    expect(fs.readFileSync(path.join(dir, 'readonly', 'Dockerfile'), 'utf8')).toBe(GOOD);
    expect(fs.readFileSync(path.join(dir, 'latin1', 'Dockerfile'))).toEqual(BAD_UTF8);
    expect(fs.readFileSync(path.join(dir, 'tmpl', 'Dockerfile'), 'utf8')).toBe(TEMPLATE);
    expect(fs.readdirSync(path.join(dir, 'dir', 'Dockerfile'))).toEqual([]);
  });

  test('--write with skipped files (bad UTF-8, template, over --max-size) but nothing unwritable exits 0', async () => {
    const { run, dir } = await started.skippedOnlyWrite;
    // observed: 0; the directory named Dockerfile is searched as a directory and not reported
    expect(run.code).toBe(0);
    const errLines = run.stderr.split('\n').filter(Boolean);
    expect(errLines.filter((l) => l.includes('latin1/Dockerfile'))).toEqual([expect.stringMatching(/skipped.*UTF-8/)]);
    expect(errLines.filter((l) => l.includes('tmpl/Dockerfile'))).toEqual([expect.stringMatching(/skipped.*template/)]);
    expect(errLines.filter((l) => l.includes('big.Dockerfile'))).toEqual([expect.stringMatching(`skipped.*larger than ${BIG.length - 1} bytes`)]);
    expect(fs.readFileSync(path.join(dir, 'good', 'Dockerfile'), 'utf8')).toBe(GOOD_AFTER);
    expect(fs.readFileSync(path.join(dir, 'latin1', 'Dockerfile'))).toEqual(BAD_UTF8);
    expect(fs.readFileSync(path.join(dir, 'tmpl', 'Dockerfile'), 'utf8')).toBe(TEMPLATE);
    expect(fs.readFileSync(path.join(dir, 'big.Dockerfile'), 'utf8')).toBe(BIG);
  });
});

describe('--help and --version', () => {
  test('--help exits 0 and names every option and exit code', async () => {
    const { run } = await started.help;
    expect(run.code).toBe(0);
    for (const opt of ['--write', '--check', '--format', '--no-comments', '--no-apt-keep-downloaded', '--max-size', '--help', '--version']) {
      expect({ opt, found: run.stdout.includes(opt) }).toEqual({ opt, found: true });
    }
    expect(run.stdout).toContain('Exit codes');
    const codes = run.stdout.slice(run.stdout.indexOf('Exit codes'));
    for (const code of ['0', '1', '2', '3']) expect(codes).toMatch(new RegExp(`^\\s+${code}\\s+\\S`, 'm'));
  });

  test('--version prints the package.json version', async () => {
    const { run } = await started.version;
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 0, stdout: `${PKG_VERSION}\n` });
  });
});

describe('start-up', () => {
  test('the compiled code is kept in the cache folder, and a run with it prints the same', async () => {
    const cacheDir = path.join(tempDir(), 'cache');
    const dir = path.join(REPO, 'examples', 'webapp');
    const first = await cli(['.'], dir, { CACHEMOUNT_CACHE_DIR: cacheDir });
    const kept = fs.readdirSync(cacheDir).filter((f) => f.endsWith('.v8cache'));
    expect(kept).toHaveLength(1);
    expect(fs.statSync(path.join(cacheDir, kept[0])).size).toBeGreaterThan(1000);
    const second = await cli(['.'], dir, { CACHEMOUNT_CACHE_DIR: cacheDir });
    expect(second.stdout).toBe(first.stdout);
    expect(second.code).toBe(first.code);
    expect(fs.readdirSync(cacheDir)).toEqual(kept);
    // a damaged cache is ignored (and replaced)
    fs.writeFileSync(path.join(cacheDir, kept[0]), 'not a code cache');
    const third = await cli(['.'], dir, { CACHEMOUNT_CACHE_DIR: cacheDir });
    expect(third.stdout).toBe(first.stdout);
    expect(fs.statSync(path.join(cacheDir, kept[0])).size).toBeGreaterThan(1000);
  });

  test('CACHEMOUNT_CACHE_DIR=off writes no cache', async () => {
    const home = tempDir();
    const r = await cli(['--version'], home, { CACHEMOUNT_CACHE_DIR: 'off', HOME: home, XDG_CACHE_HOME: path.join(home, 'xdg') });
    expect(r.code).toBe(0);
    expect(fs.readdirSync(home)).toEqual([]);
  });
});

describe('a reader that stops early', () => {
  test('`cachemount … | head`: the rest of the output is dropped, with no crash, and --write still writes every file', () => {
    // far more diff than a pipe holds, so the tool is still writing when `head` goes
    const files: Record<string, string> = {};
    for (let i = 0; i < 800; i++) files[`svc-${String(i).padStart(3, '0')}/Dockerfile`] = 'FROM python:3.12\nRUN pip install --no-cache-dir flask\n';
    const dir = treeOf(files);
    const piped = (args: string): { code: string; stderr: string; head: string } => {
      const err = path.join(scratchDir(), 'stderr');
      const r = spawnSync('bash', ['-c', `'${process.execPath}' '${BIN}' ${args} '${dir}' 2>'${err}' | head -c 100; echo; echo "\${PIPESTATUS[0]}"`], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      const lines = r.stdout.trimEnd().split('\n');
      return { code: lines[lines.length - 1], stderr: fs.readFileSync(err, 'utf8'), head: lines.slice(0, -1).join('\n') };
    };
    const dry = piped('');
    expect(dry.head).toMatch(/^diff --git a\/svc-000\/Dockerfile/);
    expect(dry.stderr).not.toMatch(/EPIPE|Unhandled|internal error/);
    expect(dry.code).toBe('0');
    const written = piped('--write');
    expect(written.stderr).not.toMatch(/EPIPE|Unhandled|internal error/);
    expect(written.code).toBe('0');
    for (const rel of Object.keys(files)) expect(fs.readFileSync(path.join(dir, rel), 'utf8')).toBe('FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/pip \\\n    pip install flask\n');
  }, 60_000);
});
