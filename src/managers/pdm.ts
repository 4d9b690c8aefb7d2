import type { ShellCommand } from '../shell/commands';
import { hasFlag, operands } from './args';
import { CacheContext, CacheLocation, CacheRecipe, ManagerCommand } from './recipe';

const DOWNLOADS = new Set(['install', 'sync', 'add', 'update', 'lock']);

/** `pdm config install.cache true` makes installs link into the cache (symlinks or .pth files). */
const LINKED = /\bpdm\s+config\s+(?:-\w+\s+)*install\.cache\s+(?:true|on|1)\b|\bPDM_INSTALL_CACHE=(?:1|true|on)\b/i;

/**
 * PDM (Python): its caches (HTTP responses, wheels, metadata) live in ~/.cache/pdm, or
 * $XDG_CACHE_HOME/pdm; PDM_CACHE_DIR moves them. With `install.cache` on, installed
 * packages link into the cache, so the image would lose them: left alone then.
 * `pdm cache clear` wipes it. Nothing is known about concurrent writers: locked.
 */
export const pdm: CacheRecipe = {
  id: 'pdm',
  title: 'PDM',
  roles: [
    {
      id: 'pdm',
      holds: 'downloaded wheels and HTTP responses',
      sharing: 'locked',
      locate(ctx: CacheContext): CacheLocation {
        if (LINKED.test(ctx.stageText)) return { unknown: 'install.cache is on: installed packages link into the cache' };
        const own = ctx.env.get('PDM_CACHE_DIR');
        if (own) return { path: own };
        const xdg = ctx.env.get('XDG_CACHE_HOME');
        return { path: xdg ? `${xdg.replace(/\/+$/, '')}/pdm` : `${ctx.home === '/' ? '' : ctx.home}/.cache/pdm` };
      },
    },
  ],
  lockedBecause: 'PDM says nothing about concurrent writers',
  classify(cmd: ShellCommand): ManagerCommand | null {
    if (cmd.name !== 'pdm') return null;
    const ops = operands(cmd.args, new Set(['-p', '--project', '-G', '--group', '-L', '--lockfile', '-k', '--skip']));
    const sub = ops[0]?.value ?? '';
    const label = `pdm ${sub}`.trim();
    if (sub === 'cache' && ops[1]?.value === 'clear') return { manager: 'pdm', action: 'wipe', wipes: ['pdm'], disabling: [], label: 'pdm cache clear' };
    if (DOWNLOADS.has(sub) && !hasFlag(cmd.args, ['--dry-run'])) return { manager: 'pdm', action: 'download', disabling: [], label };
    return { manager: 'pdm', action: 'other', disabling: [], label };
  },
};
