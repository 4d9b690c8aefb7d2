import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_OPTIONS, EngineOptions, processRoot, RootResult, Target } from './engine';
import { jsonReport, rootDiff, summarise } from './emit';
import { writeAtomic } from './write';
import { TRANSFORMS } from '../transforms';
import { RECIPES } from './managers';
import { bulkMain } from './bulk/cli';
import { pullRequestText } from './markdown';

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

Package managers (mount targets as root; a non-root user's are under its home):
${managerList()}

Examples:
  cachemount                      dry run on the current directory: print a diff
  cachemount | git apply          the same change, applied by git (run in PATH)
  cachemount --verbose            the diff, plus why each edit was made, on stderr
  cachemount --write .            rewrite files in place
  cachemount --check docker/      CI: exit 1 if any file needs the change
  cachemount --format json .      machine-readable report of every edit
  cachemount --format markdown .  a pull request body for the change
  cachemount bulk --help          apply it across many repositories (one branch each)`;

/** One line per recipe: its name and the caches it mounts for root in a plain image. */
function managerList(): string {
  const ctx = { home: '/root', env: new Map<string, string>(), image: '', user: { name: 'root', uid: 0, gid: 0, home: '/root' }, stageText: '' };
  return RECIPES.map((r) => {
    const targets = r.roles.map((role) => (role.where ? role.where : role.locate(ctx))).map((l) => (typeof l === 'string' ? l : l && 'path' in l ? l.path : null)).filter((x): x is string => !!x);
    return `  ${r.title.padEnd(14)}${[...new Set(targets)].join(', ')}`;
  }).join('\n');
}

function version(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

export async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'bulk') return bulkMain(argv.slice(1), version());
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
    .option('format', { choices: ['diff', 'json', 'markdown'] as const, default: 'diff' as const, description: 'diff: unified diff. json: report of every edit (file, transform, line, reason) and every note. markdown: a pull request body (what changed and why, per file; what was left alone; how it was checked).' })
    .option('comments', { type: 'boolean', default: true, description: 'Leave a one-line comment in scripts where a cleanup was dropped, and above an added docker-clean fix (--no-comments: none).' })
    .option('apt-keep-downloaded', { type: 'boolean', default: true, description: 'Neutralise the docker-clean hook of Debian/Ubuntu images so apt keeps .deb files in its cache mount (--no-apt-keep-downloaded: leave apt config alone).' })
    .option('verbose', { alias: 'v', type: 'boolean', default: false, description: 'Also print, on stderr, every edit with its reason and every note on what was left alone and why.' })
    .option('max-size', { type: 'number', default: DEFAULT_OPTIONS.maxBytes, description: 'Skip files larger than this many bytes.' })
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
  const maxSize = Number(args['max-size']);
  if (!Number.isFinite(maxSize) || maxSize <= 0) {
    process.stderr.write('cachemount: --max-size must be a positive number of bytes (see --help)\n');
    return EXIT.USAGE;
  }
  const options: EngineOptions = {
    comments: args.comments,
    aptKeepDownloaded: args['apt-keep-downloaded'],
    maxBytes: maxSize,
  };

  const results: RootResult[] = [];
  for (const t of targets) results.push(await processRoot(t, options));

  if (args.write) {
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
  }

  if (args.format === 'json') process.stdout.write(`${JSON.stringify(jsonReport(results), null, 2)}\n`);
  else if (args.format === 'markdown') {
    for (const r of results) {
      const pr = pullRequestText(r, version());
      if (results.length > 1) process.stdout.write(`# ${path.relative(process.cwd(), r.root) || '.'}\n\n`);
      process.stdout.write(`${results.length > 1 ? '## ' : '# '}${pr.title}\n\n${pr.body.replace(/^## /gm, results.length > 1 ? '### ' : '## ')}`);
    }
  }
  else if (!args.write) {
    for (const r of results) process.stdout.write(rootDiff(r, results.length > 1 ? path.relative(process.cwd(), r.root) : ''));
  }
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
      if (f.status === 'skipped' || f.status === 'failed') {
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

/** yargs' usage messages, made one line and naming options as a user types them. */
function oneLine(msg: string): string {
  const choice = /Argument: ([\w-]+), Given: ("[^"]*"), Choices: (.*)$/m.exec(msg);
  if (choice) return `--${choice[1]} ${choice[2]} is not one of ${choice[3]}`;
  const unknown = /^Unknown arguments?: (.*)$/m.exec(msg);
  if (unknown) return `unknown option ${unknown[1].split(', ').map((a) => (a.length === 1 ? `-${a}` : `--${a}`)).join(', ')}`;
  return msg.replace(/\s*\n\s*/g, ' ').trim();
}
