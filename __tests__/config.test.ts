/**
 * Config files, --ignore-pattern, --managers/--transforms and the progress display,
 * through the built CLI (and the progress printer on a fake terminal).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cli, tempDir, writeTree } from './helpers';
import { progressPrinter } from '../src/progress';

const PIP_AND_APT = 'FROM debian:bookworm\nRUN apt-get update && apt-get install -y python3-pip\nRUN pip install --no-cache-dir flask && rm -rf /root/.cache/pip/*\n';

/** A repository (with .git) holding the files. */
function repo(files: Record<string, string>): string {
  const dir = writeTree(tempDir('cachemount-config-'), files);
  fs.mkdirSync(path.join(dir, '.git'));
  return dir;
}

/** The mount targets the diff adds. */
function mounted(diff: string): string[] {
  return [...new Set([...diff.matchAll(/^\+.*--mount=type=cache,target=([^,\s]+)/gm)].map((m) => m[1]))].sort();
}

describe('config file discovery', () => {
  test.each(['.cachemount.yaml', '.cachemount.yml', '.cachemount.json'])('%s in a parent folder up to the repository root applies', async (name) => {
    const body = name.endsWith('.json') ? '{ "managers": ["apt"] }\n' : 'managers: [apt]\n';
    const dir = repo({ [name]: body, 'svc/api/Dockerfile': PIP_AND_APT });
    const r = await cli(['svc/api'], dir);
    expect(r.code).toBe(0);
    expect(mounted(r.stdout)).toEqual(['/var/cache/apt', '/var/lib/apt']);
    // the pip RUN is untouched, flag and cleanup included
    expect(r.stdout).not.toContain('-RUN pip install');
  });

  test('the search stops at the repository root', async () => {
    const outer = writeTree(tempDir('cachemount-config-outer-'), { '.cachemount.yaml': 'managers: [apt]\n' });
    const inner = path.join(outer, 'checkout');
    writeTree(inner, { Dockerfile: PIP_AND_APT });
    fs.mkdirSync(path.join(inner, '.git'));
    const r = await cli(['.'], inner);
    expect(mounted(r.stdout)).toEqual(['/root/.cache/pip', '/var/cache/apt', '/var/lib/apt']);
  });

  test('the nearest config file wins', async () => {
    const dir = repo({ '.cachemount.yaml': 'managers: [apt]\n', 'svc/.cachemount.yaml': 'managers: [pip]\n', 'svc/Dockerfile': PIP_AND_APT });
    expect(mounted((await cli(['svc'], dir)).stdout)).toEqual(['/root/.cache/pip']);
  });

  test('--config names a file anywhere; --no-config uses none', async () => {
    const dir = repo({ '.cachemount.yaml': 'managers: [apt]\n', 'Dockerfile': PIP_AND_APT, 'ci/pip-only.json': '{"managers": ["pip"]}' });
    expect(mounted((await cli(['--config', 'ci/pip-only.json', '.'], dir)).stdout)).toEqual(['/root/.cache/pip']);
    expect(mounted((await cli(['--no-config', '.'], dir)).stdout)).toEqual(['/root/.cache/pip', '/var/cache/apt', '/var/lib/apt']);
  });
});

describe('precedence: the command line over the config file over the defaults', () => {
  test('--managers replaces the file\'s managers; --comments wins over comments: false', async () => {
    const dir = repo({
      '.cachemount.yaml': 'managers: [apt]\ncomments: false\n',
      Dockerfile: 'FROM python:3.12\nCOPY s.sh /s.sh\nRUN sh /s.sh\n',
      's.sh': '#!/bin/sh\npip install flask\npip cache purge\n',
    });
    const fromFile = await cli(['.'], dir);
    expect(fromFile.stdout).toBe('');
    const r = await cli(['--managers', 'pip', '.'], dir);
    expect(mounted(r.stdout)).toEqual(['/root/.cache/pip']);
    expect(r.stdout).not.toContain('(cachemount)');
    const commented = await cli(['--managers', 'pip', '--comments', '.'], dir);
    expect(commented.stdout).toContain('no cleanup needed (cachemount)');
  });

  test('transforms: only those apply, and the safety rule still holds', async () => {
    const dir = repo({ '.cachemount.yml': 'transforms:\n  - add-cache-mounts\n', Dockerfile: PIP_AND_APT });
    const r = await cli(['.'], dir);
    expect(mounted(r.stdout)).toEqual(['/root/.cache/pip', '/var/cache/apt', '/var/lib/apt']);
    expect(r.stdout).toContain(' pip install --no-cache-dir flask && rm -rf /root/.cache/pip/*');
    expect(r.stdout).not.toContain('docker-clean');
  });

  test('maxSize and aptKeepDownloaded from the file', async () => {
    const dir = repo({ '.cachemount.json': '{"maxSize": 10, "aptKeepDownloaded": false}', Dockerfile: PIP_AND_APT });
    const r = await cli(['--verbose', '.'], dir);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('larger than 10 bytes');
    const big = await cli(['--max-size', '100000', '.'], dir);
    expect(mounted(big.stdout)).toContain('/var/cache/apt');
    expect(big.stdout).not.toContain('docker-clean');
  });
});

describe('config errors are usage errors (exit 2) naming the key and the file', () => {
  const cases: Array<[string, string, string, RegExp]> = [
    ['an unknown key', '.cachemount.yaml', 'manager: [apt]\n', /\.cachemount\.yaml: unknown key "manager"/],
    ['a wrong type', '.cachemount.yaml', 'maxSize: big\n', /\.cachemount\.yaml: "maxSize" must be a positive number of bytes, not "big"/],
    ['a boolean given as a string', '.cachemount.json', '{"comments": "no"}', /\.cachemount\.json: "comments" must be true or false, not "no"/],
    ['an unknown manager', '.cachemount.yml', 'managers: [apt, brew]\n', /\.cachemount\.yml: "managers" names unknown package managers "brew"/],
    ['a list given as a string', '.cachemount.yaml', 'ignore: vendor/\n', /\.cachemount\.yaml: "ignore" must be a list of non-empty strings/],
    ['broken YAML', '.cachemount.yaml', 'managers: [apt\n', /\.cachemount\.yaml: not valid YAML/],
    ['broken JSON', '.cachemount.json', '{"managers": [apt]}', /\.cachemount\.json: not valid JSON/],
    ['a key given twice', '.cachemount.yaml', 'comments: true\ncomments: false\n', /\.cachemount\.yaml: not valid YAML/],
    ['not a mapping', '.cachemount.yaml', '- apt\n', /\.cachemount\.yaml: must be a mapping/],
  ];
  test.each(cases)('%s', async (_what, name, body, message) => {
    const dir = repo({ [name]: body, Dockerfile: PIP_AND_APT });
    const r = await cli(['.'], dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).toBe(PIP_AND_APT);
  });

  test('two config files in one folder', async () => {
    const dir = repo({ '.cachemount.yaml': 'managers: [apt]\n', '.cachemount.json': '{}', Dockerfile: PIP_AND_APT });
    const r = await cli(['.'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('more than one config file (.cachemount.yaml, .cachemount.json)');
  });

  test('an empty config file configures nothing', async () => {
    const dir = repo({ '.cachemount.yaml': '# nothing yet\n', Dockerfile: PIP_AND_APT });
    const r = await cli(['.'], dir);
    expect(r.code).toBe(0);
    expect(mounted(r.stdout)).toEqual(['/root/.cache/pip', '/var/cache/apt', '/var/lib/apt']);
  });

  test('--config with a missing file, --managers with an unknown id', async () => {
    const dir = repo({ Dockerfile: PIP_AND_APT });
    const a = await cli(['--config', 'nope.yaml', '.'], dir);
    expect(a.code).toBe(2);
    expect(a.stderr).toContain('nope.yaml: cannot read the config file (ENOENT)');
    const b = await cli(['--managers', 'apt,brew', '.'], dir);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('--managers: unknown "brew"');
  });
});

describe('ignore patterns', () => {
  const files = {
    'Dockerfile': 'FROM python:3.12\nCOPY tools/setup.sh /setup.sh\nRUN sh /setup.sh\n',
    'vendor/thing/Dockerfile': 'FROM python:3.12\nRUN pip install flask\n',
    'legacy/Dockerfile': 'FROM python:3.12\nCOPY tools/setup.sh /setup.sh\nRUN sh /setup.sh\n',
    'tools/setup.sh': '#!/bin/sh\npip install --no-cache-dir -r /req.txt\n',
  };

  test('"ignore" in a config file is relative to the file; an ignored Dockerfile still keeps a shared script as it needs', async () => {
    const dir = repo({ ...files, '.cachemount.yaml': 'ignore:\n  - vendor/\n  - /legacy/Dockerfile\n' });
    const r = await cli(['--format', 'json', '.'], dir);
    const report = JSON.parse(r.stdout) as { roots: Array<{ files: Array<{ path: string; status: string; notes: Array<{ message: string }> }> }> };
    const byPath = new Map(report.roots[0].files.map((f) => [f.path, f]));
    // ignored by a pattern: not reported, not changed
    expect(byPath.has('vendor/thing/Dockerfile')).toBe(false);
    expect(byPath.has('legacy/Dockerfile')).toBe(false);
    expect(byPath.get('Dockerfile')!.status).toBe('changed');
    // legacy/Dockerfile runs the script without a mount, so the flag stays
    expect(byPath.get('tools/setup.sh')!.status).toBe('unchanged');
    expect(byPath.get('tools/setup.sh')!.notes.map((n) => n.message).join('\n')).toContain('legacy/Dockerfile:3 does not mount');
  });

  test('--ignore-pattern is repeatable and relative to the current folder', async () => {
    const dir = repo(files);
    const r = await cli(['--ignore-pattern', 'vendor/**', '--ignore-pattern', 'legacy', '.'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('diff --git a/Dockerfile b/Dockerfile');
    expect(r.stdout).not.toContain('vendor/');
    expect(r.stdout).not.toContain('legacy/');
    const fromSub = await cli(['--ignore-pattern', 'thing', 'vendor'], dir);
    expect(fromSub.stdout).toBe('');
    const named = await cli(['--ignore-pattern', 'vendor', '--verbose', 'vendor/thing/Dockerfile'], dir);
    expect(named.stdout).toBe('');
    expect(named.stderr).toContain('ignored (matches an ignore pattern of --ignore-pattern)');
  });
});

describe('progress', () => {
  function fakeStream(tty: boolean): NodeJS.WriteStream & { written: string } {
    const s = { isTTY: tty, written: '', write(chunk: string): boolean { s.written += chunk; return true; } };
    return s as unknown as NodeJS.WriteStream & { written: string };
  }

  test('on a terminal: nothing for a moment, then one redrawn line, cleared at the end', () => {
    const saved = process.env.CI;
    delete process.env.CI;
    try {
      let now = 1000;
      const s = fakeStream(true);
      const p = progressPrinter(s, () => now);
      const update = p.update(0, 1);
      update({ phase: 'reading', done: 1, total: 50 });
      expect(s.written).toBe('');
      now += 800;
      update({ phase: 'reading', done: 20, total: 50 });
      expect(s.written).toBe('\r\x1b[Kcachemount: reading Dockerfiles 20/50');
      update({ phase: 'reading', done: 21, total: 50 });
      expect(s.written).toBe('\r\x1b[Kcachemount: reading Dockerfiles 20/50');
      now += 200;
      update({ phase: 'checking', done: 3, total: 9 });
      expect(s.written.endsWith('\r\x1b[Kcachemount: checking rewritten files 3/9')).toBe(true);
      p.done();
      expect(s.written.endsWith('\r\x1b[K')).toBe(true);
    } finally {
      if (saved !== undefined) process.env.CI = saved;
    }
  });

  test('not a terminal: nothing at all', () => {
    let now = 0;
    const s = fakeStream(false);
    const p = progressPrinter(s, () => now);
    now = 10_000;
    p.update(0, 1)({ phase: 'checking', done: 1, total: 2 });
    p.done();
    expect(s.written).toBe('');
  });

  test('the CLI writes no control characters to a stderr that is a pipe', async () => {
    const dir = repo({ Dockerfile: PIP_AND_APT });
    const r = await cli(['--check', '.'], dir);
    expect(r.stderr).toBe('cachemount: 1 would change, 0 unchanged, 0 skipped, 0 failed\n');
  });
});
