import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_OPTIONS, EngineOptions, RootResult, Target } from './engine';
import { defaultJobs, EnginePool, processRootInParallel } from './pool';
import { jsonReport, rootDiff, summarise } from './emit';
import { writeAtomic } from './write';
import { TRANSFORMS } from '../transforms';
import { RECIPES } from './managers';
import { pullRequestText } from './markdown';
import { CliSettings, CONFIG_KEYS, ConfigError, resolveOptions } from './config';
import { githubAnnotations, packageInfo, sarifLog } from './formats';
import { progressPrinter } from './progress';
import { started, timed, timings } from './timings';

export const EXIT = {
  OK: 0,
  CHANGES_NEEDED: 1,
  USAGE: 2,
  FILE_ERRORS: 3,
} as const;

const EPILOG = `Exit codes:
  0  done: nothing to change, or a dry run/--write that went through
  1  --check: at least one file would change
  2  usage error, or a PATH that does not exist
  3  at least one file could not be read, verified or written (it was left
     untouched and reported on stderr; the other files were processed)

Transforms:
${TRANSFORMS.map((t) => `  ${t.id}\n      ${t.summary.replace(/(.{1,72})(\s+|$)/g, '$1\n      ').trimEnd()}`).join('\n')}

Package managers (id, name, mount targets as root; a non-root user's are under its home):
${managerList()}

Ignoring:
  # cachemount ignore              on the line above a Dockerfile instruction, or above
                                   a command in a script: nothing in it changes
  # cachemount ignore=ID[,ID]      the same, for those transforms only
  # cachemount ignore-file         among a file's first comment lines: the file stays
  A RUN left alone mounts nothing new, so the scripts it runs keep their cleanups.
  --ignore-pattern GLOB, and "ignore" in a config file: gitignore-style patterns.

Config file (.cachemount.yaml, .cachemount.yml or .cachemount.json, in PATH or a
folder above it up to the repository root; command-line options win):
${Object.entries(CONFIG_KEYS)
  .map(([k, v]) => `  ${k.padEnd(18)}${v.doc}`)
  .join('\n')}

Examples:
  cachemount                      dry run on the current directory: print a diff
  cachemount | git apply          the same change, applied by git (run in PATH)
  cachemount --verbose            the diff, plus why each edit was made, on stderr
  cachemount --write .            rewrite files in place
  cachemount --check docker/      CI: exit 1 if any file needs the change
  cachemount --format json .      machine-readable report of every edit
  cachemount --format markdown .  a pull request body for the change
  cachemount --check --format github .   CI annotations on each line that needs it
  cachemount --format sarif . > cachemount.sarif   for code scanning
  cachemount --ignore-pattern 'vendor/**' .        leave vendored files alone
  cachemount bulk --help          apply it across many repositories (one branch each)`;

/** One line per recipe: its name and the caches it mounts for root in a plain image. */
function managerList(): string {
  const ctx = { home: '/root', env: new Map<string, string>(), image: '', user: { name: 'root', uid: 0, gid: 0, home: '/root' }, stageText: '' };
  return RECIPES.map((r) => {
    const targets = r.roles.map((role) => (role.where ? role.where : role.locate(ctx))).map((l) => (typeof l === 'string' ? l : l && 'path' in l ? l.path : null)).filter((x): x is string => !!x);
    return `  ${r.id.padEnd(10)}${r.title.padEnd(14)}${[...new Set(targets)].join(', ')}`;
  }).join('\n');
}

function version(): string {
  return packageInfo().version;
}

const FORMATS = ['diff', 'json', 'markdown', 'sarif', 'github'] as const;

/** A comma-separated or repeated list option, as given (absent when not given). */
function listOption(v: unknown): string[] | undefined {
  if (v === undefined) return undefined;
  return (Array.isArray(v) ? v : [v]).flatMap((x) => String(x).split(',')).map((x) => x.trim()).filter(Boolean);
}

/**
 * A reader that stops early (`| head`) closes standard output: what is left to print is
 * dropped, and the run goes on to its end, so files, branches and the report come out
 * whole and the exit code still tells how the run went.
 */
function toleratesClosedStdout(): void {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') return;
    throw e;
  });
}

export async function main(argv: string[]): Promise<number> {
  toleratesClosedStdout();
  try {
    return await run(argv);
  } finally {
    const spent = timings();
    if (spent) process.stderr.write(`@@timings=${JSON.stringify(spent)}\n`);
  }
}

async function run(argv: string[]): Promise<number> {
  if (argv[0] === 'bulk') {
    // loaded only for bulk runs
    const { bulkMain } = require('./bulk/cli') as typeof import('./bulk/cli');
    return bulkMain(argv.slice(1), version());
  }
  const { default: yargs } = await import('yargs');
  let usageError: string | null = null;
  const parser = yargs(argv)
    .scriptName('cachemount')
    .usage(
      'Usage: cachemount [options] [PATH...]\n\n' +
        'Rewrites Dockerfiles, and the shell scripts their RUNs execute, so package\n' +
        'managers (apt, pip, apk, dnf, npm, Go, Maven, … listed below) use BuildKit cache\n' +
        'mounts, for any user the Dockerfile runs as. A PATH is a directory (searched for Dockerfile,\n' +
        'Dockerfile.*, *.Dockerfile, *.dockerfile, Containerfile, Containerfile.*;\n' +
        '.git, node_modules and git-ignored files are skipped) or a single file.\n' +
        'Default PATH: the current directory. By default nothing is written: a unified\n' +
        'diff with a/ and b/ paths relative to PATH is printed, which `git apply` run in\n' +
        'PATH reproduces exactly (with several PATHs, paths are relative to the current\n' +
        'directory instead).',
    )
    .option('write', { alias: 'w', type: 'boolean', description: 'Apply the changes in place (atomic writes, file modes kept); print a summary on stderr.' })
    .option('check', { type: 'boolean', description: 'Print the diff and exit 1 if anything would change (for CI).' })
    .option('format', {
      choices: FORMATS,
      default: 'diff' as const,
      description:
        'diff: unified diff. json: report of every edit (file, transform, line, reason) and every note. markdown: a pull request body (what changed and why, per file; what was left alone; how it was checked). sarif: SARIF 2.1.0 for code scanning, one result per edit with its fix. github: a GitHub Actions ::warning annotation per edit. Every format works with --check and --write.',
    })
    .option('comments', { type: 'boolean', description: 'Leave a one-line comment in scripts where a cleanup was dropped, and above an added docker-clean fix (default; --no-comments: none).' })
    .option('apt-keep-downloaded', { type: 'boolean', description: 'Set aside the docker-clean hook of Debian/Ubuntu images while apt runs under a cache mount, so apt keeps .deb files there (default; --no-apt-keep-downloaded: leave apt config alone).' })
    .option('managers', { type: 'string', description: 'Only these package managers (ids as listed below, comma-separated or repeated; default: all).' })
    .option('transforms', { type: 'string', description: 'Only these transforms (ids as listed below; default: all).' })
    .option('ignore-pattern', { type: 'string', description: 'Leave files matching this gitignore-style pattern alone (relative to the current folder; repeatable).' })
    .option('config', { type: 'string', description: 'Use this config file instead of looking for one (--no-config: use none).' })
    .option('verbose', { alias: 'v', type: 'boolean', default: false, description: 'Also print, on stderr, every edit with its reason and every note on what was left alone and why.' })
    .option('max-size', { type: 'number', description: `Skip files larger than this many bytes (default ${DEFAULT_OPTIONS.maxBytes}).` })
    .option('jobs', {
      alias: 'j',
      type: 'number',
      description: `Threads for large trees (default: one less than the number of cores, ${defaultJobs()} here; 1: all in one thread). The output is the same whatever the number.`,
    })
    .conflicts('write', 'check')
    .strictOptions()
    .version(version())
    .help()
    .alias('help', 'h')
    .wrap(Math.min(100, process.stdout.columns || 100))
    .epilog(EPILOG)
    .exitProcess(false)
    .fail((msg, err) => {
      usageError = msg || (err ? err.message : 'invalid usage');
    });
  const args = await parser.parseAsync();
  if (usageError) {
    process.stderr.write(`cachemount: ${oneLine(usageError)} (see --help)\n`);
    return EXIT.USAGE;
  }
  if (args.help || args.version) return EXIT.OK;

  const paths = (args._.length ? args._ : ['.']).map(String);
  const targets: Target[] = [];
  for (const p of paths) {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch {
      process.stderr.write(`cachemount: no such file or directory: ${p}\n`);
      return EXIT.USAGE;
    }
    if (st.isDirectory()) targets.push({ root: path.resolve(p) });
    else targets.push({ root: path.dirname(path.resolve(p)), only: [path.basename(p)] });
  }
  const cli: CliSettings = {};
  const jobs = args.jobs === undefined ? defaultJobs() : Number(args.jobs);
  if (!Number.isInteger(jobs) || jobs < 1) {
    process.stderr.write('cachemount: --jobs must be a positive whole number (see --help)\n');
    return EXIT.USAGE;
  }
  if (args['max-size'] !== undefined) {
    const maxSize = Number(args['max-size']);
    if (!Number.isFinite(maxSize) || maxSize <= 0) {
      process.stderr.write('cachemount: --max-size must be a positive number of bytes (see --help)\n');
      return EXIT.USAGE;
    }
    cli.maxSize = maxSize;
  }
  if (args.comments !== undefined) cli.comments = args.comments;
  if (args['apt-keep-downloaded'] !== undefined) cli.aptKeepDownloaded = args['apt-keep-downloaded'];
  const lists: Array<[string, string[] | undefined, readonly string[]]> = [
    ['managers', listOption(args.managers), RECIPES.map((r) => r.id)],
    ['transforms', listOption(args.transforms), TRANSFORMS.map((t) => t.id)],
  ];
  for (const [name, given, known] of lists) {
    const bad = (given ?? []).filter((x) => !known.includes(x));
    if (bad.length) {
      process.stderr.write(`cachemount: --${name}: unknown ${bad.map((b) => `"${b}"`).join(', ')} (known: ${known.join(', ')})\n`);
      return EXIT.USAGE;
    }
  }
  cli.managers = listOption(args.managers);
  cli.transforms = listOption(args.transforms);
  cli.ignorePatterns = listOption(args['ignore-pattern']);
  const config = (args as { config?: unknown }).config;
  if (config === false) cli.config = false;
  else if (typeof config === 'string') {
    if (!config) {
      process.stderr.write('cachemount: --config needs a file name (see --help)\n');
      return EXIT.USAGE;
    }
    cli.config = config;
  }

  // every PATH gets the config file found from it (or the one named)
  const plans: Array<{ target: Target; options: EngineOptions }> = [];
  for (const t of targets) {
    try {
      plans.push({ target: t, options: resolveOptions(t.root, cli).options });
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      process.stderr.write(`cachemount: ${e.message}\n`);
      return EXIT.USAGE;
    }
  }

  started();
  // threads start only when a root has enough Dockerfiles to split
  const pool = jobs > 1 ? new EnginePool(jobs) : null;
  const progress = progressPrinter(process.stderr);
  const results: RootResult[] = [];
  try {
    for (const [k, p] of plans.entries()) results.push(await processRootInParallel(p.target, { ...p.options, onProgress: progress.update(k, plans.length) }, pool));
  } finally {
    progress.done();
    await pool?.close();
  }

  // writing counts as emit in the timings
  if (args.write) {
    timed('emit', () => {
    for (const r of results) {
      for (const f of r.files) {
        if (f.status !== 'changed') continue;
        const problem = writeAtomic(path.join(r.root, f.path), f.before!, f.after!, f.mtimeMs);
        if (problem) {
          f.status = 'failed';
          f.reason = problem;
        }
      }
    }
    });
  }

  timed('emit', () => printResults(results, args.format, !!args.write));
  if (args.verbose) {
    for (const r of results) {
      for (const f of r.files) {
        const where = path.relative(process.cwd(), path.join(r.root, f.path)) || f.path;
        for (const e of f.edits) process.stderr.write(`${where}:${e.line}: ${e.transform}: ${e.reason}\n`);
        for (const n of f.notes) process.stderr.write(`${where}:${n.line}: note: ${n.message}\n`);
      }
    }
  }

  const summary = summarise(results);
  for (const r of results) {
    for (const f of r.files) {
      if ((f.status === 'skipped' && (!f.ignored || args.verbose)) || f.status === 'failed') {
        const where = path.relative(process.cwd(), path.join(r.root, f.path)) || f.path;
        process.stderr.write(`cachemount: ${f.status}: ${where}: ${f.reason}\n`);
      }
    }
  }
  if (args.write || args.check) {
    process.stderr.write(
      `cachemount: ${summary.changed} ${args.write ? 'changed' : 'would change'}, ${summary.unchanged} unchanged, ${summary.skipped} skipped, ${summary.failed} failed\n`,
    );
  }
  if (summary.failed) return EXIT.FILE_ERRORS;
  if (args.check && summary.changed) return EXIT.CHANGES_NEEDED;
  return EXIT.OK;
}

/** Prints the results in the chosen format on stdout. */
function printResults(results: RootResult[], format: string, write: boolean): void {
  if (format === 'json') process.stdout.write(`${JSON.stringify(jsonReport(results), null, 2)}\n`);
  else if (format === 'sarif') process.stdout.write(`${JSON.stringify(sarifLog(results, packageInfo()), null, 2)}\n`);
  else if (format === 'github') process.stdout.write(githubAnnotations(results));
  else if (format === 'markdown') {
    for (const r of results) {
      const pr = pullRequestText(r, version());
      if (results.length > 1) process.stdout.write(`# ${path.relative(process.cwd(), r.root) || '.'}\n\n`);
      process.stdout.write(`${results.length > 1 ? '## ' : '# '}${pr.title}\n\n${pr.body.replace(/^## /gm, results.length > 1 ? '### ' : '## ')}`);
    }
  }
  else if (!write) {
    for (const r of results) process.stdout.write(rootDiff(r, results.length > 1 ? path.relative(process.cwd(), r.root) : ''));
  }
}

/** yargs' usage messages, made one line and naming options as a user types them. */
function oneLine(msg: string): string {
  const choice = /Argument: ([\w-]+), Given: ("[^"]*"), Choices: (.*)$/m.exec(msg);
  if (choice) return `--${choice[1]} ${choice[2]} is not one of ${choice[3]}`;
  const unknown = /^Unknown arguments?: (.*)$/m.exec(msg);
  if (unknown) return `unknown option ${unknown[1].split(', ').map((a) => (a.length === 1 ? `-${a}` : `--${a}`)).join(', ')}`;
  return msg.replace(/\s*\n\s*/g, ' ').trim();
}
