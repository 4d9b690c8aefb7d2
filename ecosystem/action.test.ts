/**
 * action.yml, run step by step as a GitHub runner runs a composite action
 * (action-runner.ts), with a fresh clone of this repository as the action's checkout:
 * the setup step builds the action's own code, or installs a given version with npm;
 * the check step runs `cachemount --check --format github|sarif`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ActionRun, runAction } from './action-runner';
import { APT_DOCKERFILE, CLEAN_DOCKERFILE, Clone, cloneWorkTree, removeTempDirs, run, runOk, tail, tempDir, testEnv, writeTree } from './support';

let env: NodeJS.ProcessEnv;
let clone: Clone;
let runnerTemp: string;

beforeAll(async () => {
  const home = tempDir('action');
  env = testEnv(home);
  runnerTemp = tempDir('runner-temp');
  clone = await cloneWorkTree(path.join(home, 'cachemount-action'), env);
}, 10 * 60_000);

afterAll(removeTempDirs);

/** A workspace with a Dockerfile that needs the change and a folder that does not. */
function workspace(): string {
  const dir = tempDir('workspace');
  writeTree(dir, { Dockerfile: APT_DOCKERFILE, 'clean/Dockerfile': CLEAN_DOCKERFILE, 'clean/app/run': '#!/bin/sh\n' });
  return dir;
}

function action(ws: string, inputs: Record<string, string>, extraEnv: NodeJS.ProcessEnv = {}): Promise<ActionRun> {
  return runAction({ actionPath: clone.dir, workspace: ws, with: inputs, env: { ...env, ...extraEnv }, runnerTemp });
}

function expectCode(r: ActionRun, code: number, what: string): void {
  if (r.code !== code) {
    const log = r.steps.map((s) => `--- step ${s.id} (exit ${s.code}) ---\n${tail(s.output, 60)}`).join('\n');
    throw new Error(`${what}: expected the action to exit ${code}, got ${r.code}\n${log}`);
  }
}

/** Fails, with the reason, when the CLI under test does not offer the format action.yml uses. */
async function requireFormat(format: string): Promise<void> {
  const empty = tempDir('empty');
  const r = await run(process.execPath, [path.join(clone.dir, 'bin', 'cachemount.js'), '--check', '--format', format, empty], { env });
  if (r.code !== 0) {
    throw new Error(`cachemount at ${clone.sha.slice(0, 12)} does not run '--check --format ${format}' (exit ${r.code}: ${r.output.trim()}); action.yml needs it`);
  }
}

/** The number of edits cachemount's JSON report lists for a tree. */
async function editCount(dir: string): Promise<number> {
  const r = await runOk(process.execPath, [path.join(clone.dir, 'bin', 'cachemount.js'), '--format', 'json', dir], { env });
  const report = JSON.parse(r.stdout) as { roots: Array<{ files: Array<{ edits: unknown[] }> }> };
  return report.roots.flatMap((root) => root.files).reduce((n, f) => n + f.edits.length, 0);
}

test("setup builds the action's own checkout (npm ci, npm run build); inputs are checked", async () => {
  expect(fs.existsSync(path.join(clone.dir, 'dist'))).toBe(false);
  const bad = await action(workspace(), { format: 'xml' });
  expectCode(bad, 2, 'format: xml');
  expect(bad.steps.map((s) => [s.id, s.code])).toEqual([['setup', 0], ['check', 2]]);
  expect(bad.steps[0]!.output).toMatch(/added \d+ packages/);
  expect(bad.steps[0]!.output).toContain('tsc -p tsconfig.json');
  expect(bad.steps[0]!.stdout).toMatch(/^cachemount \d+\.\d+\.\d+$/m);
  expect(fs.existsSync(path.join(clone.dir, 'dist', 'src', 'cli.js'))).toBe(true);
  expect(fs.existsSync(path.join(clone.dir, 'dist', 'bundle', 'cli.cjs'))).toBe(true);
  expect(bad.steps[1]!.stdout).toContain("::error title=cachemount::format must be github or sarif, not 'xml'");

  const flag = await action(workspace(), { 'fail-on-changes': 'yes' });
  expectCode(flag, 2, 'fail-on-changes: yes');
  expect(flag.steps[0]!.stdout).toContain('using the build already in');
  expect(flag.steps[1]!.stdout).toContain('::error title=cachemount::fail-on-changes must be true or false');
});

test('setup refuses a Node.js older than 20 with the reason', async () => {
  const fake = tempDir('old-node');
  fs.writeFileSync(path.join(fake, 'node'), '#!/bin/sh\nif [ "$1" = --version ]; then echo v18.19.0; else echo 18; fi\n', { mode: 0o755 });
  const r = await action(workspace(), {}, { PATH: `${fake}:${env.PATH}` });
  expectCode(r, 2, 'node 18');
  expect(r.steps[0]!.stdout).toContain('::error title=cachemount::Node.js v18.19.0 is too old');
});

test('format github: one warning annotation per edit and nothing else from cachemount; the step fails', async () => {
  await requireFormat('github');
  const ws = workspace();
  const r = await action(ws, {});
  expectCode(r, 1, 'format: github on a tree that needs the change');
  const lines = r.steps[1]!.stdout.split('\n').filter(Boolean);
  const warnings = lines.filter((l) => l.startsWith('::warning '));
  expect(warnings.length).toBe(await editCount(ws));
  expect(warnings.every((l) => /^::warning file=Dockerfile,line=\d+(,endLine=\d+)?(,title=[^:]*)?::./.test(l))).toBe(true);
  // Besides the annotations, only the action's own closing error line.
  expect(lines.filter((l) => !l.startsWith('::warning '))).toEqual([
    "::error title=cachemount::Files in . should use BuildKit cache mounts: run 'npx cachemount --write .' and commit the result.",
  ]);
  expect(r.outputs['changes-needed']).toBe('true');
  expect(fs.readFileSync(path.join(ws, 'Dockerfile'), 'utf8')).toBe(APT_DOCKERFILE);
});

test('format github on a path that needs nothing: passes, no annotation', async () => {
  await requireFormat('github');
  const r = await action(workspace(), { path: 'clean' });
  expectCode(r, 0, 'path: clean');
  expect(r.steps[1]!.stdout.trim()).toBe('');
  expect(r.outputs['changes-needed']).toBe('false');
});

test('format sarif: writes SARIF 2.1.0 to sarif-file; fail-on-changes false lets the step pass', async () => {
  await requireFormat('sarif');
  const ws = workspace();
  const r = await action(ws, { format: 'sarif', 'sarif-file': 'reports/cachemount.sarif', 'fail-on-changes': 'false' });
  expectCode(r, 0, 'format: sarif, fail-on-changes: false');
  expect(r.outputs).toEqual({ 'changes-needed': 'true', 'sarif-file': 'reports/cachemount.sarif' });
  const sarif = JSON.parse(fs.readFileSync(path.join(ws, 'reports', 'cachemount.sarif'), 'utf8')) as {
    version: string;
    runs: Array<{ tool: { driver: { name: string } }; results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }>;
  };
  expect(sarif.version).toBe('2.1.0');
  expect(sarif.runs[0]!.tool.driver.name).toBe('cachemount');
  expect(sarif.runs[0]!.results.length).toBe(await editCount(ws));
  expect(new Set(sarif.runs[0]!.results.map((res) => res.locations[0]!.physicalLocation.artifactLocation.uri))).toEqual(new Set(['Dockerfile']));
});

test('format sarif, fail-on-changes true (the default): the file is written and the step fails', async () => {
  await requireFormat('sarif');
  const ws = workspace();
  const r = await action(ws, { format: 'sarif' });
  expectCode(r, 1, 'format: sarif');
  expect(r.outputs['sarif-file']).toBe('cachemount.sarif');
  expect((JSON.parse(fs.readFileSync(path.join(ws, 'cachemount.sarif'), 'utf8')) as { version: string }).version).toBe('2.1.0');
});

test('version: an npm spec is installed with npm and run instead of the checkout', async () => {
  // Stands in for a published version: the same package, packed from the checkout.
  const out = tempDir('action-tgz');
  const packed = await runOk('npm', ['pack', '--pack-destination', out], { cwd: clone.dir, env, timeoutMs: 10 * 60_000 });
  const tgz = path.join(out, packed.stdout.trim());
  const r = await action(workspace(), { version: `file:${tgz}`, format: 'xml' });
  expectCode(r, 2, 'version: file:…tgz');
  expect(r.steps[0]!.output).toMatch(/added \d+ packages?/);
  expect(r.steps[0]!.output).not.toContain('using the build already in');
  expect(r.steps[0]!.stdout).toMatch(/^cachemount \d+\.\d+\.\d+$/m);
  const js = r.steps[0]!.outputs['js']!;
  expect(js.startsWith(runnerTemp)).toBe(true);
  expect(js.endsWith(path.join('node_modules', 'cachemount', 'bin', 'cachemount.js'))).toBe(true);
});
