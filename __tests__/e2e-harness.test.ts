/**
 * The real-build suite's log parsers and comparison rules, on lines taken
 * from its own build logs (no build runs here).
 */
import { parseGoLog, parseNpmLog } from '../e2e/build-log';
import { cacheMounts, mountParentsRule } from '../e2e/harness';
import { FileEntry, ruleMatches } from '../e2e/image-files';

describe('parseNpmLog', () => {
  test('counts tarballs fetched from the registry, not metadata, not cache hits', () => {
    const log = [
      'STEP 12/12: RUN --mount=type=cache,target=/root/.npm     npm ci --loglevel=http',
      'npm http fetch GET 200 https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz 157ms (cache miss)',
      'npm http fetch GET 200 https://registry.npmjs.org/is-number/-/is-number-7.0.0.tgz 157ms (cache miss)',
      'npm http fetch GET 200 https://registry.npmjs.org/ms/-/ms-2.1.3.tgz 3ms (cache hit)',
      'npm http fetch GET 200 https://registry.npmjs.org/@scope%2fpkg/-/pkg-1.0.0.tgz 20ms (cache revalidated)',
      'npm http fetch GET 200 https://registry.npmjs.org/npm 80ms',
      'added 4 packages in 273ms',
    ].join('\n');
    const s = parseNpmLog(log);
    expect(s.fetches).toHaveLength(5);
    expect(s.tarballsFetched.map((f) => f.url)).toEqual([
      'https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz',
      'https://registry.npmjs.org/is-number/-/is-number-7.0.0.tgz',
      'https://registry.npmjs.org/@scope%2fpkg/-/pkg-1.0.0.tgz',
    ]);
    expect(s.tarballCacheHits.map((f) => f.url)).toEqual(['https://registry.npmjs.org/ms/-/ms-2.1.3.tgz']);
    expect(s.added).toEqual([4]);
  });

  test('a warm npm ci prints no fetch line at all', () => {
    const s = parseNpmLog('npm WARN using --force Recommended protections disabled.\nadded 3 packages in 187ms\n');
    expect(s.tarballsFetched).toEqual([]);
    expect(s.added).toEqual([3]);
  });
});

describe('parseGoLog', () => {
  test('one compile line per package built, links apart', () => {
    const log = [
      'WORK=/tmp/go-build4127860412',
      'mkdir -p $WORK/b002/',
      '/usr/lib/go-1.19/pkg/tool/linux_amd64/compile -o $WORK/b002/_pkg_.a -trimpath "$WORK/b002=>" -p example.com/hello/internal/greet -lang=go1.19 -complete',
      '/usr/lib/go-1.19/pkg/tool/linux_amd64/buildid -w $WORK/b002/_pkg_.a # internal',
      '/usr/lib/go-1.19/pkg/tool/linux_amd64/compile -o $WORK/b001/_pkg_.a -trimpath "$WORK/b001=>" -p main -lang=go1.19 -complete',
      'packagefile fmt=/usr/lib/go-1.19/pkg/linux_amd64/fmt.a',
      '/usr/lib/go-1.19/pkg/tool/linux_amd64/link -o $WORK/b001/exe/a.out -importcfg $WORK/b001/importcfg.link -buildmode=exe',
    ].join('\n');
    expect(parseGoLog(log)).toEqual({ ran: true, compiled: ['example.com/hello/internal/greet', 'main'], links: 1 });
  });

  test('a warm build only links; no -x output means go did not run', () => {
    const warm = 'WORK=/tmp/go-build2531737964\n/usr/lib/go-1.19/pkg/tool/linux_amd64/link -o $WORK/b001/exe/a.out -importcfg x\n';
    expect(parseGoLog(warm)).toEqual({ ran: true, compiled: [], links: 1 });
    expect(parseGoLog('STEP 1/2: FROM x\n').ran).toBe(false);
  });
});

describe('cacheMounts', () => {
  test('reads the options of cache mounts only', () => {
    const text =
      'RUN --mount=type=cache,target=/home/app/.cache/pip,uid=1000,gid=1000 \\\n' +
      '    --mount=type=bind,source=docker/common,target=/opt/common \\\n' +
      '    --mount=type=cache,dst=/root/.npm,sharing=shared \\\n    pip install x\n';
    expect(cacheMounts(text)).toEqual([
      { type: 'cache', target: '/home/app/.cache/pip', uid: '1000', gid: '1000' },
      { type: 'cache', target: '/root/.npm', sharing: 'shared' },
    ]);
  });
});

describe('mountParentsRule', () => {
  const dir: FileEntry = { type: 'd', mode: 0o755, uid: 0, gid: 0 };
  const file: FileEntry = { type: 'f', mode: 0o644, uid: 0, gid: 0, size: 1, content: 'x' };
  const rule = mountParentsRule(['/root/go/pkg/mod', '/home/app/.cache/pip']);

  test('matches only a directory the original lacks, at an exact parent path', () => {
    expect(ruleMatches(rule, '/root/go', undefined, dir)).toBe(true);
    expect(ruleMatches(rule, '/root/go/pkg', undefined, dir)).toBe(true);
    expect(ruleMatches(rule, '/home/app/.cache', undefined, dir)).toBe(true);
    // Not the target itself, nothing below it, nothing else.
    expect(ruleMatches(rule, '/root/go/pkg/mod', undefined, dir)).toBe(false);
    expect(ruleMatches(rule, '/home/app/.cache/other', undefined, dir)).toBe(false);
    expect(ruleMatches(rule, '/root/gopher', undefined, dir)).toBe(false);
    // Not a change to something the original had, not a file.
    expect(ruleMatches(rule, '/home/app/.cache', { ...dir, uid: 1000 }, dir)).toBe(false);
    expect(ruleMatches(rule, '/root/go', undefined, file)).toBe(false);
  });
});
