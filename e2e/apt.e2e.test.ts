/**
 * apt, proven with real builds: for each fixture, the original downloads its
 * packages on every build; after the codemod, the first build downloads them
 * (into an empty cache), and the second downloads none, while the image holds
 * the same files as the original's.
 */
import { CacheScope } from './buildah';
import { BuildOutcome, CACHE_PATHS, FixtureRun, SAME_BUILD_NOISE, aptEvidence, calibrates, describeFetch, needed } from './harness';

/** `calibrate`: also rebuild the original and check the comparison's noise rules (see calibrates()). */
const APT_FIXTURES = [
  { name: 'apt-inline', dockerfile: 'Dockerfile', calibrate: true },
  { name: 'apt-script-copied', dockerfile: 'Dockerfile', calibrate: false },
  { name: 'seed-shaped', dockerfile: 'docker/Dockerfile.multi', calibrate: false },
];

function debSet(o: BuildOutcome): string[] {
  return o.apt.debs.map((d) => `${d.pkg}=${d.version}`).sort();
}

describe.each(APT_FIXTURES)('$name', ({ name, dockerfile, calibrate }) => {
  let fx: FixtureRun;
  let originalScope: CacheScope | undefined;
  let original: BuildOutcome | undefined;
  let originalAgain: BuildOutcome | undefined;
  let rewritten: BuildOutcome | undefined;
  let rewrittenAgain: BuildOutcome | undefined;
  let rewriteDone = false;

  beforeAll(() => {
    fx = new FixtureRun(name, dockerfile);
  });

  afterAll(async () => {
    const parts: string[] = [];
    if (originalAgain) parts.push(`original rebuild fetched ${describeFetch(originalAgain)}`);
    else if (original) parts.push(`original build fetched ${describeFetch(original)}`);
    if (rewritten) parts.push(`rewritten first build ${describeFetch(rewritten)}`);
    if (rewrittenAgain) parts.push(`rewritten rebuild fetched ${describeFetch(rewrittenAgain)}`);
    process.stdout.write(`\n  [cachemount e2e] ${name}: ${parts.join('; ') || 'no build completed'}\n`);
    await fx?.cleanup();
  });

  test('the original build downloads its .debs', async () => {
    originalScope = fx.scope('original');
    original = await fx.build(fx.originalDir, 'original-1', originalScope);
    expect(original.apt.debs.length).toBeGreaterThan(0);
  });

  if (calibrates(name, calibrate)) {
    test('a rebuild of the original downloads them all again and holds the same files', async () => {
      const first = needed(original, 'the original build');
      // No cache mounts in the original: every build of it starts from nothing.
      originalAgain = await fx.build(fx.originalDir, 'original-2', needed(originalScope, 'the original build'));
      expect(debSet(originalAgain)).toEqual(debSet(first));
      // Calibrates the image comparison: only SAME_BUILD_NOISE may differ here.
      const c = await fx.compare(first, originalAgain, SAME_BUILD_NOISE);
      if (c.differences.length) throw new Error(fx.explain(c, first, originalAgain));
    });
  }

  test('the codemod rewrites the tree', async () => {
    const r = await fx.rewrite();
    expect(r.changed).toContain(dockerfile);
    rewriteDone = true;
  });

  test('the rewritten tree builds from an empty cache, then rebuilds without downloading any .deb', async () => {
    const orig = needed(original, 'the original build');
    if (!rewriteDone) throw new Error('not checked: the rewrite did not complete');
    const scope = fx.scope('rewritten');

    rewritten = await fx.build(fx.buildDir, 'rewritten-1', scope);
    // Cold cache: the first build downloads what the original does.
    expect(debSet(rewritten)).toEqual(debSet(orig));

    rewrittenAgain = await fx.build(fx.buildDir, 'rewritten-2', scope);
    const again = rewrittenAgain;
    if (again.apt.debs.length > 0) {
      throw new Error(
        `the rewritten tree's second build downloaded .debs again (original: ${describeFetch(orig)}).\n` +
          `${aptEvidence(again)}\nrewritten tree: ${fx.rewrittenDir}`,
      );
    }
    // apt-get install still ran as often as in the original, and found everything locally.
    expect(again.apt.needToGet.length).toBe(orig.apt.needToGet.length);
    for (const n of again.apt.needToGet) expect(n.fetch).toBe(0);
    expect(again.apt.needToGet.map((n) => n.total)).toEqual(orig.apt.needToGet.map((n) => n.total));
    // And the archives really sit in the cache mounts' directory (whatever id= the mount has).
    const cached = scope.listCache().filter((f) => f.endsWith('.deb'));
    expect(cached.length).toBe(orig.apt.debs.length);
  });

  test('the rewritten image holds the same files as the original', async () => {
    const a = needed(original, 'the original build');
    const b = needed(rewrittenAgain, "the rewritten tree's second build");
    const c = await fx.compare(a, b, [...SAME_BUILD_NOISE, ...CACHE_PATHS]);
    if (c.differences.length) throw new Error(fx.explain(c, a, b));
  });
});
