/**
 * pip, proven with real builds against a loopback package index: after the
 * codemod the second build installs the wheel "Using cached", while a control
 * tree that keeps the cache mount but also keeps `--no-cache-dir` downloads it
 * again, so dropping the flag is what makes the difference.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CacheScope } from './buildah';
import { BuildOutcome, CACHE_PATHS, FixtureRun, SAME_BUILD_NOISE, aptEvidence, calibrates, describeFetch, needed } from './harness';
import { PipIndex, startPipIndex } from './pip-index';
import { WHEEL_DIR } from './state';

const NAME = 'pip';
const DOCKERFILE = 'Dockerfile';
/** The one wheel the fixture installs (from python3-wheel-whl on the host). */
const WHEEL = /\/wheel-[\d.]+-py3-none-any\.whl$/;

const PIP_INSTALL = /\b(?:pip3?|python3?\s+-m\s+pip)\s+install\b/g;

/** Whether the Dockerfile text has a `--mount=` flag that is a cache mount of /root/.cache/pip. */
function mountsPipCache(text: string): boolean {
  return (text.match(/--mount=\S+/g) ?? []).some((flag) => {
    const opts = flag.slice('--mount='.length).replace(/[\\]$/, '').split(',');
    return opts.includes('type=cache') && opts.some((o) => /^(?:target|dst|destination)=\/root\/\.cache\/pip\/?$/.test(o));
  });
}

function pipEvidence(o: BuildOutcome): string {
  return (
    `${o.label}: Using cached [${o.pip.usingCached.join(', ')}], Downloading [${o.pip.downloading.join(', ')}], ` +
    `wheel downloads served by the index: ${o.indexFileRequests}; log: ${o.logFile}`
  );
}

describe(NAME, () => {
  let index: PipIndex;
  let fx: FixtureRun;
  let original: BuildOutcome | undefined;
  let rewrittenAgain: BuildOutcome | undefined;
  let controlAgain: BuildOutcome | undefined;
  let rewrittenText: string | undefined;
  let originalScope: CacheScope | undefined;
  let rewrittenScope: CacheScope | undefined;

  beforeAll(async () => {
    index = await startPipIndex(WHEEL_DIR);
    // The port reaches the Dockerfile only as a build ARG.
    fx = new FixtureRun(NAME, DOCKERFILE, () => ({ PIP_INDEX_PORT: String(index.port) }));
  });

  afterAll(async () => {
    const yes = (o?: BuildOutcome): string =>
      o ? (o.pip.usingCached.some((u) => WHEEL.test(u)) ? 'yes' : 'no') : 'not built';
    process.stdout.write(
      `\n  [cachemount e2e] pip: ${original ? `original build fetched ${describeFetch(original)}; ` : ''}` +
        `rewritten rebuild: "Using cached" ${yes(rewrittenAgain)}` +
        (rewrittenAgain ? `, apt ${describeFetch(rewrittenAgain)}` : '') +
        `; control (--no-cache-dir kept) rebuild: "Using cached" ${yes(controlAgain)}\n`,
    );
    await index?.close();
    await fx?.cleanup();
  });

  const build = (dir: string, label: string, scope: CacheScope): Promise<BuildOutcome> =>
    fx.build(dir, label, scope, { indexFileRequests: () => index.fileRequests() });

  test('the original build downloads the wheel', async () => {
    originalScope = fx.scope('original');
    original = await build(fx.originalDir, 'original-1', originalScope);
    expect(original.pip.downloading.filter((d) => WHEEL.test(d))).toHaveLength(1);
    expect(original.pip.usingCached).toEqual([]);
    expect(original.indexFileRequests).toBe(1);
    expect(original.apt.debs.length).toBeGreaterThan(0);
  });

  if (calibrates(NAME, false)) {
    test('a rebuild of the original downloads it again and holds the same files', async () => {
      const first = needed(original, 'the original build');
      const again = await build(fx.originalDir, 'original-2', needed(originalScope, 'the original build'));
      expect(again.pip.downloading.filter((d) => WHEEL.test(d))).toHaveLength(1);
      expect(again.indexFileRequests).toBe(1);
      // Calibrates the image comparison: only SAME_BUILD_NOISE may differ here.
      const c = await fx.compare(first, again, SAME_BUILD_NOISE);
      if (c.differences.length) throw new Error(fx.explain(c, first, again));
    });
  }

  test('the codemod mounts the pip cache and drops --no-cache-dir', async () => {
    const r = await fx.rewrite();
    expect(r.changed).toContain(DOCKERFILE);
    const text = fs.readFileSync(path.join(fx.rewrittenDir, DOCKERFILE), 'utf8');
    expect(text).not.toContain('--no-cache-dir');
    expect(mountsPipCache(text)).toBe(true);
    rewrittenText = fs.readFileSync(path.join(fx.buildDir, DOCKERFILE), 'utf8');
  });

  test('the rewritten tree rebuilds "Using cached", downloading neither the wheel nor any .deb', async () => {
    needed(original, 'the original build');
    needed(rewrittenText, 'the rewrite');
    const scope = fx.scope('rewritten');
    rewrittenScope = scope;
    const first = await build(fx.buildDir, 'rewritten-1', scope);
    // Cold cache: the first build downloads.
    expect(first.pip.downloading.filter((d) => WHEEL.test(d))).toHaveLength(1);
    expect(first.indexFileRequests).toBe(1);

    rewrittenAgain = await build(fx.buildDir, 'rewritten-2', scope);
    const again = rewrittenAgain;
    if (!again.pip.usingCached.some((u) => WHEEL.test(u)) || again.pip.downloading.length > 0) {
      throw new Error(`the rewritten tree's second build did not install the wheel from pip's cache.\n${pipEvidence(again)}`);
    }
    // Not even a request for the file reached the index.
    expect(again.indexFileRequests).toBe(0);
    if (again.apt.debs.length > 0) throw new Error(`the rewritten tree's second build downloaded .debs again.\n${aptEvidence(again)}`);
    // pip's HTTP cache (http/ or, in newer pips, http-v2/) sits in the cache mounts' directory.
    expect(scope.listCache().some((f) => /(^|\/)http(-v2)?\//.test(f))).toBe(true);
  });

  test('control: with the mount but --no-cache-dir put back, a rebuild on the same warm cache downloads the wheel again', async () => {
    const text = needed(rewrittenText, 'the rewrite');
    // The rewritten tree's two builds left the wheel in this cache; the control reuses it.
    const scope = needed(rewrittenAgain && rewrittenScope, "the rewritten tree's builds");
    let inserted = 0;
    const controlText = text.replace(PIP_INSTALL, (m) => {
      inserted += 1;
      return `${m} --no-cache-dir`;
    });
    expect(inserted).toBe(1);
    // The control differs from the rewritten file by that flag only; the mount stays.
    expect(mountsPipCache(controlText)).toBe(true);
    const controlDir = path.join(fx.workDir, 'control');
    fs.rmSync(controlDir, { recursive: true, force: true });
    fs.cpSync(fx.buildDir, controlDir, { recursive: true });
    fs.writeFileSync(path.join(controlDir, DOCKERFILE), controlText);
    fx.note('control: the rewritten Dockerfile with --no-cache-dir put back after `pip3 install`, built on the rewritten builds\' cache');

    controlAgain = await build(controlDir, 'control-rebuild', scope);
    const again = controlAgain;
    if (again.pip.usingCached.length > 0 || !again.pip.downloading.some((d) => WHEEL.test(d))) {
      throw new Error(`the control build should have downloaded the wheel again.\n${pipEvidence(again)}`);
    }
    expect(again.indexFileRequests).toBe(1);
    // The apt side of the control still hits the cache: only pip's flag differs.
    expect(again.apt.debs).toEqual([]);
  });

  test('the rewritten image holds the same files as the original', async () => {
    const a = needed(original, 'the original build');
    const b = needed(rewrittenAgain, "the rewritten tree's second build");
    const c = await fx.compare(a, b, [...SAME_BUILD_NOISE, ...CACHE_PATHS]);
    if (c.differences.length) throw new Error(fx.explain(c, a, b));
  });
});
