/**
 * The long property run, outside jest:
 *
 *   npx tsc -p property/tsconfig.json && node dist/property/run-long.js [--runs N] [--seed S]
 *
 * Default 10,000 generated cases (or CACHEMOUNT_PROPERTY_RUNS). On a failure fast-check
 * shrinks the case and this prints the smallest counterexample (files and violations)
 * with the seed and path that replay it, and exits 1.
 *
 * --survey N runs N cases without stopping at the first failure and prints, for each
 * kind of violation, how often it occurred and the smallest case that showed it: a way
 * to see every bug at once instead of one per run.
 * --ignore k1,k2 leaves violation kinds out (also CACHEMOUNT_PROPERTY_IGNORE).
 */
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkFiles, defaultCheckOptions, Violation } from './check';
import { caseProperty, describeCase, renderedCase } from './property';
import type { RenderedCase } from './render';

interface Args {
  runs: number;
  seed: number | undefined;
  survey: number;
  ignore: Set<string>;
  path: string | undefined;
  dump: string | undefined;
}

function parseArgs(argv: string[]): Args {
  const get = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const ignore = new Set([...(process.env.CACHEMOUNT_PROPERTY_IGNORE ?? '').split(','), ...(get('--ignore') ?? '').split(',')].map((s) => s.trim()).filter(Boolean));
  return {
    runs: Number(get('--runs') ?? process.env.CACHEMOUNT_PROPERTY_RUNS ?? 10000),
    seed: get('--seed') !== undefined ? Number(get('--seed')) : process.env.CACHEMOUNT_PROPERTY_SEED ? Number(process.env.CACHEMOUNT_PROPERTY_SEED) : undefined,
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
  const cases = fc.sample(renderedCase, { numRuns: args.survey, seed });
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
  console.log(`survey: ${cases.length} cases (seed ${seed}), ${failed} with violations, ${secs.toFixed(1)} s`);
  for (const [kind, e] of [...byKind.entries()].sort((a, b) => b[1].count - a[1].count)) {
    console.log(`\n=== ${kind}: ${e.count} cases`);
    for (const [d, n] of [...e.details.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${n}x ${d}`);
    if (e.smallest && args.dump) {
      fs.mkdirSync(args.dump, { recursive: true });
      fs.writeFileSync(path.join(args.dump, `${kind}.json`), JSON.stringify({ files: e.smallest.c.files, options: e.smallest.c.options }, null, 1));
    }
    if (e.smallest) console.log(`--- smallest case:\n${e.smallest.vs.map((x) => `[${x.kind}] ${x.file}: ${x.detail}`).join('\n')}\n${describeCase(e.smallest.c)}`);
  }
  if (args.dump) {
    let i = 0;
    const index: string[] = [];
    for (const [key, e] of [...byDetail.entries()].sort()) {
      const file = `detail-${String(++i).padStart(3, '0')}.json`;
      index.push(`${file}\t${key}`);
      fs.writeFileSync(path.join(args.dump, file), JSON.stringify({ key, violations: e.vs, files: e.c.files, options: e.c.options }, null, 1));
    }
    fs.writeFileSync(path.join(args.dump, 'index.tsv'), index.join('\n') + '\n');
  }
  return failed ? 1 : 0;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (args.survey) return survey(args);
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
    console.log(`\n${n} cases run (including shrinking) in ${secs.toFixed(1)} s`);
    return 1;
  }
  console.log(`property run: ${out.numRuns} generated cases passed in ${secs.toFixed(1)} s (${(out.numRuns / secs).toFixed(1)} cases/s), seed ${out.seed}`);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    console.error(e);
    process.exitCode = 2;
  },
);
