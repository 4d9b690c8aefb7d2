import type { ShellCommand } from '../shell/commands';
import { hasFlag, operands, optionValue } from './args';
import { CacheContext, CacheLocation, CacheRecipe, ManagerCommand } from './recipe';

const WITH_VALUE = new Set(['--cwd', '--backend', '--registry', '--cache-dir', '-c', '--config']);
const DOWNLOADS = new Set(['install', 'i', 'add', 'a', 'update', 'x', 'create', 'c']);

/**
 * bun. Its install cache is $BUN_INSTALL_CACHE_DIR, else $BUN_INSTALL/install/cache, else
 * ~/.bun/install/cache (never all of ~/.bun: installed global packages and binaries live
 * there). With `--backend=symlink` node_modules would point into the cache: left alone.
 */
export const bun: CacheRecipe = {
  id: 'bun',
  title: 'bun',
  roles: [
    {
      id: 'bun',
      holds: 'downloaded package tarballs',
      sharing: 'locked',
      locate(ctx: CacheContext): CacheLocation {
        const own = ctx.env.get('BUN_INSTALL_CACHE_DIR');
        if (own) return { path: own };
        const inst = ctx.env.get('BUN_INSTALL');
        return { path: inst ? `${inst.replace(/\/+$/, '')}/install/cache` : `${ctx.home === '/' ? '' : ctx.home}/.bun/install/cache` };
      },
    },
  ],
  lockedBecause: 'bun moves files into its cache without a lock',
  classify(cmd: ShellCommand): ManagerCommand | null {
    if (cmd.name !== 'bun' && cmd.name !== 'bunx') return null;
    if (cmd.name === 'bunx') return { manager: 'bun', action: 'download', disabling: [], label: 'bunx' };
    const ops = operands(cmd.args, WITH_VALUE);
    const sub = ops[0]?.value ?? '';
    const label = `bun ${sub}`.trim();
    if (sub === 'pm' && ops[1]?.value === 'cache' && ops[2]?.value === 'rm') return { manager: 'bun', action: 'wipe', wipes: ['bun'], disabling: [], label: 'bun pm cache rm' };
    const symlinked = optionValue(cmd.args, ['--backend']) === 'symlink';
    if (DOWNLOADS.has(sub) && !symlinked && !hasFlag(cmd.args, ['-g', '--global'])) {
      const own = optionValue(cmd.args, ['--cache-dir']);
      return { manager: 'bun', action: 'download', relocates: own === undefined ? undefined : { bun: own }, disabling: [], label };
    }
    return { manager: 'bun', action: 'other', disabling: [], label };
  },
};
