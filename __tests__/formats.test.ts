/**
 * The report formats, through the built CLI: SARIF (checked by Microsoft's SARIF
 * validator, and its fixes applied must give exactly the rewritten files), GitHub
 * workflow commands, the Markdown pull request body, and each with --check and --write.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO, cli, tempDir, writeTree } from './helpers';

const TRANSFORM_IDS = ['add-cache-mounts', 'add-cache-options', 'drop-cache-disabling-flags', 'keep-cache-on-cleanup', 'keep-downloaded-packages'];

/** A small repository with a Dockerfile, a script its RUN runs, and a file name GitHub must escape. */
function repo(): string {
  return writeTree(tempDir('cachemount-formats-'), {
    Dockerfile: [
      'FROM debian:bookworm',
      'COPY scripts/setup.sh /setup.sh',
      'RUN apt-get update && apt-get install -y --no-install-recommends curl && \\',
      '    rm -rf /var/lib/apt/lists/*',
      'RUN /setup.sh',
      '',
    ].join('\n'),
    'scripts/setup.sh': '#!/bin/sh\nset -e\npip install --no-cache-dir flask\n# 100% sure this is needed\npip cache purge\n',
    'svc/Dockerfile.web,v2:final': 'FROM node:20-alpine\r\nRUN apk add --no-cache git \\\r\n && npm ci\r\n',
  });
}

interface Edit {
  transform: string;
  line: number;
  reason: string;
}

async function jsonEdits(dir: string): Promise<Map<string, Edit[]>> {
  const r = await cli(['--format', 'json', '.'], dir);
  expect(r.code).toBe(0);
  const report = JSON.parse(r.stdout) as { roots: Array<{ files: Array<{ path: string; status: string; edits: Edit[] }> }> };
  return new Map(report.roots[0].files.filter((f) => f.status === 'changed').map((f) => [f.path, f.edits]));
}

/** The files as --write leaves them, from a copy of the repository. */
async function written(dir: string): Promise<Map<string, string>> {
  const copy = tempDir('cachemount-formats-w-');
  fs.cpSync(dir, copy, { recursive: true });
  expect((await cli(['--write', '.'], copy)).code).toBe(0);
  const out = new Map<string, string>();
  for (const f of ['Dockerfile', 'scripts/setup.sh', 'svc/Dockerfile.web,v2:final']) out.set(f, fs.readFileSync(path.join(copy, f), 'utf8'));
  return out;
}

interface SarifLog {
  version: string;
  runs: Array<{
    tool: { driver: { name: string; version: string; informationUri: string; rules: Array<{ id: string; helpUri: string; help: { text: string } }> } };
    results: Array<{
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number; endLine: number } } }>;
      fixes: Array<{ artifactChanges: Array<{ artifactLocation: { uri: string }; replacements: Array<{ deletedRegion: { charOffset: number; charLength: number }; insertedContent?: { text: string } }> }> }>;
    }>;
  }>;
}

describe('--format sarif', () => {
  let dir = '';
  let log: SarifLog;
  let raw = '';
  beforeAll(async () => {
    dir = repo();
    const r = await cli(['--format', 'sarif', '.'], dir);
    expect(r.code).toBe(0);
    raw = r.stdout;
    log = JSON.parse(raw) as SarifLog;
  });

  test("Microsoft's SARIF validator reports no error and no warning", () => {
    const file = path.join(dir, 'out.sarif');
    fs.writeFileSync(file, raw);
    const validator = require('@microsoft/sarif-multitool') as string;
    const out = path.join(dir, 'validation.sarif');
    const v = spawnSync(validator, ['validate', file, '--output', out, '--level', 'Error;Warning', '--log', 'ForceOverwrite'], { encoding: 'utf8' });
    expect(v.error).toBeUndefined();
    const validation = JSON.parse(fs.readFileSync(out, 'utf8')) as { runs: Array<{ results?: Array<{ level?: string; ruleId: string; message: { text?: string } }> }> };
    const found = (validation.runs[0].results ?? []).filter((x) => x.level === 'error' || x.level === 'warning' || x.level === undefined);
    expect(found.map((x) => `${x.ruleId}: ${x.message.text ?? ''}`)).toEqual([]);
    expect(v.status).toBe(0);
  });

  test('a rule per transform, with help and a link to its documentation anchor', () => {
    const driver = log.runs[0].tool.driver;
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string };
    expect(log.version).toBe('2.1.0');
    expect(driver.name).toBe('cachemount');
    expect(driver.version).toBe(pkg.version);
    expect(driver.informationUri).toMatch(/^https:\/\//);
    expect(driver.rules.map((r) => r.id)).toEqual(TRANSFORM_IDS);
    const docs = fs.readFileSync(path.join(REPO, 'docs', 'transforms.md'), 'utf8');
    for (const rule of driver.rules) {
      expect(rule.helpUri.endsWith(`/docs/transforms.md#${rule.id}`)).toBe(true);
      expect(docs).toContain(`\n## ${rule.id}\n`);
      expect(rule.help.text.length).toBeGreaterThan(40);
    }
  });

  test('one result per edit, at the lines the JSON report gives, with the reason as message', async () => {
    const edits = await jsonEdits(dir);
    const results = log.runs[0].results;
    expect(results.length).toBe([...edits.values()].reduce((n, e) => n + e.length, 0));
    for (const [file, list] of edits) {
      const mine = results.filter((r) => decodeURIComponent(r.locations[0].physicalLocation.artifactLocation.uri) === file);
      expect(mine.map((r) => [r.ruleId, r.locations[0].physicalLocation.region.startLine, r.message.text])).toEqual(list.map((e) => [e.transform, e.line, e.reason]));
      for (const r of mine) {
        expect(r.level).toBe('warning');
        expect(r.locations[0].physicalLocation.artifactLocation.uriBaseId).toBe('%SRCROOT%');
        expect(log.runs[0].tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
      }
    }
  });

  test("the fixes, applied to the files, give exactly what --write writes", async () => {
    const expected = await written(dir);
    const byFile = new Map<string, Array<{ offset: number; length: number; text: string }>>();
    for (const r of log.runs[0].results) {
      for (const fix of r.fixes) {
        for (const change of fix.artifactChanges) {
          const file = decodeURIComponent(change.artifactLocation.uri);
          for (const rep of change.replacements) byFile.set(file, [...(byFile.get(file) ?? []), { offset: rep.deletedRegion.charOffset, length: rep.deletedRegion.charLength, text: rep.insertedContent?.text ?? '' }]);
        }
      }
    }
    expect([...byFile.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [file, reps] of byFile) {
      let text = fs.readFileSync(path.join(dir, file), 'utf8');
      // from the end, so earlier offsets stay valid (insertions at one offset keep their order)
      const ordered = reps.map((x, i) => ({ ...x, i })).sort((a, b) => b.offset - a.offset || b.i - a.i);
      for (const x of ordered) text = text.slice(0, x.offset) + x.text + text.slice(x.offset + x.length);
      expect({ file, text }).toEqual({ file, text: expected.get(file) });
    }
  });
});

describe('--format github', () => {
  test('one ::warning line per edit and nothing else; file names and messages escaped', async () => {
    const dir = repo();
    const edits = await jsonEdits(dir);
    const r = await cli(['--format', 'github', '.'], dir);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.length).toBe([...edits.values()].reduce((n, e) => n + e.length, 0));
    for (const l of lines) expect(l).toMatch(/^::warning file=[^,:]+,line=\d+,endLine=\d+,title=cachemount [a-z-]+::[^\r\n]+$/);
    const escaped = lines.filter((l) => l.startsWith('::warning file=svc/Dockerfile.web%2Cv2%3Afinal,'));
    expect(escaped.length).toBe(edits.get('svc/Dockerfile.web,v2:final')!.length);
    const first = edits.get('Dockerfile')![0];
    expect(lines[0]).toBe(`::warning file=Dockerfile,line=${first.line},endLine=${first.line},title=cachemount ${first.transform}::${first.reason.replace(/%/g, '%25')}`);
  });
});

describe('every format with --check and --write', () => {
  const formats = ['diff', 'json', 'markdown', 'sarif', 'github'];
  test.each(formats)('%s: --check exits 1 and reports; after --write, --check exits 0', async (format) => {
    const dir = repo();
    const check = await cli(['--check', '--format', format, '.'], dir);
    expect(check.code).toBe(1);
    expect(check.stdout.length).toBeGreaterThan(0);
    expect(check.stderr).toContain('would change');
    const write = await cli(['--write', '--format', format, '.'], dir);
    expect(write.code).toBe(0);
    expect(write.stderr).toContain('3 changed');
    if (format === 'sarif') expect((JSON.parse(write.stdout) as SarifLog).runs[0].results.length).toBeGreaterThan(0);
    if (format === 'github') expect(write.stdout).toMatch(/^::warning /);
    if (format === 'diff') expect(write.stdout).toBe('');
    const again = await cli(['--check', '--format', format, '.'], dir);
    expect(again.code).toBe(0);
    if (format === 'github' || format === 'diff') expect(again.stdout).toBe('');
    if (format === 'sarif') expect((JSON.parse(again.stdout) as SarifLog).runs[0].results).toEqual([]);
  });
});

describe('--format markdown', () => {
  test('the pull request body: what changed and why per file, with links to the transforms\' docs', async () => {
    const dir = repo();
    const r = await cli(['--format', 'markdown', '.'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^# Use BuildKit cache mounts for apt, pip, apk and npm\n/);
    expect(r.stdout).toContain('## What this changes');
    expect(r.stdout).toContain('### `Dockerfile`');
    expect(r.stdout).toContain('### `scripts/setup.sh`');
    expect(r.stdout).toContain('## How this was checked');
    for (const id of ['add-cache-mounts', 'keep-cache-on-cleanup', 'drop-cache-disabling-flags', 'add-cache-options']) {
      expect(r.stdout).toMatch(new RegExp(`\\[\`${id}\`\\]\\(https://[^)]*/docs/transforms\\.md#${id}\\)`));
    }
  });
});
