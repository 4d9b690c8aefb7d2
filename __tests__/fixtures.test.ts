/**
 * The fixture table: every case under __testfixtures__/<transform>/ is run through the
 * engine. A case is either a folder with input/ and output/ trees (the output tree holds
 * every file, changed or not) or a pair <case>.input.Dockerfile / <case>.output.Dockerfile.
 * Optional options.json (per case, or per transform folder) sets engine options;
 * optional report.json lists notes the report must contain.
 * Each case asserts: output matches byte for byte, a second run changes nothing, every
 * output file parses (Dockerfile parser, tree-sitter, and sh-syntax/bash -n for scripts),
 * and the property checker (property/check.ts) explains every change as an intended edit,
 * so the checker and the expected outputs cannot drift apart.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { DEFAULT_OPTIONS, EngineOptions, processRoot } from '../src/engine';
import { modelDockerfile } from '../src/dockerfile/model';
import { errorRanges, initShellParser, parseShell } from '../src/shell/parser';
import { checkTree, defaultCheckOptions } from '../property/check';
import { copyTree, listFiles, tempDir } from './helpers';

const FIXTURES = path.resolve(__dirname, '..', '__testfixtures__');

interface Case {
  name: string;
  input: string;
  expected: Map<string, string>;
  options: EngineOptions;
  report?: { notes?: Array<{ path: string; includes: string }>; edits?: Array<{ path: string; transform: string; justifiedBy?: string }> };
  scratch: string;
}

function readOptions(...files: string[]): Partial<EngineOptions> {
  let o: Partial<EngineOptions> = {};
  for (const f of files) if (fs.existsSync(f)) o = { ...o, ...(JSON.parse(fs.readFileSync(f, 'utf8')) as Partial<EngineOptions>) };
  return o;
}

function loadCases(): Case[] {
  const cases: Case[] = [];
  if (!fs.existsSync(FIXTURES)) return cases;
  for (const transform of fs.readdirSync(FIXTURES).sort()) {
    const tdir = path.join(FIXTURES, transform);
    if (!fs.statSync(tdir).isDirectory()) continue;
    const tOptions = path.join(tdir, 'options.json');
    for (const entry of fs.readdirSync(tdir).sort()) {
      const full = path.join(tdir, entry);
      if (fs.statSync(full).isDirectory()) {
        const input = path.join(full, 'input');
        const output = path.join(full, 'output');
        const expected = new Map<string, string>();
        for (const f of listFiles(output)) expected.set(f, fs.readFileSync(path.join(output, f), 'latin1'));
        const reportFile = path.join(full, 'report.json');
        cases.push({
          name: `${transform}/${entry}`,
          input,
          expected,
          options: { ...DEFAULT_OPTIONS, ...readOptions(tOptions, path.join(full, 'options.json')) },
          report: fs.existsSync(reportFile) ? JSON.parse(fs.readFileSync(reportFile, 'utf8')) : undefined,
          scratch: '',
        });
      } else {
        const m = /^(.*)\.input\.(Dockerfile|Containerfile)$/.exec(entry);
        if (!m) continue;
        const out = path.join(tdir, `${m[1]}.output.${m[2]}`);
        const name = m[2];
        const expected = new Map([[name, fs.readFileSync(out, 'latin1')]]);
        cases.push({
          name: `${transform}/${m[1]}`,
          input: full,
          expected,
          options: { ...DEFAULT_OPTIONS, ...readOptions(tOptions, path.join(tdir, `${m[1]}.options.json`)) },
          scratch: name,
        });
      }
    }
  }
  return cases;
}

/** Materialises a case's input as a tree in a temp folder. */
function materialise(c: Case): string {
  const dir = tempDir('cachemount-fixture-');
  if (c.scratch) fs.copyFileSync(c.input, path.join(dir, c.scratch));
  else copyTree(c.input, dir);
  return dir;
}

async function rewrite(dir: string, options: EngineOptions): Promise<Map<string, string>> {
  const result = await processRoot({ root: dir }, options);
  const out = new Map<string, string>();
  for (const f of listFiles(dir)) out.set(f, fs.readFileSync(path.join(dir, f), 'latin1'));
  for (const f of result.files) {
    if (f.status === 'changed') out.set(f.path, Buffer.from(f.after!, 'utf8').toString('latin1'));
    if (f.status === 'failed') throw new Error(`${f.path} failed: ${f.reason}`);
  }
  return out;
}

function bashAvailable(): boolean {
  try {
    execFileSync('bash', ['-c', 'true']);
    return true;
  } catch {
    return false;
  }
}
const HAVE_BASH = bashAvailable();

function bashAccepts(text: string): boolean {
  try {
    execFileSync('bash', ['-n'], { input: text, stdio: ['pipe', 'ignore', 'ignore'] });
    return true;
  } catch {
    return false;
  }
}

/** Parse errors of a file: every RUN shell of a Dockerfile, or a whole script. */
function parseErrors(file: string, text: string): number {
  const isDockerfile = /(^|\/)(Dockerfile|Containerfile)(\.[^/]*)?$|\.(Dockerfile|dockerfile)$/.test(file);
  if (isDockerfile) {
    const model = modelDockerfile(file, text);
    return model.runs.reduce((n, run) => n + run.shells.reduce((m, s) => m + errorRanges(parseShell(s.source.view)).length, 0), 0);
  }
  return errorRanges(parseShell(text)).length;
}

/** The output parses at least as well as the input did (inputs may hold shell tree-sitter cannot read). */
function assertParses(file: string, before: string, after: string): void {
  const isScript = /\.(sh|bash)$/.test(file);
  const isDockerfile = /(^|\/)(Dockerfile|Containerfile)(\.[^/]*)?$|\.(Dockerfile|dockerfile)$/.test(file);
  if (!isScript && !isDockerfile) return;
  const eb = parseErrors(file, before);
  const ea = parseErrors(file, after);
  if (ea > eb) throw new Error(`${file}: parse errors went from ${eb} to ${ea}`);
  if (isScript && HAVE_BASH && bashAccepts(before) && !bashAccepts(after)) throw new Error(`${file}: bash -n rejects the output`);
}

const cases = loadCases();

beforeAll(async () => {
  await initShellParser();
});

test('there are fixture cases', () => {
  expect(cases.length).toBeGreaterThan(0);
});

describe.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
  test('output matches byte for byte, re-runs clean, parses, and the checker explains it', async () => {
    const dir = materialise(c);
    const got = await rewrite(dir, c.options);
    const expectedFiles = [...c.expected.keys()].sort();
    expect([...got.keys()].sort()).toEqual(expectedFiles);
    for (const f of expectedFiles) {
      expect({ file: f, text: got.get(f) }).toEqual({ file: f, text: c.expected.get(f) });
    }
    // idempotent: the output, rewritten again, stays the same
    for (const [f, text] of got) fs.writeFileSync(path.join(dir, f), Buffer.from(text, 'latin1'));
    const second = await processRoot({ root: dir }, c.options);
    expect(second.files.filter((f) => f.status === 'changed').map((f) => f.path)).toEqual([]);
    for (const [f, text] of got) {
      const before = fs.readFileSync(c.scratch ? c.input : path.join(c.input, f), 'latin1');
      if (text !== before) {
        assertParses(f, Buffer.from(before, 'latin1').toString('utf8'), Buffer.from(text, 'latin1').toString('utf8'));
      }
    }
    const checked = await checkTree(materialise(c), defaultCheckOptions(undefined, c.options));
    expect(checked.violations).toEqual([]);
    if (c.report) {
      // the checker's run of the engine on a fresh copy: its notes and edits
      const result = checked.result!;
      for (const n of c.report.notes ?? []) {
        const file = result.files.find((f) => f.path === n.path);
        expect({ path: n.path, notes: file?.notes.map((x) => x.message) }).toEqual({
          path: n.path,
          notes: expect.arrayContaining([expect.stringContaining(n.includes)]),
        });
      }
      for (const e of c.report.edits ?? []) {
        const file = result.files.find((f) => f.path === e.path);
        const edits = (file?.edits ?? []).filter((x) => x.transform === e.transform);
        expect(edits.length).toBeGreaterThan(0);
        if (e.justifiedBy) for (const x of edits) expect(x.justifiedBy ?? []).toContain(e.justifiedBy);
      }
    }
  });
});
