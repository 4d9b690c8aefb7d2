import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  AptLogStats,
  GoLogStats,
  NpmLogStats,
  PipLogStats,
  formatBytes,
  parseAptLog,
  parseGoLog,
  parseNpmLog,
  parsePipLog,
} from './build-log';
import { BuildResult, CacheScope, build, copyForBuildah, newRunDir, removeImage, tagFor } from './buildah';
import { Comparison, FileList, IgnoreRule, compareFileLists, describeDifferences, listImageFiles } from './image-files';
import { run } from './exec';
import { RewriteResult, rewrite } from './rewrite';

export const FIXTURES_DIR = path.resolve(__dirname, 'fixtures');

/**
 * What differs between two builds of the SAME Dockerfile here, measured by
 * building each fixture's original twice and diffing every file (see
 * README.md). Nothing else is ignored when an original is compared with its
 * own rebuild, and the suite checks that these rules stay sufficient.
 */
export const SAME_BUILD_NOISE: readonly IgnoreRule[] = [
  {
    match: /^\/var\/log\/(dpkg\.log|alternatives\.log|apt\/history\.log|apt\/term\.log)$/,
    why: 'dpkg/apt/update-alternatives logs carry wall-clock timestamps',
  },
  {
    match: '/var/cache/ldconfig/aux-cache',
    why: "ldconfig's auxiliary cache records inode numbers and ctimes of the libraries it scanned",
  },
  {
    match: /\/__pycache__\/[^/]+\.pyc$/,
    why: 'byte-code compiled at install time embeds the source file mtime',
  },
  {
    match: /^\/root\/\.npm\/_logs\/[^/]+-debug-\d+\.log$/,
    why: 'npm writes a debug log per run, named after its start time',
  },
  {
    match: '/root/.cache/go-build/trim.txt',
    why: 'the go command records when it last trimmed its build cache (Unix time)',
  },
];

/**
 * Paths the codemod legitimately changes: the mounted caches (content under a
 * cache mount never reaches the image; the cleanups the codemod drops only
 * touched these). The apt configuration the codemod sets aside for the cache mount is
 * put back before the image ships, so /etc/apt is compared like any other path.
 */
export const CACHE_PATHS: readonly IgnoreRule[] = [
  { match: '/var/cache/apt', why: 'cache mount target (apt archives)' },
  { match: '/var/lib/apt', why: 'cache mount target (apt lists, extended_states)' },
  { match: '/root/.cache', why: 'cache mount target (pip, go build cache)' },
  {
    match: '/root/.npm',
    why: "cache mount target (npm); the original also keeps npm's debug logs (_logs/) and update-notifier stamp there after `npm cache clean --force`",
  },
];

/**
 * The directories a cache mount's target needs above it that the image did
 * not have (`/root/go`, `/root/go/pkg` for `/root/go/pkg/mod`): the builder
 * creates them, root-owned and empty, and they stay in the image (BuildKit
 * behaves the same, moby/buildkit#2682). Matches only those exact paths, and
 * only where the original has nothing and the rewritten image a directory.
 */
export function mountParentsRule(targets: readonly string[]): IgnoreRule {
  const parents = new Set<string>();
  for (const t of targets) {
    const parts = path.posix.normalize(t).split('/').filter(Boolean);
    for (let i = 1; i < parts.length; i += 1) parents.add(`/${parts.slice(0, i).join('/')}`);
  }
  const list = [...parents].sort();
  const esc = (p: string): string => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return {
    match: list.length ? new RegExp(`^(?:${list.map(esc).join('|')})$`) : /(?!)/,
    when: (a, b) => a === undefined && b?.type === 'd',
    label: `parents of the mount targets ${targets.join(', ')} (created by the builder)`,
    why: 'directories the builder creates above a cache mount target; absent from the original, empty apart from the mount',
  };
}

/**
 * Whether to build `fixture`'s original twice and check that the two images
 * differ only by SAME_BUILD_NOISE. That calibration costs a build and a
 * comparison, so by default it runs for one apt fixture only;
 * CACHEMOUNT_E2E_CALIBRATE=all runs it for every fixture.
 */
export function calibrates(fixture: string, byDefault: boolean): boolean {
  const v = process.env.CACHEMOUNT_E2E_CALIBRATE;
  if (v === 'all') return true;
  if (v === 'none') return false;
  return byDefault;
}

/** The run directory shared by all test files of one `jest` invocation (made by globalSetup). */
export function currentRunDir(): string {
  let dir = process.env.CACHEMOUNT_E2E_RUN_DIR;
  if (!dir || !fs.existsSync(dir)) {
    dir = newRunDir();
    process.env.CACHEMOUNT_E2E_RUN_DIR = dir;
  }
  return dir;
}

export interface BuildOutcome extends BuildResult {
  label: string;
  apt: AptLogStats;
  pip: PipLogStats;
  npm: NpmLogStats;
  go: GoLogStats;
  /** Wheel downloads the loopback index served during this build, when one was running. */
  indexFileRequests?: number;
}

/** One line of the run summary; the teardown groups them by fixture. */
export interface SummaryRecord {
  fixture: string;
  kind: 'build' | 'note';
  label?: string;
  seconds?: number;
  debs?: number;
  debBytes?: number;
  needToGet?: number;
  aptInstalls?: number;
  pipUsingCached?: number;
  pipDownloading?: number;
  indexFileRequests?: number;
  /** npm: package tarballs fetched from the registry (see parseNpmLog). */
  npmTarballs?: number;
  /** go: packages compiled (not taken from the build cache). */
  goCompiled?: number;
  text?: string;
}

export function summaryFile(runDir: string): string {
  return path.join(runDir, 'summary.jsonl');
}

export function record(runDir: string, rec: SummaryRecord): void {
  fs.appendFileSync(summaryFile(runDir), `${JSON.stringify(rec)}\n`);
}

/**
 * The steps every fixture goes through, with the state they share. The
 * original tree and the tree handed to the codemod are both copies: nothing
 * under e2e/fixtures is ever written, and nothing from a fixture ever runs on
 * the host (only inside buildah builds).
 */
export class FixtureRun {
  readonly runDir: string;
  readonly workDir: string;
  readonly originalDir: string;
  readonly rewrittenDir: string;
  /** Copy of the rewritten tree with `sharing=locked` turned into `shared`, see copyForBuildah. */
  readonly buildDir: string;
  private readonly tags: string[] = [];
  private readonly scopes: CacheScope[] = [];
  private readonly fileLists = new Map<string, FileList>();

  constructor(
    readonly name: string,
    /** Dockerfile path relative to the fixture root (which is the build context). */
    readonly dockerfile: string,
    readonly buildArgs: () => Record<string, string> = () => ({}),
  ) {
    this.runDir = currentRunDir();
    this.workDir = path.join(this.runDir, 'work', name);
    this.originalDir = path.join(this.workDir, 'original');
    this.rewrittenDir = path.join(this.workDir, 'rewritten');
    this.buildDir = path.join(this.workDir, 'rewritten-build');
    fs.rmSync(this.workDir, { recursive: true, force: true });
    fs.mkdirSync(this.workDir, { recursive: true });
    const src = path.join(FIXTURES_DIR, name);
    fs.cpSync(src, this.originalDir, { recursive: true, verbatimSymlinks: true });
    fs.cpSync(src, this.rewrittenDir, { recursive: true, verbatimSymlinks: true });
  }

  /**
   * Copies a host file into both the original and the to-be-rewritten tree
   * (never into e2e/fixtures). Call before rewrite(); the file then counts as
   * unchanged by the codemod.
   */
  addContextFile(name: string, hostFile: string): void {
    for (const dir of [this.originalDir, this.rewrittenDir]) {
      const dest = path.join(dir, name);
      fs.mkdirSync(path.dirname(dest), { recursive: true });
      fs.copyFileSync(hostFile, dest);
    }
  }

  /** Targets of the cache mounts in the rewritten Dockerfile (after rewrite()). */
  mountTargets(): string[] {
    const text = fs.readFileSync(path.join(this.rewrittenDir, this.dockerfile), 'utf8');
    return [...new Set(cacheMounts(text).map((m) => m.target))].sort();
  }

  /** A fresh, empty cache namespace; builds given the same scope share their cache mounts. */
  scope(label: string): CacheScope {
    const s = new CacheScope(`${this.name}-${label}`, this.runDir);
    this.scopes.push(s);
    return s;
  }

  note(text: string): void {
    record(this.runDir, { fixture: this.name, kind: 'note', text });
  }

  async build(
    contextDir: string,
    label: string,
    cache: CacheScope,
    opts: { dockerfile?: string; indexFileRequests?: () => number } = {},
  ): Promise<BuildOutcome> {
    const tag = tagFor(this.runDir, `${this.name}-${label}`);
    this.tags.push(tag);
    const before = opts.indexFileRequests?.();
    const result = await build({
      contextDir,
      dockerfile: opts.dockerfile ?? this.dockerfile,
      tag,
      buildArgs: this.buildArgs(),
      cache,
      logFile: path.join(this.runDir, 'logs', `${this.name}-${label}.log`),
    });
    const outcome: BuildOutcome = {
      ...result,
      label,
      apt: parseAptLog(result.log),
      pip: parsePipLog(result.log),
      npm: parseNpmLog(result.log),
      go: parseGoLog(result.log),
      indexFileRequests: before === undefined ? undefined : opts.indexFileRequests!() - before,
    };
    record(this.runDir, {
      fixture: this.name,
      kind: 'build',
      label,
      seconds: Math.round(result.ms / 100) / 10,
      debs: outcome.apt.debs.length,
      debBytes: outcome.apt.debBytes,
      needToGet: outcome.apt.needToGet.reduce((n, x) => n + x.fetch, 0),
      aptInstalls: outcome.apt.needToGet.length,
      pipUsingCached: outcome.pip.usingCached.length,
      pipDownloading: outcome.pip.downloading.length,
      indexFileRequests: outcome.indexFileRequests,
      // Only where the build ran npm / the go command at all, so the summary shows them for those fixtures only.
      npmTarballs: outcome.npm.fetches.length || outcome.npm.added.length ? outcome.npm.tarballsFetched.length : undefined,
      goCompiled: outcome.go.ran ? outcome.go.compiled.length : undefined,
    });
    return outcome;
  }

  /** Runs the codemod on the rewritten copy and prepares the copy buildah builds. */
  async rewrite(): Promise<RewriteResult & { sharingChanged: string[] }> {
    const r = await rewrite(this.rewrittenDir, this.name);
    const { dockerfilesChanged } = copyForBuildah(this.rewrittenDir, this.buildDir);
    this.note(`rewritten by ${r.by}; changed: ${r.changed.join(', ') || '(nothing)'}`);
    if (dockerfilesChanged.length) {
      this.note(`built with sharing=locked -> sharing=shared in ${dockerfilesChanged.join(', ')} (Buildah 1.28 deadlock)`);
    }
    return { ...r, sharingChanged: dockerfilesChanged };
  }

  async compare(a: BuildOutcome, b: BuildOutcome, rules: readonly IgnoreRule[]): Promise<Comparison> {
    const c = compareFileLists(await this.files(a), await this.files(b), rules);
    const ignored = rules
      .map((r, i) => (c.ignoredByRule[i] ? `${c.ignoredByRule[i]} under ${r.label ?? String(r.match)}` : ''))
      .filter(Boolean);
    this.note(
      `files ${a.label} vs ${b.label}: ${c.compared} compared, ${c.differences.length} differ` +
        (ignored.length ? `; ignored differences: ${ignored.join(', ')}` : ''),
    );
    return c;
  }

  private async files(o: BuildOutcome): Promise<FileList> {
    let list = this.fileLists.get(o.tag);
    if (!list) {
      list = await listImageFiles(o.tag, this.runDir);
      this.fileLists.set(o.tag, list);
    }
    return list;
  }

  explain(c: Comparison, a: BuildOutcome, b: BuildOutcome): string {
    return `${c.differences.length} file(s) differ between ${a.tag} and ${b.tag}:\n${describeDifferences(c, a.label, b.label)}`;
  }

  async cleanup(): Promise<void> {
    for (const tag of this.tags) await removeImage(tag);
    for (const s of this.scopes) fs.rmSync(s.tmpDir, { recursive: true, force: true, maxRetries: 2 });
  }
}

/**
 * The CA bundle builds must trust to reach the npm registry over HTTPS from
 * this machine: the file the host's npm config names (`npm config get
 * cafile`; here /etc/ssl/certs/ca-certificates.crt, which holds the CA of the
 * TLS-inspecting proxy in front of the registry). Without one configured,
 * Debian's system bundle, which is harmless to add to an image.
 */
export async function hostCaFile(): Promise<{ file: string; from: string }> {
  const r = await run('npm', ['config', 'get', 'cafile'], { timeoutMs: 60_000 }).catch(() => undefined);
  const configured = r && r.code === 0 ? r.stdout.trim() : '';
  if (configured && configured !== 'null' && configured !== 'undefined') {
    if (!fs.existsSync(configured)) throw new Error(`\`npm config get cafile\` names ${configured}, which does not exist`);
    return { file: configured, from: '`npm config get cafile`' };
  }
  const fallback = '/etc/ssl/certs/ca-certificates.crt';
  if (fs.existsSync(fallback)) return { file: fallback, from: 'Debian\'s CA bundle (npm names no cafile)' };
  throw new Error('no CA file to give the npm build: `npm config get cafile` names none and /etc/ssl/certs/ca-certificates.crt is missing');
}

/**
 * The `--mount=` flags of a Dockerfile text that are cache mounts, as option
 * maps (`target`/`dst`/`destination` all reported as `target`).
 */
export function cacheMounts(text: string): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  for (const flag of text.match(/--mount=\S+/g) ?? []) {
    const opts: Record<string, string> = {};
    for (const o of flag.slice('--mount='.length).replace(/\\$/, '').split(',')) {
      const i = o.indexOf('=');
      const k = i < 0 ? o : o.slice(0, i);
      opts[k === 'dst' || k === 'destination' ? 'target' : k] = i < 0 ? 'true' : o.slice(i + 1);
    }
    if (opts.type === 'cache') out.push(opts);
  }
  return out;
}

/** For a step that needs an earlier step's result: fails with a pointer instead of a TypeError. */
export function needed<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`not checked: ${what} did not complete (see the failure above)`);
  return value;
}

/** "28 .debs (7,497 kB)" */
export function describeFetch(o: { apt: AptLogStats }): string {
  return `${o.apt.debs.length} .deb${o.apt.debs.length === 1 ? '' : 's'} (${formatBytes(o.apt.debBytes)})`;
}

/** Summary text of why a second build did not come from the cache, for failure messages. */
export function aptEvidence(o: BuildOutcome): string {
  const need = o.apt.needToGet.map((n) => `${formatBytes(n.fetch)}/${formatBytes(n.total)}`).join(', ') || 'none';
  const debs = o.apt.debs.slice(0, 15).map((d) => `${d.pkg} ${d.version}`).join(', ');
  return `${o.label}: ${describeFetch(o)}, "Need to get" ${need}; fetched: ${debs || '-'}; log: ${o.logFile}`;
}
