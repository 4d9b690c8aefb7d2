/**
 * Runs the engine over the stress corpus (stress/generate.ts) and prints a report.
 *
 *   npx tsc -p property/tsconfig.json && node dist/stress/run.js [--corpus DIR] [--seed N] [--count N] [--keep DIR] [--json FILE]
 *
 * Without --corpus it generates the corpus (seed 1, 330 projects) into a temp folder.
 * Each project folder is one repository: it is copied to a scratch folder, the engine
 * runs on it, every changed file is checked (property/check.ts: re-parse, intended edits
 * only, line endings, BOM, directives, RUN-by-RUN mount and removal checks), the output
 * is written back and the engine runs again (idempotency).
 *
 * Exits 1 when a must-be-zero count is not zero: crashes, failed files, unparseable
 * outputs, unintended changes, unsafe removals, idempotency failures.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_OPTIONS } from '../src/engine';
import { checkTree, Violation } from '../property/check';
import { writeCorpus } from './generate';
import { runMain } from '../property/entry';

interface Totals {
  projects: number;
  files: number;
  dockerfiles: number;
  scripts: number;
  status: Record<string, number>;
  skippedReasons: Record<string, number>;
  edits: Record<string, number>;
  violations: Record<string, number>;
  changedHunks: number;
  managers: Record<string, { runs: number; sites: number }>;
}

const MUST_BE_ZERO: Array<[string, string[]]> = [
  ['crashes (exceptions)', ['crash']],
  ['failed files (left untouched by the tool)', ['failed']],
  ['unparseable outputs', ['unparseable']],
  ['changes that are not an intended edit', ['unintended-change', 'style', 'line-endings', 'bom', 'final-newline', 'directives']],
  ['unsafe removals / wrong mounts', ['unsafe-removal', 'mounts']],
  ['idempotency failures', ['not-idempotent']],
];

function copyDir(from: string, to: string): void {
  fs.cpSync(from, to, { recursive: true });
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const get = (k: string): string | undefined => (argv.includes(k) ? argv[argv.indexOf(k) + 1] : undefined);
  let corpus = get('--corpus');
  const seed = Number(get('--seed') ?? 1);
  const count = Number(get('--count') ?? 330);
  const scratchRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'cachemount-stress-'));
  if (!corpus) {
    corpus = get('--keep') ?? path.join(scratchRoot, 'corpus');
    const g = writeCorpus(corpus, seed, count);
    console.log(`generated ${g.projects} projects (${g.dockerfiles} Dockerfiles, ${g.scripts} scripts), seed ${seed}, in ${corpus}`);
  }
  const projects = fs.readdirSync(corpus).filter((d) => fs.statSync(path.join(corpus!, d)).isDirectory()).sort();
  const totals: Totals = { projects: projects.length, files: 0, dockerfiles: 0, scripts: 0, status: {}, skippedReasons: {}, edits: {}, violations: {}, changedHunks: 0, managers: {} };
  const examples = new Map<string, Array<{ project: string; v: Violation }>>();
  const byProject: Record<string, string[]> = {};
  const t0 = process.hrtime.bigint();
  let engineMs = 0;
  for (const proj of projects) {
    const work = path.join(scratchRoot, 'work', proj);
    copyDir(path.join(corpus, proj), work);
    const r = await checkTree(work, { engine: DEFAULT_OPTIONS, bash: true });
    engineMs += r.ms;
    for (const f of r.result?.files ?? []) {
      totals.files++;
      if (f.kind === 'dockerfile') totals.dockerfiles++;
      else totals.scripts++;
      totals.status[f.status] = (totals.status[f.status] ?? 0) + 1;
      if (f.status === 'skipped') {
        const reason = (f.reason ?? '').split(':')[0];
        totals.skippedReasons[reason] = (totals.skippedReasons[reason] ?? 0) + 1;
      }
    }
    for (const [t, n] of Object.entries(r.editsByTransform)) totals.edits[t] = (totals.edits[t] ?? 0) + n;
    // per manager: RUNs that gain a mount for it, and script edits made for it
    for (const f of r.result?.files ?? []) {
      if (f.status !== 'changed') continue;
      for (const run of f.runs ?? []) for (const m of new Set(run.added.map((a) => a.manager))) (totals.managers[m] ??= { runs: 0, sites: 0 }).runs++;
      if (f.kind === 'script') for (const e of f.edits) for (const m of e.managers ?? []) (totals.managers[m] ??= { runs: 0, sites: 0 }).sites++;
    }
    totals.changedHunks += r.changedHunks;
    if (r.violations.length) byProject[proj] = r.violations.map((v) => `[${v.kind}] ${v.file}: ${v.detail.split('\n')[0].slice(0, 200)}`);
    for (const v of r.violations) {
      totals.violations[v.kind] = (totals.violations[v.kind] ?? 0) + 1;
      const list = examples.get(v.kind) ?? [];
      if (list.length < 5) list.push({ project: proj, v });
      examples.set(v.kind, list);
    }
    fs.rmSync(work, { recursive: true, force: true });
  }
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  const pad = (s: string, n = 44): string => (s.length >= n ? `${s} ` : s.padEnd(n, ' '));
  console.log('\ncachemount stress report');
  console.log(`${pad('projects (repositories)')}${totals.projects}`);
  console.log(`${pad('files reported')}${totals.files} (${totals.dockerfiles} Dockerfiles, ${totals.scripts} scripts)`);
  for (const s of ['changed', 'unchanged', 'skipped', 'failed']) console.log(`${pad(`  ${s}`)}${totals.status[s] ?? 0}`);
  for (const [r, n] of Object.entries(totals.skippedReasons)) console.log(`${pad(`    skipped: ${r}`)}${n}`);
  console.log(`${pad('edits by transform')}`);
  for (const [t, n] of Object.entries(totals.edits).sort()) console.log(`${pad(`  ${t}`)}${n}`);
  console.log(`${pad('changed hunks checked')}${totals.changedHunks}`);
  console.log(`${pad('by manager: RUNs given a mount / script edits')}`);
  for (const [m, n] of Object.entries(totals.managers).sort((a, b) => b[1].runs - a[1].runs)) console.log(`${pad(`  ${m}`)}${n.runs} / ${n.sites}`);
  let bad = 0;
  console.log('must be zero:');
  for (const [label, kinds] of MUST_BE_ZERO) {
    const n = kinds.reduce((k, x) => k + (totals.violations[x] ?? 0), 0);
    bad += n;
    console.log(`${pad(`  ${label}`)}${n}${n ? '   <-- FAIL' : ''}`);
  }
  const known = new Set(MUST_BE_ZERO.flatMap((x) => x[1]));
  const other = Object.entries(totals.violations).filter(([k]) => !known.has(k));
  if (other.length) {
    console.log('other findings:');
    for (const [k, n] of other) console.log(`${pad(`  ${k}`)}${n}`);
  }
  console.log(`${pad('wall time')}${secs.toFixed(1)} s (engine + checks ${(engineMs / 1000).toFixed(1)} s)`);
  console.log(`${pad('throughput')}${(totals.files / secs).toFixed(1)} files/s, ${(totals.projects / secs).toFixed(1)} repositories/s`);
  if (examples.size) {
    console.log('\nexamples (up to 5 per kind):');
    for (const [k, list] of examples) for (const e of list) console.log(`  [${k}] ${e.project}/${e.v.file}: ${e.v.detail.split('\n')[0].slice(0, 220)}`);
  }
  const json = get('--json');
  if (json) fs.writeFileSync(json, JSON.stringify({ totals, seconds: secs, examples: Object.fromEntries(examples), byProject }, null, 2));
  fs.rmSync(path.join(scratchRoot, 'work'), { recursive: true, force: true });
  if (!get('--keep') && !get('--corpus')) fs.rmSync(scratchRoot, { recursive: true, force: true });
  return bad ? 1 : 0;
}

runMain(main);
