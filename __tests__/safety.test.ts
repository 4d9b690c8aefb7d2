/**
 * Safety of the built CLI on awkward and hostile trees. Each test writes a small tree in
 * a temp folder and runs `node bin/cachemount.js` in a subprocess, as a user would; the
 * write race is also driven in-process (engine, then writer) so it is deterministic.
 *
 * What is asserted:
 * - --write replaces a file by rename (new inode), leaves no temp file, keeps the mode
 *   whatever the umask, and refuses a file that changed on disk after it was read;
 * - nothing is ever written through a symbolic link, and a script reached through a
 *   link that leaves the PATH root is neither followed nor touched;
 * - read-only files are refused (exit 3) while the rest of the tree is still written;
 *   FIFOs and directories named like Dockerfiles neither hang nor stop the run;
 * - nothing from the scanned tree is executed, whichever way a RUN reaches a script,
 *   and nothing is spawned from PATH (a tree's bin/ on PATH is a trap);
 * - every skipped or failed file is on stderr with its reason; exit codes 0, 1, 2, 3.
 *
 * Needs `npm run build` first (npm test does it).
 */
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_OPTIONS, EngineOptions, processRoot } from '../src/engine';
import { writeAtomic } from '../src/write';
import { BIN, REPO, listFiles, tempDir } from './helpers';

interface Ran {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

interface RunOptions {
  env?: NodeJS.ProcessEnv;
  /** Run under `umask` (through /bin/sh, which then execs node). */
  umask?: number;
  /** Run as this uid/gid (needs root and setpriv). */
  asUser?: { uid: number; gid: number };
  timeoutMs?: number;
}

/** Runs the built CLI; resolves with its exit code and output (kills it after a timeout). */
function cli(args: string[], cwd: string, opts: RunOptions = {}): Promise<Ran> {
  let cmd = process.execPath;
  let argv = [BIN, ...args];
  if (opts.umask !== undefined) {
    argv = ['-c', `umask ${opts.umask.toString(8).padStart(3, '0')} && exec "$0" "$@"`, cmd, ...argv];
    cmd = '/bin/sh';
  }
  if (opts.asUser) {
    argv = [`--reuid=${opts.asUser.uid}`, `--regid=${opts.asUser.gid}`, '--clear-groups', cmd, ...argv];
    cmd = 'setpriv';
  }
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { cwd, env: { ...process.env, NO_COLOR: '1', ...opts.env } });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 30000);
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}

const made: string[] = [];

/** A fresh temp folder, by its real path (the CLI resolves paths the same way). */
function scratch(prefix = 'cachemount-safety-'): string {
  const dir = fs.realpathSync(tempDir(prefix));
  made.push(dir);
  return dir;
}

/** Writes files (relative path -> content) into dir; returns dir. */
function writeTree(dir: string, files: Record<string, string | Buffer>): string {
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  }
  return dir;
}

function treeOf(files: Record<string, string | Buffer>): string {
  return writeTree(scratch(), files);
}

/** Every entry under dir (files, links, FIFOs; folders are walked, links are not). */
const entries = listFiles;

/** Temp files a writer could leave behind. */
function leftovers(dir: string): string[] {
  return entries(dir).filter((f) => /cachemount|\.tmp$|~$/.test(path.basename(f)));
}

interface FileState {
  bytes: string;
  mode: number;
  mtimeMs: number;
  ino: number;
}

function stateOf(abs: string): FileState {
  const st = fs.lstatSync(abs);
  return { bytes: fs.readFileSync(abs).toString('base64'), mode: st.mode & 0o7777, mtimeMs: st.mtimeMs, ino: st.ino };
}

function read(dir: string, rel: string): string {
  return fs.readFileSync(path.join(dir, rel), 'utf8');
}

/** stderr lines of the form `cachemount: <status>: <path>: <reason>`, by path. */
function reported(stderr: string): Map<string, { status: string; reason: string }> {
  const out = new Map<string, { status: string; reason: string }>();
  for (const line of stderr.split('\n')) {
    const m = /^cachemount: (skipped|failed): (.+?): (.+)$/.exec(line);
    if (m) out.set(m[2], { status: m[1], reason: m[3] });
  }
  return out;
}

/** The summary line --write and --check print. */
function summary(stderr: string): Record<string, number> | null {
  const m = /(\d+) (?:changed|would change), (\d+) unchanged, (\d+) skipped, (\d+) failed/.exec(stderr);
  return m ? { changed: +m[1], unchanged: +m[2], skipped: +m[3], failed: +m[4] } : null;
}

interface JsonFile {
  path: string;
  status: string;
  reason?: string;
  notes: Array<{ line: number; message: string }>;
  edits: unknown[];
  executedBy?: string[];
}

function jsonFiles(stdout: string): JsonFile[] {
  const report = JSON.parse(stdout) as { roots: Array<{ files: JsonFile[] }> };
  return report.roots.flatMap((r) => r.files);
}

const IS_ROOT = typeof process.getuid === 'function' && process.getuid() === 0;
const HAVE_SETPRIV = fs.existsSync('/usr/bin/setpriv') || fs.existsSync('/bin/setpriv');
const HAVE_MKFIFO = fs.existsSync('/usr/bin/mkfifo') || fs.existsSync('/bin/mkfifo');

const PIP_DF = 'FROM python:3.12-slim\nRUN pip install --no-cache-dir flask==3.0.3\n';
const PIP_DF_AFTER = 'FROM python:3.12-slim\nRUN --mount=type=cache,target=/root/.cache/pip \\\n    pip install flask==3.0.3\n';
const OPTS: EngineOptions = { ...DEFAULT_OPTIONS, aptKeepDownloaded: false };

beforeAll(() => {
  if (!fs.existsSync(path.join(REPO, 'dist', 'src', 'cli.js'))) {
    throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
  }
});

afterAll(() => {
  for (const d of made) {
    // give back write permission so the tree can go (matters when not run as root)
    for (const f of entries(d)) {
      try {
        if (!fs.lstatSync(path.join(d, f)).isSymbolicLink()) fs.chmodSync(path.join(d, f), 0o644);
      } catch {
        /* already gone */
      }
    }
    fs.rmSync(d, { recursive: true, force: true });
  }
});

describe('--write is atomic and keeps the file mode', () => {
  const SCRIPT = '#!/bin/sh\nset -e\napt-get update\napt-get install -y --no-install-recommends curl\napt-get clean\n';
  const DF = 'FROM debian:bookworm\nCOPY install.sh /tmp/install.sh\nRUN bash /tmp/install.sh\nRUN pip install --no-cache-dir flask\n';

  test('the written files are exactly the rewrite, put in place by rename; no temp file; modes 0600 and 0755 kept', async () => {
    const dir = treeOf({ Dockerfile: DF, 'install.sh': SCRIPT });
    fs.chmodSync(path.join(dir, 'Dockerfile'), 0o600);
    fs.chmodSync(path.join(dir, 'install.sh'), 0o755);
    // what the rewrite must be, computed in-process on a copy
    const copy = treeOf({ Dockerfile: DF, 'install.sh': SCRIPT });
    const expected = await processRoot({ root: copy }, DEFAULT_OPTIONS);
    const afterOf = (p: string): string => expected.files.find((f) => f.path === p)!.after!;
    expect(expected.files.map((f) => [f.path, f.status])).toEqual([
      ['Dockerfile', 'changed'],
      ['install.sh', 'changed'],
    ]);
    const before = { df: stateOf(path.join(dir, 'Dockerfile')), sh: stateOf(path.join(dir, 'install.sh')) };

    const run = await cli(['--write', '.'], dir);
    expect(run.code).toBe(0);
    expect(summary(run.stderr)).toEqual({ changed: 2, unchanged: 0, skipped: 0, failed: 0 });
    expect(read(dir, 'Dockerfile')).toBe(afterOf('Dockerfile'));
    expect(read(dir, 'install.sh')).toBe(afterOf('install.sh'));
    const after = { df: stateOf(path.join(dir, 'Dockerfile')), sh: stateOf(path.join(dir, 'install.sh')) };
    expect(after.df.mode).toBe(0o600);
    expect(after.sh.mode).toBe(0o755);
    // a rename puts a new inode in place; an in-place rewrite would keep the old one
    expect(after.df.ino).not.toBe(before.df.ino);
    expect(after.sh.ino).not.toBe(before.sh.ino);
    expect(entries(dir)).toEqual(['Dockerfile', 'install.sh']);
    // complete: a second run has nothing left to do
    const again = await cli(['--check', '.'], dir);
    expect({ code: again.code, stdout: again.stdout }).toEqual({ code: 0, stdout: '' });
  });

  test('the mode of the file decides, not the umask (0644 stays 0644 under umask 077; 0640 under 000)', async () => {
    const dir = treeOf({ 'a/Dockerfile': PIP_DF, 'b/Dockerfile': PIP_DF });
    fs.chmodSync(path.join(dir, 'a/Dockerfile'), 0o644);
    fs.chmodSync(path.join(dir, 'b/Dockerfile'), 0o640);
    const [ra, rb] = await Promise.all([cli(['--write', 'a'], dir, { umask: 0o077 }), cli(['--write', 'b'], dir, { umask: 0o000 })]);
    expect([ra.code, rb.code]).toEqual([0, 0]);
    expect(read(dir, 'a/Dockerfile')).toBe(PIP_DF_AFTER);
    expect(read(dir, 'b/Dockerfile')).toBe(PIP_DF_AFTER);
    expect(stateOf(path.join(dir, 'a/Dockerfile')).mode).toBe(0o644);
    expect(stateOf(path.join(dir, 'b/Dockerfile')).mode).toBe(0o640);
    expect(leftovers(dir)).toEqual([]);
  });

  // Beyond the README (which promises the mode): a rename by root must not hand a
  // user's file to root, as `sudo cachemount --write` or a CI container would.
  (IS_ROOT ? test : test.skip)('run as root, --write keeps the owner and group of the file', async () => {
    const dir = treeOf({ Dockerfile: PIP_DF });
    fs.chownSync(path.join(dir, 'Dockerfile'), 65534, 65534);
    const run = await cli(['--write', '.'], dir);
    expect(run.code).toBe(0);
    expect(read(dir, 'Dockerfile')).toBe(PIP_DF_AFTER);
    const st = fs.statSync(path.join(dir, 'Dockerfile'));
    expect({ uid: st.uid, gid: st.gid }).toEqual({ uid: 65534, gid: 65534 });
  });

  test('in-process: a file edited between read and write is refused and keeps the other writer\'s text', async () => {
    const dir = treeOf({ Dockerfile: PIP_DF });
    const abs = path.join(dir, 'Dockerfile');
    const result = await processRoot({ root: dir }, OPTS);
    const f = result.files.find((x) => x.path === 'Dockerfile')!;
    expect(f.status).toBe('changed');
    const theirs = `${PIP_DF}RUN echo edited meanwhile\n`;
    fs.writeFileSync(abs, theirs);
    const problem = writeAtomic(abs, f.before!, f.after!, f.mtimeMs);
    expect(problem).toMatch(/changed on disk/);
    expect(read(dir, 'Dockerfile')).toBe(theirs);
    expect(entries(dir)).toEqual(['Dockerfile']);
  });

  test('in-process: an edit of the same length, within the same mtime tick, is still refused', async () => {
    const dir = treeOf({ Dockerfile: PIP_DF });
    const abs = path.join(dir, 'Dockerfile');
    const result = await processRoot({ root: dir }, OPTS);
    const f = result.files.find((x) => x.path === 'Dockerfile')!;
    const st = fs.statSync(abs);
    const theirs = PIP_DF.replace('flask==3.0.3', 'flask==3.0.4');
    expect(theirs.length).toBe(PIP_DF.length);
    fs.writeFileSync(abs, theirs);
    fs.utimesSync(abs, st.atime, st.mtime);
    expect(writeAtomic(abs, f.before!, f.after!, f.mtimeMs)).toMatch(/changed on disk/);
    expect(read(dir, 'Dockerfile')).toBe(theirs);
    expect(entries(dir)).toEqual(['Dockerfile']);
  });

  test('in-process: a file deleted meanwhile is not re-created; one replaced by a symlink is not written through', async () => {
    const dir = treeOf({ 'gone/Dockerfile': PIP_DF, 'linked/Dockerfile': PIP_DF });
    const outside = treeOf({ 'victim.txt': 'outside, not to be touched\n' });
    const result = await processRoot({ root: dir }, OPTS);
    const byPath = (p: string) => result.files.find((x) => x.path === p)!;
    expect(byPath('gone/Dockerfile').status).toBe('changed');
    expect(byPath('linked/Dockerfile').status).toBe('changed');

    fs.unlinkSync(path.join(dir, 'gone/Dockerfile'));
    const g = byPath('gone/Dockerfile');
    expect(writeAtomic(path.join(dir, 'gone/Dockerfile'), g.before!, g.after!, g.mtimeMs)).not.toBeNull();
    expect(fs.readdirSync(path.join(dir, 'gone'))).toEqual([]);

    const victim = path.join(outside, 'victim.txt');
    const victimBefore = stateOf(victim);
    fs.unlinkSync(path.join(dir, 'linked/Dockerfile'));
    fs.symlinkSync(victim, path.join(dir, 'linked/Dockerfile'));
    const l = byPath('linked/Dockerfile');
    expect(writeAtomic(path.join(dir, 'linked/Dockerfile'), l.before!, l.after!, l.mtimeMs)).toMatch(/symbolic link/);
    expect(fs.lstatSync(path.join(dir, 'linked/Dockerfile')).isSymbolicLink()).toBe(true);
    expect(stateOf(victim)).toEqual(victimBefore);
    expect(leftovers(dir)).toEqual([]);
  });

  test('CLI: a file edited by someone else after it was read is reported as failed (exit 3); the rest is written', async () => {
    const dir = treeOf({ 'racy/Dockerfile': PIP_DF, 'calm/Dockerfile': PIP_DF });
    const target = path.join(dir, 'racy/Dockerfile');
    // A preload that appends to the file right after the tool has read it, before it writes:
    // the first lstat of the file that follows its first read.
    const hook = path.join(scratch(), 'race-hook.js');
    fs.writeFileSync(
      hook,
      [
        "'use strict';",
        "const fs = require('fs');",
        'const target = process.env.CACHEMOUNT_TEST_RACE_FILE;',
        'const readFileSync = fs.readFileSync;',
        'const lstatSync = fs.lstatSync;',
        'let wasRead = false;',
        'let edited = false;',
        'fs.readFileSync = function (p, ...rest) {',
        '  const out = readFileSync.call(fs, p, ...rest);',
        '  if (String(p) === target) wasRead = true;',
        '  return out;',
        '};',
        'fs.lstatSync = function (p, ...rest) {',
        '  if (wasRead && !edited && String(p) === target) {',
        '    edited = true;',
        "    fs.appendFileSync(target, 'RUN echo edited meanwhile\\n');",
        '  }',
        '  return lstatSync.call(fs, p, ...rest);',
        '};',
        '',
      ].join('\n'),
    );
    const run = await cli(['--write', '.'], dir, { env: { NODE_OPTIONS: `--require ${hook}`, CACHEMOUNT_TEST_RACE_FILE: target } });
    expect(run.code).toBe(3);
    const rep = reported(run.stderr);
    expect(rep.get('racy/Dockerfile')).toEqual({ status: 'failed', reason: expect.stringMatching(/changed on disk/) });
    expect(read(dir, 'racy/Dockerfile')).toBe(`${PIP_DF}RUN echo edited meanwhile\n`);
    expect(read(dir, 'calm/Dockerfile')).toBe(PIP_DF_AFTER);
    expect(summary(run.stderr)).toEqual({ changed: 1, unchanged: 0, skipped: 0, failed: 1 });
    expect(leftovers(dir)).toEqual([]);
  });
});

describe('symbolic links are never written through', () => {
  test('Dockerfiles that are links (to a file inside or outside the root) are reported and left alone, targets too', async () => {
    const outside = treeOf({ 'Dockerfile': PIP_DF });
    const dir = treeOf({ 'app.Dockerfile': PIP_DF, 'templates/base.txt': PIP_DF });
    fs.symlinkSync('templates/base.txt', path.join(dir, 'Dockerfile'));
    fs.symlinkSync(path.join(outside, 'Dockerfile'), path.join(dir, 'Dockerfile.prod'));
    fs.symlinkSync('no-such-file', path.join(dir, 'Containerfile'));
    const inside = stateOf(path.join(dir, 'templates/base.txt'));
    const out = stateOf(path.join(outside, 'Dockerfile'));

    const run = await cli(['--write', '.'], dir);
    expect(run.code).toBe(0);
    const rep = reported(run.stderr);
    for (const link of ['Dockerfile', 'Dockerfile.prod', 'Containerfile']) {
      expect({ link, r: rep.get(link) }).toEqual({ link, r: { status: 'skipped', reason: expect.stringMatching(/symbolic link/) } });
      expect(fs.lstatSync(path.join(dir, link)).isSymbolicLink()).toBe(true);
    }
    expect(fs.readlinkSync(path.join(dir, 'Dockerfile'))).toBe('templates/base.txt');
    expect(stateOf(path.join(dir, 'templates/base.txt'))).toEqual(inside);
    expect(stateOf(path.join(outside, 'Dockerfile'))).toEqual(out);
    expect(read(dir, 'app.Dockerfile')).toBe(PIP_DF_AFTER);
    expect(leftovers(dir)).toEqual([]);
    expect(entries(outside)).toEqual(['Dockerfile']);
  });

  test('a link named on the command line is not written through either', async () => {
    const outside = treeOf({ 'real.Dockerfile': PIP_DF });
    const dir = scratch();
    fs.symlinkSync(path.join(outside, 'real.Dockerfile'), path.join(dir, 'Dockerfile'));
    const out = stateOf(path.join(outside, 'real.Dockerfile'));
    const run = await cli(['--write', 'Dockerfile'], dir);
    expect(run.code).toBe(0);
    expect(reported(run.stderr).get('Dockerfile')).toEqual({ status: 'skipped', reason: expect.stringMatching(/symbolic link/) });
    expect(stateOf(path.join(outside, 'real.Dockerfile'))).toEqual(out);
    expect(fs.lstatSync(path.join(dir, 'Dockerfile')).isSymbolicLink()).toBe(true);
  });

  const OUT_SCRIPT = '#!/bin/sh\napt-get update\napt-get install -y --no-install-recommends curl\napt-get clean\n';

  test.each([
    ['COPY . /src', 'bash /src/scripts/install.sh'],
    ['COPY scripts/ /opt/scripts/', 'bash /opt/scripts/install.sh'],
    ['COPY scripts /opt/scripts', '/opt/scripts/install.sh'],
  ])('a script reached through a linked folder outside the root (%s; RUN %s) is not followed, is reported, and stays untouched', async (copy, runCmd) => {
    const outside = treeOf({ 'install.sh': OUT_SCRIPT });
    const dir = treeOf({ Dockerfile: `FROM debian:bookworm\n${copy}\nRUN ${runCmd}\nRUN pip install --no-cache-dir flask\n` });
    fs.symlinkSync(outside, path.join(dir, 'scripts'));
    const out = stateOf(path.join(outside, 'install.sh'));

    const json = await cli(['--format', 'json', '.'], dir);
    const run = await cli(['--write', '.'], dir);
    expect([json.code, run.code]).toEqual([0, 0]);
    // never touched, whatever the report says
    expect(stateOf(path.join(outside, 'install.sh'))).toEqual(out);
    expect(entries(outside)).toEqual(['install.sh']);
    // the Dockerfile itself is still handled
    expect(read(dir, 'Dockerfile')).toContain('--mount=type=cache,target=/root/.cache/pip');
    // and the report says why the script was not followed
    const files = jsonFiles(json.stdout);
    expect(files.map((f) => f.path)).toEqual(['Dockerfile']);
    const notes = files[0].notes.map((n) => n.message);
    expect(notes).toEqual(expect.arrayContaining([expect.stringMatching(/install\.sh.*(symbolic link|outside)/)]));
  });

  test('a script that is itself a link is not followed (reported); the file it points at stays untouched', async () => {
    const dir = treeOf({
      Dockerfile: 'FROM debian:bookworm\nCOPY . /src\nRUN sh /src/install.sh\n',
      'lib/real-install.sh': OUT_SCRIPT,
    });
    fs.symlinkSync('lib/real-install.sh', path.join(dir, 'install.sh'));
    const real = stateOf(path.join(dir, 'lib/real-install.sh'));
    const json = await cli(['--format', 'json', '.'], dir);
    const df = jsonFiles(json.stdout).find((f) => f.path === 'Dockerfile')!;
    expect(df.notes.map((n) => n.message)).toEqual(expect.arrayContaining([expect.stringMatching(/install\.sh.*symbolic link/)]));
    const run = await cli(['--write', '.'], dir);
    expect(run.code).toBe(0);
    expect(stateOf(path.join(dir, 'lib/real-install.sh'))).toEqual(real);
    expect(fs.lstatSync(path.join(dir, 'install.sh')).isSymbolicLink()).toBe(true);
  });
});

describe('unwritable and unreadable entries', () => {
  test('a read-only (0444) Dockerfile is reported as read-only and left alone (exit 3); the other file is written', async () => {
    const dir = treeOf({ 'ro/Dockerfile': PIP_DF, 'rw/Dockerfile': PIP_DF });
    fs.chmodSync(path.join(dir, 'ro/Dockerfile'), 0o444);
    const ro = stateOf(path.join(dir, 'ro/Dockerfile'));
    const dry = await cli(['.'], dir);
    // nothing is written by a dry run, so nothing has failed yet
    expect(dry.code).toBe(0);
    const run = await cli(['--write', '.'], dir);
    expect(run.code).toBe(3);
    expect(reported(run.stderr).get('ro/Dockerfile')).toEqual({ status: 'failed', reason: expect.stringMatching(/read-only/) });
    expect(stateOf(path.join(dir, 'ro/Dockerfile'))).toEqual(ro);
    expect(read(dir, 'rw/Dockerfile')).toBe(PIP_DF_AFTER);
    expect(summary(run.stderr)).toEqual({ changed: 1, unchanged: 0, skipped: 0, failed: 1 });
    expect(leftovers(dir)).toEqual([]);
  });

  test('a read-only script reached by a RUN is reported as read-only and left alone (exit 3)', async () => {
    const script = '#!/bin/sh\napt-get update\napt-get install -y curl\nrm -rf /var/lib/apt/lists/*\n';
    const dir = treeOf({ Dockerfile: 'FROM debian:bookworm\nCOPY setup.sh /setup.sh\nRUN sh /setup.sh\n', 'setup.sh': script });
    fs.chmodSync(path.join(dir, 'setup.sh'), 0o444);
    const before = stateOf(path.join(dir, 'setup.sh'));
    const run = await cli(['--write', '--no-apt-keep-downloaded', '.'], dir);
    expect(run.code).toBe(3);
    expect(reported(run.stderr).get('setup.sh')).toEqual({ status: 'failed', reason: expect.stringMatching(/read-only/) });
    expect(stateOf(path.join(dir, 'setup.sh'))).toEqual(before);
    expect(leftovers(dir)).toEqual([]);
  });

  test('directories named like Dockerfiles are searched, not read; the run continues and writes the real Dockerfile', async () => {
    const dir = treeOf({ 'Dockerfile/README.md': 'not a Dockerfile\n', 'svc/Dockerfile': PIP_DF });
    fs.mkdirSync(path.join(dir, 'empty.Dockerfile'));
    fs.mkdirSync(path.join(dir, 'Containerfile.d'));
    const run = await cli(['--write', '.'], dir);
    expect(run.code).toBe(0);
    expect(run.stderr).not.toMatch(/internal error|EISDIR/);
    expect(read(dir, 'svc/Dockerfile')).toBe(PIP_DF_AFTER);
    expect(read(dir, 'Dockerfile/README.md')).toBe('not a Dockerfile\n');
    // named on the command line, such a directory is a root like any other
    const named = await cli(['--check', 'Dockerfile'], dir);
    expect(named.code).toBe(0);
  });

  (HAVE_MKFIFO ? test : test.skip)('a FIFO named like a Dockerfile does not hang the run, searched or named on the command line', async () => {
    const dir = treeOf({ 'svc/Dockerfile': PIP_DF });
    execFileSync('mkfifo', [path.join(dir, 'Dockerfile')]);
    execFileSync('mkfifo', [path.join(dir, 'svc/Dockerfile.pipe')]);
    const run = await cli(['--write', '.'], dir, { timeoutMs: 20000 });
    expect(run.signal).toBeNull();
    expect([0, 3]).toContain(run.code);
    expect(read(dir, 'svc/Dockerfile')).toBe(PIP_DF_AFTER);
    const named = await cli(['--write', 'Dockerfile'], dir, { timeoutMs: 20000 });
    expect(named.signal).toBeNull();
    expect(reported(named.stderr).get('Dockerfile')?.reason).toMatch(/not a regular file/);
    expect(fs.lstatSync(path.join(dir, 'Dockerfile')).isFIFO()).toBe(true);
  });

  // Root reads anything, so when the tests run as root the CLI is run as nobody.
  const unprivileged = !IS_ROOT ? {} : HAVE_SETPRIV ? { asUser: { uid: 65534, gid: 65534 } } : null;
  (unprivileged ? test : test.skip)('an unreadable Dockerfile and an unreadable folder are reported with the reason; exit 3; the rest is written', async () => {
    const dir = treeOf({ 'locked/Dockerfile': PIP_DF, 'sealed/svc/Dockerfile': PIP_DF, 'open/Dockerfile': PIP_DF });
    if (IS_ROOT) {
      // the unprivileged user must be able to reach and write the tree
      for (const d of ['', 'locked', 'sealed', 'sealed/svc', 'open']) fs.chmodSync(path.join(dir, d), 0o777);
      for (const f of ['locked/Dockerfile', 'sealed/svc/Dockerfile', 'open/Dockerfile']) fs.chownSync(path.join(dir, f), 65534, 65534);
    }
    fs.chmodSync(path.join(dir, 'locked/Dockerfile'), 0o000);
    fs.chmodSync(path.join(dir, 'sealed'), 0o000);
    const locked = stateOf(path.join(dir, 'locked/Dockerfile'));
    const run = await cli(['--write', '.'], dir, unprivileged!);
    fs.chmodSync(path.join(dir, 'sealed'), 0o755);
    const rep = reported(run.stderr);
    expect(rep.get('locked/Dockerfile')?.reason).toMatch(/EACCES|permission|cannot read/i);
    expect(rep.get('sealed')?.reason).toMatch(/EACCES|permission|cannot read/i);
    expect(stateOf(path.join(dir, 'locked/Dockerfile'))).toEqual(locked);
    expect(read(dir, 'open/Dockerfile')).toBe(PIP_DF_AFTER);
    // README: 3 = "at least one file could not be read, verified or written"
    expect(run.code).toBe(3);
  });
});

describe('nothing from the scanned tree is executed', () => {
  test('scripts reached every way a RUN can reach them, a hostile .git and a trapped PATH run nothing (dry run, --check, json, --write)', async () => {
    const markers = scratch('cachemount-markers-');
    const mark = (name: string): string => `touch '${path.join(markers, name)}'`;
    const script = (name: string): string =>
      `#!/bin/sh\n${mark(name)}\napt-get update\napt-get install -y --no-install-recommends curl\napt-get clean\n`;
    const files: Record<string, string> = {
      Dockerfile: [
        'FROM debian:bookworm',
        'SHELL ["/bin/bash", "-o", "pipefail", "-c"]',
        'COPY . /src',
        'COPY tools/on-path.sh /usr/local/bin/on-path.sh',
        'WORKDIR /src',
        'RUN bash x.sh',
        'RUN ./x.sh',
        'RUN source ./sourced.sh',
        'RUN . /src/dotted.sh',
        `RUN sh -c 'bash /src/inline.sh'`,
        'RUN sh -c "./x.sh && true"',
        'RUN on-path.sh',
        'RUN /src/tools/absolute.sh',
        'RUN echo "$(./x.sh)" `./x.sh`',
        'RUN ["/src/exec-form.sh"]',
        'RUN ["/bin/sh", "-c", "/src/x.sh"]',
        'RUN <<EOF',
        './heredoc.sh',
        'EOF',
        'RUN --mount=type=bind,source=tools,target=/mnt/tools bash /mnt/tools/bound.sh',
        `RUN ${mark('dockerfile-run')} && apt-get update && apt-get install -y jq`,
        '',
      ].join('\n'),
      'x.sh': `${script('x')}. "$(dirname "$0")/tools/sibling.sh"\n`,
      'sourced.sh': script('sourced'),
      'dotted.sh': script('dotted'),
      'inline.sh': script('inline'),
      'exec-form.sh': script('exec-form'),
      'heredoc.sh': script('heredoc'),
      'tools/on-path.sh': script('on-path'),
      'tools/absolute.sh': script('absolute'),
      'tools/bound.sh': script('bound'),
      'tools/sibling.sh': script('sibling'),
      // if the tool ever ran git in the tree, this fsmonitor hook would fire
      '.git/config': `[core]\n\trepositoryformatversion = 0\n\tfsmonitor = "${mark('git-fsmonitor')}"\n\thooksPath = .git/hooks\n`,
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.git/hooks/post-checkout': `#!/bin/sh\n${mark('git-hook')}\n`,
      '.gitignore': 'build/\n',
      'package.json': JSON.stringify({ name: 'trap', scripts: { preinstall: mark('npm'), test: mark('npm-test') } }),
    };
    // commands the tool might spawn by name: the tree's bin/ comes first on PATH
    for (const name of ['bash', 'sh', 'dash', 'git', 'docker', 'buildah', 'podman', 'hadolint', 'shellcheck', 'npm', 'node']) {
      files[`bin/${name}`] = `#!/bin/sh\n${mark(`path-${name}`)}\nexit 0\n`;
    }
    const dir = treeOf(files);
    for (const f of Object.keys(files)) if (/\.sh$|^bin\/|hooks\//.test(f)) fs.chmodSync(path.join(dir, f), 0o755);
    const env = { PATH: `${path.join(dir, 'bin')}${path.delimiter}${process.env.PATH ?? ''}` };

    const json = await cli(['--format', 'json', '.'], dir, { env });
    const dry = await cli(['.'], dir, { env });
    const check = await cli(['--check', '.'], dir, { env });
    const write = await cli(['--write', '.'], dir, { env });
    expect(fs.readdirSync(markers)).toEqual([]);
    expect({ json: json.code, dry: dry.code, check: check.code, write: write.code }).toEqual({ json: 0, dry: 0, check: 1, write: 0 });

    // not vacuous: the tool did read these scripts as the RUNs' own
    const followed = jsonFiles(json.stdout).filter((f) => f.executedBy?.length).map((f) => f.path);
    expect(followed).toEqual(expect.arrayContaining(['x.sh', 'sourced.sh', 'dotted.sh', 'inline.sh', 'tools/on-path.sh', 'tools/absolute.sh', 'tools/bound.sh', 'tools/sibling.sh']));
    // the written scripts still do what they did (the marker line is intact)
    expect(read(dir, 'x.sh')).toContain(mark('x'));
  });
});

describe('stderr lists every skipped or failed file; exit codes 0, 1, 2, 3', () => {
  const LATIN1 = Buffer.concat([Buffer.from('FROM debian:bookworm\n# D'), Buffer.from([0xe9]), Buffer.from('pendances\nRUN pip install --no-cache-dir flask\n')]);
  const BINARY = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x0b, 0xf2]);
  const BIG = `${PIP_DF}${'# padding to pass the size limit\n'.repeat(10)}`;

  function mixedTree(): string {
    const dir = treeOf({
      'good/Dockerfile': PIP_DF,
      'same/Dockerfile': 'FROM python:3.12-slim\nRUN echo nothing to do\n',
      'tmpl/Dockerfile': 'FROM {{ base_image }}\nRUN pip install --no-cache-dir flask\n',
      'latin1/Dockerfile': LATIN1,
      'bin/Dockerfile.gz': BINARY,
      'big/Dockerfile': BIG,
      'ro/Dockerfile': PIP_DF,
      'target.txt': PIP_DF,
    });
    fs.symlinkSync('../target.txt', path.join(dir, 'good/Dockerfile.link'));
    fs.chmodSync(path.join(dir, 'ro/Dockerfile'), 0o444);
    return dir;
  }
  const maxSize = String(BIG.length - 1);
  const SKIPPED: Array<[string, RegExp]> = [
    ['tmpl/Dockerfile', /template/],
    ['latin1/Dockerfile', /UTF-8/],
    ['bin/Dockerfile.gz', /binary|UTF-8/],
    ['big/Dockerfile', new RegExp(`larger than ${maxSize} bytes`)],
    ['good/Dockerfile.link', /symbolic link/],
  ];

  test('--write: one stderr line per skipped or failed file with its reason, a matching summary, exit 3', async () => {
    const dir = mixedTree();
    const run = await cli(['--write', '--max-size', maxSize, '.'], dir);
    expect(run.code).toBe(3);
    const rep = reported(run.stderr);
    for (const [p, reason] of SKIPPED) expect({ p, r: rep.get(p) }).toEqual({ p, r: { status: 'skipped', reason: expect.stringMatching(reason) } });
    expect(rep.get('ro/Dockerfile')).toEqual({ status: 'failed', reason: expect.stringMatching(/read-only/) });
    expect([...rep.keys()].sort()).toEqual([...SKIPPED.map(([p]) => p), 'ro/Dockerfile'].sort());
    expect(summary(run.stderr)).toEqual({ changed: 1, unchanged: 1, skipped: SKIPPED.length, failed: 1 });
    expect(read(dir, 'good/Dockerfile')).toBe(PIP_DF_AFTER);
    expect(read(dir, 'target.txt')).toBe(PIP_DF);
    expect(read(dir, 'big/Dockerfile')).toBe(BIG);
    expect(fs.readFileSync(path.join(dir, 'latin1/Dockerfile'))).toEqual(LATIN1);
  });

  test('dry run of the same tree: the same skipped lines, exit 0 (skips do not change the exit code)', async () => {
    const dir = mixedTree();
    const run = await cli(['--max-size', maxSize, '.'], dir);
    expect(run.code).toBe(0);
    const rep = reported(run.stderr);
    expect([...rep.keys()].sort()).toEqual(SKIPPED.map(([p]) => p).sort());
    expect(run.stdout).toContain('diff --git a/good/Dockerfile b/good/Dockerfile\n');
  });

  test('exit 0: nothing to change (dry run, --check, --write)', async () => {
    const dir = treeOf({ Dockerfile: PIP_DF_AFTER });
    const runs = await Promise.all([cli(['.'], dir), cli(['--check', '.'], dir), cli(['--write', '.'], dir)]);
    expect(runs.map((r) => [r.code, r.stdout])).toEqual([
      [0, ''],
      [0, ''],
      [0, ''],
    ]);
    expect(summary(runs[2].stderr)).toEqual({ changed: 0, unchanged: 1, skipped: 0, failed: 0 });
  });

  test('exit 1: --check with work to do prints the diff and writes nothing', async () => {
    const dir = treeOf({ Dockerfile: PIP_DF });
    const run = await cli(['--check', '.'], dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('+RUN --mount=type=cache,target=/root/.cache/pip \\');
    expect(summary(run.stderr)).toEqual({ changed: 1, unchanged: 0, skipped: 0, failed: 0 });
    expect(read(dir, 'Dockerfile')).toBe(PIP_DF);
  });

  test('exit 2: usage errors and missing paths, one line on stderr, nothing on stdout, nothing written', async () => {
    const dir = treeOf({ Dockerfile: PIP_DF });
    const cases = [['no-such-dir'], ['--frobnicate'], ['--write', '--check', '.'], ['--max-size', '0', '.'], ['--max-size', 'lots', '.'], ['--format', 'xml', '.']];
    const runs = await Promise.all(cases.map((args) => cli(args, dir)));
    for (let i = 0; i < cases.length; i++) {
      const r = runs[i];
      expect({ args: cases[i], code: r.code, stdout: r.stdout, lines: r.stderr.split('\n').filter(Boolean).length }).toEqual({ args: cases[i], code: 2, stdout: '', lines: 1 });
    }
    expect(read(dir, 'Dockerfile')).toBe(PIP_DF);
  });

  test('the fidelity trees of files that are not Dockerfiles: each is reported as skipped with its reason', async () => {
    const base = path.join(REPO, '__testfixtures__', 'fidelity');
    const expectations: Array<[string, string[], Array<[string, RegExp]>]> = [
      [
        'not-dockerfiles-templates',
        [],
        [
          ['jinja/Dockerfile.j2', /template/],
          ['library/Dockerfile.template', /template/],
          ['autoconf/Dockerfile.in', /template/],
        ],
      ],
      ['not-dockerfiles-erb', [], [['erb/Dockerfile.erb', /template/]]],
      [
        'not-dockerfiles-encoding',
        [],
        [
          ['legacy/Dockerfile', /UTF-8/],
          ['windows-editor/Dockerfile', /binary|UTF-8|UTF-16/],
          ['archive/Dockerfile.gz', /binary|UTF-8/],
        ],
      ],
      ['not-dockerfiles-size', ['--max-size', '200'], [['big/Dockerfile', /larger than 200 bytes/]]],
    ];
    for (const [name, args, skipped] of expectations) {
      const dir = scratch();
      fs.cpSync(path.join(base, name, 'input'), dir, { recursive: true });
      const run = await cli([...args, '.'], dir);
      const rep = reported(run.stderr);
      expect({ name, code: run.code }).toEqual({ name, code: 0 });
      for (const [p, reason] of skipped) expect({ name, p, r: rep.get(p) }).toEqual({ name, p, r: { status: 'skipped', reason: expect.stringMatching(reason) } });
      expect({ name, files: [...rep.keys()].sort() }).toEqual({ name, files: skipped.map(([p]) => p).sort() });
      // the normal Dockerfile next to them is still diffed
      expect({ name, diffed: run.stdout.includes('diff --git a/Dockerfile b/Dockerfile\n') }).toEqual({ name, diffed: true });
    }
  });
});
