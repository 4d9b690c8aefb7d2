import type { ShellCommand } from '../shell/commands';
import { imageIs, operands } from './args';
import { CacheContext, CacheRecipe, ManagerCommand } from './recipe';

const BUILDS = new Set(['build', 'install', 'test', 'run', 'vet', 'generate', 'list', 'tool']);
const MODULES = new Set(['get', 'mod']);

function gopath(ctx: CacheContext): string {
  const own = ctx.env.get('GOPATH');
  if (own) return own.split(':')[0].replace(/\/+$/, '');
  // the golang images set GOPATH=/go
  return imageIs(ctx.image, 'golang') ? '/go' : `${ctx.home === '/' ? '' : ctx.home}/go`;
}

/**
 * go: the module cache ($GOMODCACHE, else $GOPATH/pkg/mod; GOPATH is /go in the golang
 * images) and the build cache ($GOCACHE, else ~/.cache/go-build). Never GOPATH itself:
 * `go install` puts binaries in $GOPATH/bin. Both caches are safe to share.
 */
export const go: CacheRecipe = {
  id: 'go',
  title: 'Go',
  roles: [
    { id: 'go-mod', holds: 'downloaded modules', sharing: 'shared', locate: (ctx) => ({ path: ctx.env.get('GOMODCACHE') ?? `${gopath(ctx)}/pkg/mod` }) },
    {
      id: 'go-build',
      holds: 'compiled packages',
      sharing: 'shared',
      locate: (ctx) => {
        const own = ctx.env.get('GOCACHE');
        if (own === 'off') return null;
        if (own) return { path: own };
        const xdg = ctx.env.get('XDG_CACHE_HOME');
        return { path: xdg ? `${xdg.replace(/\/+$/, '')}/go-build` : `${ctx.home === '/' ? '' : ctx.home}/.cache/go-build` };
      },
    },
  ],
  classify(cmd: ShellCommand): ManagerCommand | null {
    if (cmd.name !== 'go') return null;
    const ops = operands(cmd.args, new Set(['-C', '-o', '-ldflags', '-gcflags', '-tags', '-p', '-mod', '-modfile', '-run', '-bench', '-timeout', '-count', '-exec', '-toolexec', '-overlay', '-pkgdir', '-asmflags', '-buildmode', '-compiler', '-covermode', '-coverpkg']));
    const sub = ops[0]?.value ?? '';
    const label = `go ${sub}${sub === 'mod' ? ` ${ops[1]?.value ?? ''}` : ''}`.trim();
    if (sub === 'clean') {
      const wipes = [...(cmd.args.some((a) => a.value === '-modcache') ? ['go-mod'] : []), ...(cmd.args.some((a) => /^-(cache|testcache|fuzzcache)$/.test(a.value)) ? ['go-build'] : [])];
      // `go clean` also removes a package's build output unless it only names caches
      const onlyCaches = cmd.args.slice(cmd.args.indexOf(ops[0]) + 1).every((a) => /^-(modcache|cache|testcache|fuzzcache|x|n)$/.test(a.value));
      if (wipes.length && onlyCaches) return { manager: 'go', action: 'wipe', wipes, disabling: [], label };
      return { manager: 'go', action: 'other', disabling: [], label };
    }
    if (BUILDS.has(sub)) return { manager: 'go', action: 'download', uses: ['go-mod', 'go-build'], disabling: [], label };
    if (MODULES.has(sub) && (sub === 'get' || ['download', 'tidy', 'vendor', 'verify', 'graph', 'why'].includes(ops[1]?.value ?? ''))) {
      return { manager: 'go', action: 'download', uses: ['go-mod'], disabling: [], label };
    }
    return { manager: 'go', action: 'other', disabling: [], label };
  },
};
