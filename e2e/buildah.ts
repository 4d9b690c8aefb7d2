import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RunOptions, RunResult, run, runOk, tail } from './exec';
import { BUILDAH_GLOBAL_ARGS, RUNS_DIR } from './state';

/** Generous: a cold apt build on a slow mirror takes a minute or two. */
export const BUILD_TIMEOUT_MS = 8 * 60_000;

/** Runs `buildah GLOBAL_ARGS... args`, throwing with the output tail on failure. */
export function buildah(args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  return runOk('buildah', [...BUILDAH_GLOBAL_ARGS, ...args], { timeoutMs: 5 * 60_000, ...opts });
}

export interface ImageInfo {
  id: string;
  labels: Record<string, string>;
}

/** The image's id and labels, or null when the store has no such image. */
export async function inspectImage(name: string): Promise<ImageInfo | null> {
  const r = await run('buildah', [...BUILDAH_GLOBAL_ARGS, 'inspect', '--type', 'image', name], {
    timeoutMs: 60_000,
  });
  if (r.code !== 0) return null;
  const info = JSON.parse(r.stdout) as {
    FromImageID?: string;
    OCIv1?: { config?: { Labels?: Record<string, string> } };
  };
  return { id: info.FromImageID ?? '', labels: info.OCIv1?.config?.Labels ?? {} };
}

export async function removeImage(name: string): Promise<void> {
  await run('buildah', [...BUILDAH_GLOBAL_ARGS, 'rmi', '--force', name], { timeoutMs: 120_000 });
}

/**
 * Where `RUN --mount=type=cache` keeps its data in Buildah 1.28 (found by
 * experiment here, see e2e/README.md): NOT in the storage given by --root, but
 * in `$TMPDIR/buildah-cache/<id>` when running as root (TMPDIR defaulting to
 * /var/tmp), where <id> is the mount's `id=` or, by default, its target path
 * (`--mount=type=cache,target=/var/cache/apt` lands in
 * `$TMPDIR/buildah-cache/var/cache/apt`). The directory survives the build, so
 * a second `buildah bud` with the same TMPDIR finds the first one's cache,
 * whatever --root, tag or --layers say.
 *
 * So each fixture gets its own TMPDIR, hence its own, initially empty, cache
 * namespace: its first build is cold, its second build sees exactly what its
 * first build left, and nothing leaks between fixtures, between runs, or into
 * the machine-wide /var/tmp/buildah-cache that other buildah users share.
 */
export class CacheScope {
  readonly tmpDir: string;

  constructor(readonly name: string, runDir: string) {
    this.tmpDir = path.join(runDir, 'tmp', name);
    fs.rmSync(this.tmpDir, { recursive: true, force: true });
    fs.mkdirSync(this.tmpDir, { recursive: true });
  }

  /** Directory that holds this scope's cache mounts. */
  get cacheDir(): string {
    return path.join(this.tmpDir, 'buildah-cache');
  }

  /**
   * Files currently in this scope's cache mounts, relative to the cache
   * directory (so they start with the mount's id, e.g. `var/cache/apt/...`
   * when the mount has no `id=`).
   */
  listCache(): string[] {
    const root = this.cacheDir;
    const out: string[] = [];
    const walk = (dir: string): void => {
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else out.push(path.relative(root, p));
      }
    };
    walk(root);
    return out.sort();
  }
}

export interface BuildRequest {
  contextDir: string;
  /** Path of the Dockerfile, absolute or relative to contextDir. */
  dockerfile: string;
  tag: string;
  buildArgs?: Record<string, string>;
  cache: CacheScope;
  timeoutMs?: number;
  /** Where to keep the full log. */
  logFile: string;
}

export interface BuildResult {
  tag: string;
  log: string;
  ms: number;
  logFile: string;
}

/**
 * One `buildah bud`, the way the REFERENCE describes a real build here: vfs
 * storage, chroot isolation, host network (apt reaches Debian's mirror, pip
 * reaches the loopback index), and --layers=false so every RUN really runs.
 */
export async function build(req: BuildRequest): Promise<BuildResult> {
  const dockerfile = path.resolve(req.contextDir, req.dockerfile);
  const args = [
    'bud',
    '--isolation',
    'chroot',
    '--network',
    'host',
    '--layers=false',
    '--pull=never',
    '-f',
    dockerfile,
    '-t',
    req.tag,
  ];
  for (const [k, v] of Object.entries(req.buildArgs ?? {})) args.push('--build-arg', `${k}=${v}`);
  args.push(req.contextDir);
  const timeoutMs = req.timeoutMs ?? BUILD_TIMEOUT_MS;
  const r = await run('buildah', [...BUILDAH_GLOBAL_ARGS, ...args], {
    timeoutMs,
    // TMPDIR selects the cache namespace, see CacheScope.
    env: { ...process.env, TMPDIR: req.cache.tmpDir },
  });
  const logFile = req.logFile;
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  fs.writeFileSync(logFile, `$ buildah ${args.join(' ')}\n${r.output}`);
  if (r.code !== 0) {
    const why = r.timedOut ? `timed out after ${Math.round(timeoutMs / 1000)} s` : `failed (exit ${r.code ?? r.signal})`;
    throw new Error(`buildah bud of ${dockerfile} ${why}; full log: ${logFile}\n--- log tail ---\n${tail(r.output, 80)}`);
  }
  return { tag: req.tag, log: r.output, ms: r.ms, logFile };
}

/** Names of files that look like Dockerfiles/Containerfiles. */
export function isDockerfileName(name: string): boolean {
  return /^(Dockerfile|Containerfile)(\..+)?$/i.test(name) || /\.(Dockerfile|Containerfile)$/i.test(name);
}

/**
 * Copies a (rewritten) tree to `dest` for building, turning every
 * `sharing=locked` into `sharing=shared` in its Dockerfiles.
 *
 * Why: Buildah 1.28 (Debian bookworm's) deadlocks when a RUN with a
 * `sharing=locked` cache mount next to another cache mount is followed, in the
 * same build, by a RUN that mounts the same cache (REFERENCE.md, measured).
 * The codemod rightly emits `locked` for apt, but these builds run one RUN at
 * a time, so the lock buys nothing here. Only the build copy changes; the
 * codemod's output itself is left as written.
 */
export function copyForBuildah(src: string, dest: string): { dockerfilesChanged: string[] } {
  fs.rmSync(dest, { recursive: true, force: true });
  fs.cpSync(src, dest, { recursive: true, verbatimSymlinks: true });
  const changed: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && isDockerfileName(e.name)) {
        const text = fs.readFileSync(p, 'utf8');
        const next = text.replace(/\bsharing=locked\b/g, 'sharing=shared');
        if (next !== text) {
          fs.writeFileSync(p, next);
          changed.push(path.relative(dest, p));
        }
      }
    }
  };
  walk(dest);
  return { dockerfilesChanged: changed };
}

/** A directory for this suite run; its name carries our pid so stale ones can be told apart. */
export function newRunDir(): string {
  const id = `r${process.pid}-${Date.now().toString(36)}`;
  const dir = path.join(RUNS_DIR, id);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** Unique, valid image tag for one build of this run. */
export function tagFor(runDir: string, what: string): string {
  const run = path.basename(runDir).toLowerCase();
  const slug = what.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return `localhost/cachemount-e2e/t-${run}-${slug}:latest`;
}

/** Short content hash, used to label base images with the recipe that made them. */
export function shortHash(...parts: string[]): string {
  const h = crypto.createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('hex').slice(0, 16);
}
