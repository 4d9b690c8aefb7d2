/**
 * More managers, proven with real builds: npm (`npm ci` from the registry),
 * the go build cache, and pip run by a non-root USER. For each, the original
 * downloads (or compiles) everything on every build; after the codemod the
 * rewritten tree's second build takes it all from the cache mounts, and the
 * image holds the same files as the original's.
 *
 * The originals have no cache mounts and are built with --layers=false, so a
 * rebuild of an original starts from the base image again: its first build's
 * numbers are every build's numbers. CACHEMOUNT_E2E_CALIBRATE=all builds them
 * a second time anyway (and checks the noise rules on them).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CacheScope } from './buildah';
import {
  BuildOutcome,
  CACHE_PATHS,
  FixtureRun,
  SAME_BUILD_NOISE,
  aptEvidence,
  cacheMounts,
  calibrates,
  describeFetch,
  hostCaFile,
  mountParentsRule,
  needed,
} from './harness';
import { Comparison, describeEntry } from './image-files';
import { PipIndex, startPipIndex } from './pip-index';
import { WHEEL_DIR } from './state';

function say(text: string): void {
  process.stdout.write(`\n  [cachemount e2e] ${text}\n`);
}

function readBuildFile(fx: FixtureRun, file: string): string {
  return fs.readFileSync(path.join(fx.rewrittenDir, file), 'utf8');
}

/**
 * The Dockerfile's instructions, continuation lines joined, comment lines
 * dropped; returns the one RUN whose text matches `command` (exactly one must).
 */
function runInstruction(text: string, command: RegExp): string {
  const instructions: string[] = [];
  let cur = '';
  for (const line of text.split('\n')) {
    if (!cur && /^\s*(#|$)/.test(line)) continue;
    if (cur && /^\s*#/.test(line)) continue;
    const cont = /\\\s*$/.test(line);
    cur += `${line.replace(/\\\s*$/, '')}\n`;
    if (!cont) {
      instructions.push(cur);
      cur = '';
    }
  }
  if (cur) instructions.push(cur);
  const hits = instructions.filter((i) => /^\s*RUN\b/i.test(i) && command.test(i));
  if (hits.length !== 1) throw new Error(`expected one RUN matching ${command}, found ${hits.length} in:\n${text}`);
  return hits[0];
}

/** Builds an original a second time (calibration) and checks that only SAME_BUILD_NOISE differs. */
async function calibrateOriginal(
  fx: FixtureRun,
  first: BuildOutcome,
  scope: CacheScope,
  opts: { indexFileRequests?: () => number } = {},
): Promise<BuildOutcome> {
  const again = await fx.build(fx.originalDir, 'original-2', scope, opts);
  const c = await fx.compare(first, again, SAME_BUILD_NOISE);
  if (c.differences.length) throw new Error(fx.explain(c, first, again));
  return again;
}

/**
 * Compares the original's image with the rewritten tree's, ignoring only the
 * build noise, the cache paths, and the empty directories the builder creates
 * above this Dockerfile's mount targets.
 */
async function sameFilesAsOriginal(
  fx: FixtureRun,
  a: BuildOutcome | undefined,
  b: BuildOutcome | undefined,
): Promise<Comparison> {
  const orig = needed(a, 'the original build');
  const rew = needed(b, "the rewritten tree's second build");
  const c = await fx.compare(orig, rew, [...SAME_BUILD_NOISE, ...CACHE_PATHS, mountParentsRule(fx.mountTargets())]);
  if (c.differences.length) throw new Error(fx.explain(c, orig, rew));
  return c;
}

// ---------------------------------------------------------------------------
// npm
// ---------------------------------------------------------------------------

describe('npm', () => {
  const NAME = 'npm';
  const DOCKERFILE = 'Dockerfile';
  /** The tarballs package-lock.json pins (its `resolved` URLs). */
  const lock = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', NAME, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { resolved?: string }>;
  };
  const TARBALLS = Object.values(lock.packages)
    .map((p) => p.resolved)
    .filter((u): u is string => Boolean(u))
    .sort();

  let fx: FixtureRun;
  let original: BuildOutcome | undefined;
  let originalAgain: BuildOutcome | undefined;
  let rewritten: BuildOutcome | undefined;
  let rewrittenAgain: BuildOutcome | undefined;
  let originalScope: CacheScope | undefined;
  let rewriteDone = false;

  const fetched = (o: BuildOutcome): string[] => o.npm.tarballsFetched.map((f) => f.url).sort();
  const npmEvidence = (o: BuildOutcome): string =>
    `${o.label}: tarballs fetched [${fetched(o).join(', ')}], from cache [${o.npm.tarballCacheHits
      .map((f) => f.url)
      .join(', ')}], "added N packages" ${JSON.stringify(o.npm.added)}; log: ${o.logFile}`;

  beforeAll(async () => {
    fx = new FixtureRun(NAME, DOCKERFILE);
    // The registry is reached through a TLS-inspecting proxy: the image must trust its CA.
    const ca = await hostCaFile();
    fx.addContextFile('host-ca.crt', ca.file);
    fx.note(`host-ca.crt copied into the build context from ${ca.file} (${ca.from})`);
  });

  afterAll(async () => {
    const o = originalAgain ?? original;
    const parts: string[] = [];
    if (o) parts.push(`original ${o === originalAgain ? 'rebuild' : 'build'} fetched ${o.npm.tarballsFetched.length} tarballs`);
    if (rewritten) parts.push(`rewritten first build fetched ${rewritten.npm.tarballsFetched.length}`);
    if (rewrittenAgain) {
      parts.push(`rewritten rebuild fetched ${rewrittenAgain.npm.tarballsFetched.length} (apt: ${describeFetch(rewrittenAgain)})`);
    }
    say(`npm: ${parts.join('; ') || 'no build completed'}`);
    await fx?.cleanup();
  });

  test('the original build fetches every tarball of the lockfile', async () => {
    originalScope = fx.scope('original');
    original = await fx.build(fx.originalDir, 'original-1', originalScope);
    expect(TARBALLS.length).toBeGreaterThan(0);
    expect(fetched(original)).toEqual(TARBALLS);
    expect(original.npm.tarballsFetched.every((f) => f.status === 200)).toBe(true);
    expect(original.npm.added).toEqual([TARBALLS.length]);
  });

  if (calibrates(NAME, false)) {
    test('a rebuild of the original fetches them all again and holds the same files', async () => {
      const first = needed(original, 'the original build');
      originalAgain = await calibrateOriginal(fx, first, needed(originalScope, 'the original build'));
      expect(fetched(originalAgain)).toEqual(TARBALLS);
    });
  }

  test('the codemod mounts /root/.npm and drops `npm cache clean --force`', async () => {
    const r = await fx.rewrite();
    expect(r.changed).toContain(DOCKERFILE);
    const text = readBuildFile(fx, DOCKERFILE);
    expect(text).not.toMatch(/npm cache clean/);
    // The mount sits on the RUN that runs `npm ci`.
    expect(cacheMounts(runInstruction(text, /\bnpm ci\b/)).map((m) => m.target)).toEqual(['/root/.npm']);
    rewriteDone = true;
  });

  test('the rewritten tree rebuilds without fetching any tarball', async () => {
    needed(original, 'the original build');
    if (!rewriteDone) throw new Error('not checked: the rewrite did not complete');
    const scope = fx.scope('rewritten');
    rewritten = await fx.build(fx.buildDir, 'rewritten-1', scope);
    // Cold cache: the first build fetches what the original does.
    expect(fetched(rewritten)).toEqual(TARBALLS);

    rewrittenAgain = await fx.build(fx.buildDir, 'rewritten-2', scope);
    const again = rewrittenAgain;
    if (again.npm.tarballsFetched.length > 0) {
      throw new Error(`the rewritten tree's second build fetched tarballs again.\n${npmEvidence(again)}`);
    }
    // npm ci did run and installed every package, from the cache.
    expect(again.npm.added).toEqual([TARBALLS.length]);
    if (again.apt.debs.length > 0) throw new Error(`the rewritten tree's second build downloaded .debs again.\n${aptEvidence(again)}`);
    // The tarballs sit in npm's content-addressed cache in the mount's directory.
    const content = scope.listCache().filter((f) => f.startsWith('root/.npm/_cacache/content-v2/'));
    expect(content.length).toBeGreaterThanOrEqual(TARBALLS.length);
  });

  test('the rewritten image holds the same files as the original (node_modules identical)', async () => {
    await sameFilesAsOriginal(fx, original, rewrittenAgain);
  });
});

// ---------------------------------------------------------------------------
// go build cache
// ---------------------------------------------------------------------------

describe('go-build', () => {
  const NAME = 'go-build';
  const DOCKERFILE = 'Dockerfile';
  let fx: FixtureRun;
  let original: BuildOutcome | undefined;
  let originalAgain: BuildOutcome | undefined;
  let rewritten: BuildOutcome | undefined;
  let rewrittenAgain: BuildOutcome | undefined;
  let originalScope: CacheScope | undefined;
  let rewriteDone = false;

  const goEvidence = (o: BuildOutcome): string =>
    `${o.label}: compiled [${o.go.compiled.join(', ')}], ${o.go.links} link(s); log: ${o.logFile}`;

  beforeAll(() => {
    fx = new FixtureRun(NAME, DOCKERFILE);
  });

  afterAll(async () => {
    const o = originalAgain ?? original;
    const parts: string[] = [];
    if (o) parts.push(`original ${o === originalAgain ? 'rebuild' : 'build'} compiled ${o.go.compiled.length} packages`);
    if (rewritten) parts.push(`rewritten first build compiled ${rewritten.go.compiled.length}`);
    if (rewrittenAgain) {
      parts.push(`rewritten rebuild compiled ${rewrittenAgain.go.compiled.length} (apt: ${describeFetch(rewrittenAgain)})`);
    }
    say(`go-build: ${parts.join('; ') || 'no build completed'}`);
    await fx?.cleanup();
  });

  test('the original build compiles the program\'s packages', async () => {
    originalScope = fx.scope('original');
    original = await fx.build(fx.originalDir, 'original-1', originalScope);
    expect(original.go.ran).toBe(true);
    // Its own two packages; the standard library comes precompiled with Debian's Go 1.19.
    expect([...original.go.compiled].sort()).toEqual(['example.com/hello/internal/greet', 'main']);
    expect(original.go.links).toBe(1);
  });

  if (calibrates(NAME, false)) {
    test('a rebuild of the original compiles them again and holds the same files', async () => {
      const first = needed(original, 'the original build');
      originalAgain = await calibrateOriginal(fx, first, needed(originalScope, 'the original build'));
      expect([...originalAgain.go.compiled].sort()).toEqual([...first.go.compiled].sort());
    });
  }

  test('the codemod mounts the go build and module caches and drops `go clean -cache`', async () => {
    const r = await fx.rewrite();
    expect(r.changed).toContain(DOCKERFILE);
    const text = readBuildFile(fx, DOCKERFILE);
    expect(text).not.toMatch(/go clean/);
    const targets = cacheMounts(runInstruction(text, /\bgo build\b/)).map((m) => m.target);
    expect(targets.sort()).toEqual(['/root/.cache/go-build', '/root/go/pkg/mod']);
    rewriteDone = true;
  });

  test('the rewritten tree rebuilds without compiling anything', async () => {
    const orig = needed(original, 'the original build');
    if (!rewriteDone) throw new Error('not checked: the rewrite did not complete');
    const scope = fx.scope('rewritten');
    rewritten = await fx.build(fx.buildDir, 'rewritten-1', scope);
    // Cold cache: the first build compiles what the original does.
    expect([...rewritten.go.compiled].sort()).toEqual([...orig.go.compiled].sort());

    rewrittenAgain = await fx.build(fx.buildDir, 'rewritten-2', scope);
    const again = rewrittenAgain;
    expect(again.go.ran).toBe(true);
    if (again.go.compiled.length > 0) {
      throw new Error(`the rewritten tree's second build compiled packages again.\n${goEvidence(again)}`);
    }
    if (again.apt.debs.length > 0) throw new Error(`the rewritten tree's second build downloaded .debs again.\n${aptEvidence(again)}`);
    // The compiled packages sit in the build cache in the mount's directory.
    expect(scope.listCache().some((f) => /^root\/\.cache\/go-build\/[0-9a-f]{2}\/[0-9a-f]+-d$/.test(f))).toBe(true);
  });

  test('the rewritten image holds the same files as the original (the binary byte for byte)', async () => {
    await sameFilesAsOriginal(fx, original, rewrittenAgain);
  });
});

// ---------------------------------------------------------------------------
// pip as a non-root USER
// ---------------------------------------------------------------------------

describe('pip-nonroot', () => {
  const NAME = 'pip-nonroot';
  const DOCKERFILE = 'Dockerfile';
  /** The one wheel the fixture installs (from python3-wheel-whl on the host). */
  const WHEEL = /\/wheel-[\d.]+-py3-none-any\.whl$/;
  const PIP_CACHE = '/home/app/.cache/pip';
  let index: PipIndex;
  let fx: FixtureRun;
  let original: BuildOutcome | undefined;
  let originalAgain: BuildOutcome | undefined;
  let rewrittenAgain: BuildOutcome | undefined;
  let originalScope: CacheScope | undefined;
  let rewriteDone = false;

  const pipEvidence = (o: BuildOutcome): string =>
    `${o.label}: Using cached [${o.pip.usingCached.join(', ')}], Downloading [${o.pip.downloading.join(', ')}], ` +
    `wheel downloads served by the index: ${o.indexFileRequests}; log: ${o.logFile}`;
  /** pip's own warning when it cannot write its cache directory (a root-owned mount under a non-root USER). */
  const CACHE_DISABLED = /cache has been disabled|is not owned or is not writable by the current user/i;

  beforeAll(async () => {
    index = await startPipIndex(WHEEL_DIR);
    fx = new FixtureRun(NAME, DOCKERFILE, () => ({ PIP_INDEX_PORT: String(index.port) }));
  });

  afterAll(async () => {
    const yes = (o?: BuildOutcome): string =>
      o ? (o.pip.usingCached.some((u) => WHEEL.test(u)) ? 'yes' : 'no') : 'not built';
    const o = originalAgain ?? original;
    say(
      `pip-nonroot: ${o ? `original ${o === originalAgain ? 'rebuild' : 'build'}: index served ${o.indexFileRequests} wheel(s); ` : ''}` +
        `rewritten rebuild: "Using cached" ${yes(rewrittenAgain)}` +
        (rewrittenAgain ? `, index served ${rewrittenAgain.indexFileRequests} wheel(s), apt ${describeFetch(rewrittenAgain)}` : ''),
    );
    await index?.close();
    await fx?.cleanup();
  });

  const build = (dir: string, label: string, scope: CacheScope): Promise<BuildOutcome> =>
    fx.build(dir, label, scope, { indexFileRequests: () => index.fileRequests() });

  test('the original build, as USER app, downloads the wheel', async () => {
    originalScope = fx.scope('original');
    original = await build(fx.originalDir, 'original-1', originalScope);
    expect(original.pip.downloading.filter((d) => WHEEL.test(d))).toHaveLength(1);
    expect(original.pip.usingCached).toEqual([]);
    expect(original.indexFileRequests).toBe(1);
  });

  if (calibrates(NAME, false)) {
    test('a rebuild of the original downloads it again and holds the same files', async () => {
      const first = needed(original, 'the original build');
      const scope = needed(originalScope, 'the original build');
      originalAgain = await calibrateOriginal(fx, first, scope, { indexFileRequests: () => index.fileRequests() });
      expect(originalAgain.pip.downloading.filter((d) => WHEEL.test(d))).toHaveLength(1);
      expect(originalAgain.indexFileRequests).toBe(1);
    });
  }

  test(`the codemod mounts ${PIP_CACHE} with uid=1000,gid=1000 and drops --no-cache-dir`, async () => {
    const r = await fx.rewrite();
    expect(r.changed).toContain(DOCKERFILE);
    const text = readBuildFile(fx, DOCKERFILE);
    expect(text).not.toContain('--no-cache-dir');
    const mounts = cacheMounts(runInstruction(text, /\bpip install\b/));
    // One mount, of app's cache (not root's), owned by app's uid and gid.
    expect(mounts).toHaveLength(1);
    expect(mounts[0]).toMatchObject({ target: PIP_CACHE, uid: '1000', gid: '1000' });
    rewriteDone = true;
  });

  test('the rewritten tree rebuilds "Using cached", the index serving no wheel', async () => {
    needed(original, 'the original build');
    if (!rewriteDone) throw new Error('not checked: the rewrite did not complete');
    const scope = fx.scope('rewritten');
    const first = await build(fx.buildDir, 'rewritten-1', scope);
    expect(first.pip.downloading.filter((d) => WHEEL.test(d))).toHaveLength(1);
    expect(first.indexFileRequests).toBe(1);
    expect(first.log).not.toMatch(CACHE_DISABLED);

    rewrittenAgain = await build(fx.buildDir, 'rewritten-2', scope);
    const again = rewrittenAgain;
    if (!again.pip.usingCached.some((u) => WHEEL.test(u)) || again.pip.downloading.length > 0) {
      throw new Error(`the rewritten tree's second build did not install the wheel from pip's cache.\n${pipEvidence(again)}`);
    }
    expect(again.indexFileRequests).toBe(0);
    expect(again.log).not.toMatch(CACHE_DISABLED);
    if (again.apt.debs.length > 0) throw new Error(`the rewritten tree's second build downloaded .debs again.\n${aptEvidence(again)}`);
    // pip's HTTP cache sits in the mount's directory, written by uid 1000.
    const rel = PIP_CACHE.slice(1);
    const http = scope.listCache().filter((f) => f.startsWith(`${rel}/http`));
    expect(http.length).toBeGreaterThan(0);
    const st = fs.statSync(path.join(scope.cacheDir, http[0]));
    expect({ uid: st.uid, gid: st.gid }).toEqual({ uid: 1000, gid: 1000 });
  });

  test('the rewritten image holds the same files as the original', async () => {
    const c = await sameFilesAsOriginal(fx, original, rewrittenAgain);
    // Worth saying: the builder creates the mount's parent as root, so USER app
    // cannot create anything else under ~/.cache in the rewritten image.
    for (const d of c.ignored.filter((x) => x.path === '/home/app/.cache')) {
      fx.note(`/home/app/.cache: original ${describeEntry(d.a)}, rewritten ${describeEntry(d.b)} (parent of the pip cache mount, made by the builder)`);
    }
  });
});
