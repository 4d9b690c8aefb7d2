import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_OPTIONS } from '../engine';
import { CliSettings } from '../config';
import { RECIPES } from '../managers';
import { TRANSFORM_IDS } from '../../transforms/ids';
import { BulkOptions, runBulk } from './bulk';
import type { BulkReport } from './report';
import { parseShard } from './shard';

const USAGE = `Usage: cachemount bulk [options] REPO...

Applies cachemount to many repositories: for each one that needs the change, one commit
on a new branch built from the base. The checked-out branch, index and work tree are never
touched: the commit is built with git's plumbing and holds what \`git add\` would store.
A REPO is a local git clone or a git URL (cloned, shallow, into --work-dir). A repository
with uncommitted changes, a merge or rebase in progress, or a branch of that name with
other content is skipped with the reason; one with nothing to change gets no branch.
Running the same command again changes nothing: branches it made are recognised.`;

const EPILOG = `Exit codes:
  0    every repository went through (changed, unchanged or skipped)
  2    usage error
  3    at least one repository, or a file in one, failed (see the report)
  130  stopped with Ctrl-C (the report holds what was done; --resume goes on)

Examples:
  cachemount bulk --dry-run ../svc-a ../svc-b        print the diffs, change nothing
  cachemount bulk --repos fleet.txt --report r.json   one branch per repository
  cachemount bulk --repos fleet.txt --shard 3/8 --push --report r-3.json
  cachemount bulk --repos fleet.txt --report r.json --resume   go on after a stop`;

/** The lines of a --repos file: `#` comments and blank lines ignored. */
function readRepoList(file: string): string[] {
  return fs
    .readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .map((l) => l.replace(/(^|\s)#.*$/, '').trim())
    .filter(Boolean);
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

/** The table printed at the end: one line per repository. */
export function bulkTable(report: BulkReport): string {
  const width = Math.min(60, Math.max('repository'.length, ...report.repos.map((r) => r.repo.length)));
  const rows = report.repos.map((r) => {
    const what =
      r.status === 'changed'
        ? `${r.files?.length ?? 0} file${r.files?.length === 1 ? '' : 's'} on ${r.branch ?? '(dry run)'}${r.existing ? ' (already there)' : ''}${r.pushed ? `, pushed to ${r.pushed}` : ''}`
        : r.status === 'unchanged'
          ? 'nothing to change'
          : r.reason ?? r.error ?? '';
    const errs = r.fileErrors?.length ? `; ${r.fileErrors.length} file(s) failed: ${r.fileErrors.map((f) => f.path).join(', ')}` : '';
    const left = r.untracked?.length ? `; left alone, not tracked by git: ${r.untracked.join(', ')}` : '';
    return `${pad(r.repo, width)}  ${pad(r.status, 9)}  ${what}${errs}${left}`;
  });
  return [`${pad('repository', width)}  ${pad('status', 9)}  details`, ...rows].join('\n');
}

export async function bulkMain(argv: string[], version: string): Promise<number> {
  const { default: yargs } = await import('yargs');
  let usageError: string | null = null;
  const args = await yargs(argv)
    .scriptName('cachemount bulk')
    .usage(USAGE)
    .option('repos', { type: 'string', description: 'A file with more REPOs, one per line (# comments and blank lines ignored).' })
    .option('branch', { type: 'string', default: 'cachemount/cache-mounts', description: 'Name of the branch each change goes on.' })
    .option('base', { type: 'string', description: 'Commit to build on (default: each repository\'s HEAD).' })
    .option('commit-message', { type: 'string', description: 'Commit message (default: a title naming the package managers, and the files).' })
    .option('jobs', { alias: 'j', type: 'number', default: os.availableParallelism(), description: 'Repositories processed at once.' })
    .option('shard', { type: 'string', description: 'K/N: only the K-th of N disjoint shares of the repositories (1-based), for a CI matrix; a repository\'s share depends on its name alone.' })
    .option('push', { type: 'string', description: 'Push each branch to this remote (--push alone: origin).' })
    .option('report', { type: 'string', description: 'Write a JSON report here, kept current as the run goes (rewritten at most every quarter second; a crash or Ctrl-C leaves a usable one).' })
    .option('resume', { type: 'boolean', default: false, description: 'With --report: keep what the report says is done, retry what failed, do the rest.' })
    .option('dry-run', { type: 'boolean', default: false, description: 'Print each repository\'s diff (paths relative to the current folder); create no branch, push nothing. A --report still shows each pull request\'s text.' })
    .option('work-dir', { type: 'string', description: 'Where git URLs are cloned (default: a cachemount-clones folder in the temp dir).' })
    .option('comments', { type: 'boolean', description: 'As for a single repository (--no-comments).' })
    .option('apt-keep-downloaded', { type: 'boolean', description: 'As for a single repository (--no-apt-keep-downloaded).' })
    .option('max-size', { type: 'number', description: `Skip files larger than this many bytes (default ${DEFAULT_OPTIONS.maxBytes}).` })
    .option('managers', { type: 'string', description: 'Only these package managers (comma-separated or repeated; default: all).' })
    .option('transforms', { type: 'string', description: 'Only these transforms (default: all).' })
    .option('ignore-pattern', { type: 'string', description: 'Leave files matching this gitignore-style pattern alone, relative to each repository\'s root (repeatable).' })
    .option('config', { type: 'string', description: 'Use this config file for every repository instead of each one\'s own .cachemount.yaml (--no-config: none).' })
    .strictOptions()
    .version(version)
    .help()
    .alias('help', 'h')
    .wrap(Math.min(100, process.stdout.columns || 100))
    .epilog(EPILOG)
    .exitProcess(false)
    .fail((msg, err) => {
      usageError = msg || (err ? err.message : 'invalid usage');
    })
    .parseAsync();
  const usage = (m: string): number => {
    process.stderr.write(`cachemount bulk: ${m} (see --help)\n`);
    return 2;
  };
  if (usageError) return usage(String(usageError).replace(/\s*\n\s*/g, ' '));
  if (args.help || args.version) return 0;
  let repos = args._.map(String);
  if (args.repos !== undefined) {
    try {
      repos = [...repos, ...readRepoList(args.repos)];
    } catch (e) {
      return usage(`cannot read --repos ${args.repos}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
  }
  if (!repos.length) return usage('no repositories given (REPO arguments or --repos FILE)');
  const shard = args.shard === undefined ? null : parseShard(args.shard);
  if (typeof shard === 'string') return usage(shard);
  if (args.resume && !args.report) return usage('--resume needs --report FILE (the report to go on from)');
  const jobs = Number(args.jobs);
  if (!Number.isInteger(jobs) || jobs < 1) return usage('--jobs must be a positive whole number');
  const engine: CliSettings = {};
  if (args['max-size'] !== undefined) {
    const maxSize = Number(args['max-size']);
    if (!Number.isFinite(maxSize) || maxSize <= 0) return usage('--max-size must be a positive number of bytes');
    engine.maxSize = maxSize;
  }
  if (args.comments !== undefined) engine.comments = args.comments;
  if (args['apt-keep-downloaded'] !== undefined) engine.aptKeepDownloaded = args['apt-keep-downloaded'];
  const listed = (v: unknown): string[] | undefined => (v === undefined ? undefined : (Array.isArray(v) ? v : [v]).flatMap((x) => String(x).split(',')).map((x) => x.trim()).filter(Boolean));
  for (const [name, given, known] of [
    ['managers', listed(args.managers), RECIPES.map((r) => r.id)],
    ['transforms', listed(args.transforms), TRANSFORM_IDS],
  ] as const) {
    const bad = (given ?? []).filter((x) => !known.includes(x));
    if (bad.length) return usage(`--${name}: unknown ${bad.map((b) => `"${b}"`).join(', ')} (known: ${known.join(', ')})`);
    if (given) engine[name] = given;
  }
  const ignorePatterns = listed(args['ignore-pattern']);
  if (ignorePatterns) engine.ignorePatterns = ignorePatterns;
  const config = (args as { config?: unknown }).config;
  if (config === false) engine.config = false;
  else if (typeof config === 'string') {
    if (!config) return usage('--config needs a file name');
    if (!fs.existsSync(config)) return usage(`--config ${config}: no such file`);
    engine.config = path.resolve(config);
  }
  const opts: BulkOptions = {
    repos,
    branch: args.branch,
    base: args.base ?? null,
    commitMessage: args['commit-message'] ?? null,
    jobs,
    shard,
    push: args.push === undefined ? null : args.push || 'origin',
    report: args.report ?? null,
    resume: args.resume,
    dryRun: args['dry-run'],
    workDir: path.resolve(args['work-dir'] ?? path.join(os.tmpdir(), 'cachemount-clones')),
    engine,
    version,
    progress: !!process.stderr.isTTY,
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
  };
  const signal = { stopped: false };
  const onInt = (): void => {
    if (signal.stopped) process.exit(130);
    signal.stopped = true;
    process.stderr.write('\ncachemount bulk: stopping after the repositories in progress (Ctrl-C again to quit now)\n');
  };
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onInt);
  let outcome;
  try {
    outcome = await runBulk(opts, signal);
  } catch (e) {
    return usage((e as Error).message);
  } finally {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onInt);
  }
  const { report, interrupted } = outcome;
  const s = report.summary;
  const fileErrors = report.repos.reduce((n, r) => n + (r.fileErrors?.length ?? 0), 0);
  process.stderr.write(`${bulkTable(report)}\n`);
  process.stderr.write(
    `cachemount bulk: ${report.repos.length} repositor${report.repos.length === 1 ? 'y' : 'ies'}: ${s.changed} changed, ${s.unchanged} unchanged, ${s.skipped} skipped, ${s.failed} failed${fileErrors ? ` (${fileErrors} file(s) failed)` : ''}${interrupted ? '; stopped before the rest' : ''}${opts.report ? `; report in ${opts.report}` : ''}\n`,
  );
  if (interrupted) return 130;
  return s.failed || fileErrors ? 3 : 0;
}
