/**
 * The long property run, outside jest:
 *
 *   npx tsc -p property/tsconfig.json && node dist/property/run-long.js [--runs N] [--seed S|random] [--workers W] [--chunk C]
 *
 * Default 10,000 generated cases (or CACHEMOUNT_PROPERTY_RUNS) from base seed 20261201
 * (or --seed / CACHEMOUNT_PROPERTY_SEED; `random` draws new ones), in child processes of
 * C cases (default 1000), W at a time (default 2). It stops at the first failing chunk;
 * fast-check shrinks the case there, and this prints the smallest counterexample (files
 * and violations) with the seed and path that replay it, and exits 1. Replay one case
 * with `--seed S --path P` (runs in-process).
 *
 * --survey N runs N cases without stopping at the first failure and prints, for each
 * kind of violation, how often it occurred (and with --dump DIR writes the smallest case
 * of each as JSON): a way to see every bug at once instead of one per run.
 * --ignore k1,k2 leaves violation kinds out (also CACHEMOUNT_PROPERTY_IGNORE).
 * --replay F1.json F2.json … checks dumped cases again (after a fix) and prints what is
 * still violated; exits 1 if anything is.
 */
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkFiles, defaultCheckOptions, Violation } from './check';
import { caseProperty, describeCase, renderedCase } from './property';
import type { RenderedCase } from './render';
import { markedJson, pool, runChild, runMain, seedChunks } from './entry';

interface Args {
  runs: number;
  seed: number | undefined;
  survey: number;
  ignore: Set<string>;
  path: string | undefined;
  dump: string | undefined;
}

/**
 * The base seed of the 10,000-case run when none is given: CI checks the same cases on
 * every run, so a failure there is reproducible and caused by the commit under test,
 * not by a new draw. `--seed random` draws new cases (as surveys do by default).
 */
const DEFAULT_RUN_SEED = 20261201;

function seedOf(s: string | undefined): number | undefined {
  if (s === undefined || s === '') return undefined;
  if (s === 'random') return Date.now() % 2 ** 31;
  const n = Number(s);
  if (!Number.isInteger(n)) throw new Error(`--seed: expected an integer or "random", got ${JSON.stringify(s)}`);
  return n;
}

function parseArgs(argv: string[]): Args {
  const get = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const ignore = new Set([...(process.env.CACHEMOUNT_PROPERTY_IGNORE ?? '').split(','), ...(get('--ignore') ?? '').split(',')].map((s) => s.trim()).filter(Boolean));
  return {
    runs: Number(get('--runs') ?? process.env.CACHEMOUNT_PROPERTY_RUNS ?? 10000),
    seed: seedOf(get('--seed') ?? process.env.CACHEMOUNT_PROPERTY_SEED),
    survey: Number(get('--survey') ?? 0),
    ignore,
    path: get('--path'),
    dump: get('--dump'),
  };
}

function size(c: RenderedCase): number {
  return Object.values(c.files).reduce((n, t) => n + t.length, 0);
}

async function survey(args: Args): Promise<number> {
  const seed = args.seed ?? Date.now() % 2 ** 31;
  // Drawn as fc.check draws them (fc.sample draws without bias, so it rarely makes the
  // small, plain-variant cases a real run finds first), with a property that never fails.
  const cases: RenderedCase[] = [];
  await fc.check(
    fc.asyncProperty(renderedCase, async (c) => {
      cases.push(c);
    }),
    { numRuns: args.survey, seed },
  );
  const byKind = new Map<string, { count: number; smallest: { c: RenderedCase; vs: Violation[] } | null; details: Map<string, number> }>();
  const byDetail = new Map<string, { c: RenderedCase; vs: Violation[] }>();
  const t0 = Date.now();
  let failed = 0;
  for (let i = 0; i < cases.length; i++) {
    const c = cases[i];
    const r = await checkFiles(c.files, defaultCheckOptions(c.meta, c.options));
    const vs = r.violations.filter((x) => !args.ignore.has(x.kind));
    if (vs.length) failed++;
    for (const kind of new Set(vs.map((x) => x.kind))) {
      const e = byKind.get(kind) ?? { count: 0, smallest: null, details: new Map() };
      e.count++;
      const mine = vs.filter((x) => x.kind === kind);
      for (const x of mine) {
        const key = x.detail.split('\n')[0].replace(/line \d+/g, 'line N').replace(/"[^"]*"/g, '"…"').slice(0, 90);
        e.details.set(key, (e.details.get(key) ?? 0) + 1);
        const prev = byDetail.get(`${kind}: ${key}`);
        if (!prev || size(c) < size(prev.c)) byDetail.set(`${kind}: ${key}`, { c, vs: mine });
      }
      if (!e.smallest || size(c) < size(e.smallest.c)) e.smallest = { c, vs: mine };
      byKind.set(kind, e);
    }
    if ((i + 1) % 500 === 0) process.stderr.write(`${i + 1} cases, ${failed} failing, ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
  }
  const secs = (Date.now() - t0) / 1000;
  if (process.argv.includes('--child')) {
    const kinds: Record<string, { count: number; details: Record<string, number> }> = {};
    for (const [k, e] of byKind) kinds[k] = { count: e.count, details: Object.fromEntries(e.details) };
    console.log(`SURVEY-JSON ${JSON.stringify({ cases: cases.length, failed, kinds })}`);
  }
  console.log(`survey: ${cases.length} cases (seed ${seed}), ${failed} with violations, ${secs.toFixed(1)} s`);
  for (const [kind, e] of [...byKind.entries()].sort((a, b) => b[1].count - a[1].count)) {
    console.log(`\n=== ${kind}: ${e.count} cases`);
    for (const [d, n] of [...e.details.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${n}x ${d}`);
    if (e.smallest && args.dump) {
      fs.mkdirSync(args.dump, { recursive: true });
      fs.writeFileSync(path.join(args.dump, `${kind}.json`), JSON.stringify({ files: e.smallest.c.files, options: e.smallest.c.options, meta: e.smallest.c.meta }, null, 1));
    }
    if (e.smallest) console.log(`--- smallest case:\n${e.smallest.vs.map((x) => `[${x.kind}] ${x.file}: ${x.detail}`).join('\n')}\n${describeCase(e.smallest.c)}`);
  }
  if (args.dump) {
    fs.mkdirSync(args.dump, { recursive: true });
    let i = 0;
    const index: string[] = [];
    for (const [key, e] of [...byDetail.entries()].sort()) {
      const file = `detail-${String(++i).padStart(3, '0')}.json`;
      index.push(`${file}\t${key}`);
      fs.writeFileSync(path.join(args.dump, file), JSON.stringify({ key, violations: e.vs, files: e.c.files, options: e.c.options, meta: e.c.meta }, null, 1));
    }
    fs.writeFileSync(path.join(args.dump, 'index.tsv'), index.join('\n') + '\n');
  }
  return failed ? 1 : 0;
}

/**
 * Runs the cases in child processes of at most CHUNK cases each, WORKERS at a time.
 * Two reasons: the machine has more than one core, and tree-sitter's wasm heap never
 * shrinks, so one process that ran thousands of cases once aborted ("Aborted()") when it
 * was full (before the engine freed its trees; chunks keep every process small).
 */
async function chunked(args: Args, workers: number, chunk: number): Promise<number> {
  const t0 = Date.now();
  const base = args.seed ?? DEFAULT_RUN_SEED;
  let passed = 0;
  let failure: string | null = null;
  const ignore = args.ignore.size ? ['--ignore', [...args.ignore].join(',')] : [];
  await pool(
    seedChunks(base, args.runs, chunk),
    workers,
    async (j) => {
      const { code, out } = await runChild(__filename, ['--child', '--runs', String(j.n), '--seed', String(j.seed), ...ignore], 'inherit');
      if (code === 0) passed += j.n;
      else failure ??= `chunk with seed ${j.seed} (${j.n} cases) failed:\n${out}`;
      process.stderr.write(`chunk seed ${j.seed}: ${code === 0 ? 'passed' : 'FAILED'} (${passed} cases passed so far, ${((Date.now() - t0) / 1000).toFixed(0)} s)\n`);
    },
    () => failure !== null,
  );
  const secs = (Date.now() - t0) / 1000;
  if (failure) {
    console.log(failure);
    console.log(`\n${passed} cases passed before the failure; ${secs.toFixed(1)} s`);
    return 1;
  }
  console.log(`property run: ${passed} generated cases passed in ${secs.toFixed(1)} s (${(passed / secs).toFixed(1)} cases/s, ${workers} workers, chunks of ${chunk}, base seed ${base})`);
  return 0;
}

/** --survey over many cases: chunks of 1000 in child processes, counts added up. */
async function chunkedSurvey(args: Args, workers: number): Promise<number> {
  const t0 = Date.now();
  const base = args.seed ?? Date.now() % 2 ** 31;
  let cases = 0;
  let failed = 0;
  const kinds = new Map<string, { count: number; details: Map<string, number> }>();
  await pool(seedChunks(base, args.survey, 1000), workers, async (j) => {
    const extra = [...(args.ignore.size ? ['--ignore', [...args.ignore].join(',')] : []), ...(args.dump ? ['--dump', path.join(args.dump, String(j.seed))] : [])];
    const { out } = await runChild(__filename, ['--child', '--survey', String(j.n), '--seed', String(j.seed), ...extra], 'ignore');
    const r = markedJson<{ cases: number; failed: number; kinds: Record<string, { count: number; details: Record<string, number> }> }>(out, 'SURVEY-JSON');
    if (r) {
      cases += r.cases;
      failed += r.failed;
      for (const [k, e] of Object.entries(r.kinds)) {
        const x = kinds.get(k) ?? { count: 0, details: new Map<string, number>() };
        x.count += e.count;
        for (const [d, n] of Object.entries(e.details)) x.details.set(d, (x.details.get(d) ?? 0) + n);
        kinds.set(k, x);
      }
    } else process.stderr.write(`chunk seed ${j.seed}: no result (crashed?)\n`);
    process.stderr.write(`${cases} cases, ${failed} failing, ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
  });
  const secs = (Date.now() - t0) / 1000;
  console.log(`survey: ${cases} cases (base seed ${base}), ${failed} with violations, ${secs.toFixed(1)} s (${(cases / secs).toFixed(1)} cases/s, ${workers} workers)`);
  for (const [k, e] of [...kinds.entries()].sort((a, b) => b[1].count - a[1].count)) {
    console.log(`\n=== ${k}: ${e.count} cases`);
    for (const [d, n] of [...e.details.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`  ${n}x ${d}`);
  }
  return failed ? 1 : 0;
}

/** Checks dumped cases (files, options and generator metadata) again. */
async function replay(files: string[]): Promise<number> {
  let bad = 0;
  for (const f of files) {
    const c = JSON.parse(fs.readFileSync(f, 'utf8')) as RenderedCase;
    const r = await checkFiles(c.files, defaultCheckOptions(c.meta, c.options));
    if (r.violations.length) bad++;
    console.log(`${f}: ${r.violations.length ? `${r.violations.length} violations` : 'clean'}`);
    for (const x of r.violations) console.log(`  [${x.kind}] ${x.file}: ${x.detail.split('\n').slice(0, 6).join('\n    ')}`);
  }
  console.log(`replay: ${files.length} cases, ${bad} still with violations`);
  return bad ? 1 : 0;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const argv = process.argv.slice(2);
  if (argv[0] === '--replay') return replay(argv.slice(1));
  if (args.survey && !argv.includes('--child') && args.survey > 1000) return chunkedSurvey(args, Number(argv.includes('--workers') ? argv[argv.indexOf('--workers') + 1] : 2));
  if (args.survey) return survey(args);
  if (!argv.includes('--child')) {
    const workers = Number(argv.includes('--workers') ? argv[argv.indexOf('--workers') + 1] : process.env.CACHEMOUNT_PROPERTY_WORKERS ?? 2);
    const chunk = Number(argv.includes('--chunk') ? argv[argv.indexOf('--chunk') + 1] : 1000);
    if (args.path === undefined) return chunked(args, workers, chunk);
  }
  const t0 = Date.now();
  let n = 0;
  const prop = caseProperty(args.ignore).afterEach(() => {
    n++;
    if (n % 1000 === 0) process.stderr.write(`${n} cases checked, ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
  });
  const out = await fc.check(prop, { numRuns: args.runs, seed: args.seed, path: args.path, endOnFailure: false });
  const secs = (Date.now() - t0) / 1000;
  if (out.failed) {
    console.log(fc.defaultReportMessage(out) ?? 'property failed');
    const err = out.errorInstance as Error | undefined;
    if (err) console.log(`\nViolations of the shrunk case:\n${err.message}`);
    console.log(`\n${n} cases run (including shrinking) in ${secs.toFixed(1)} s`);
    return 1;
  }
  console.log(`property run: ${out.numRuns} generated cases passed in ${secs.toFixed(1)} s (${(out.numRuns / secs).toFixed(1)} cases/s), seed ${out.seed}`);
  return 0;
}

runMain(main);
