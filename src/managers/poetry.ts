import type { ShellCommand } from '../shell/commands';
import { operands } from './args';
import { CacheContext, CacheLocation, CacheRecipe, ManagerCommand } from './recipe';

const WITH_VALUE = new Set(['-C', '--directory', '-P', '--project', '--with', '--without', '--only', '-E', '--extras', '--source']);
const DOWNLOADS = new Set(['install', 'sync', 'add', 'update', 'lock']);

function cacheDir(ctx: CacheContext): string {
  const own = ctx.env.get('POETRY_CACHE_DIR');
  if (own) return own.replace(/\/+$/, '');
  const xdg = ctx.env.get('XDG_CACHE_HOME');
  return xdg ? `${xdg.replace(/\/+$/, '')}/pypoetry` : `${ctx.home === '/' ? '' : ctx.home}/.cache/pypoetry`;
}

/** Poetry keeps virtual environments in `{cache-dir}/virtualenvs` unless told otherwise. */
function venvsOutside(ctx: CacheContext): boolean {
  const yes = (k: string): boolean => /^(1|true|yes|on)$/i.test(ctx.env.get(k) ?? '');
  const no = (k: string): boolean => /^(0|false|no|off)$/i.test(ctx.env.get(k) ?? '');
  const path = ctx.env.get('POETRY_VIRTUALENVS_PATH');
  return no('POETRY_VIRTUALENVS_CREATE') || yes('POETRY_VIRTUALENVS_IN_PROJECT') || (!!path && !path.startsWith(cacheDir(ctx)));
}

/**
 * Poetry. Its cache directory (~/.cache/pypoetry, XDG_CACHE_HOME, POETRY_CACHE_DIR) also
 * holds the virtual environments by default, which the image needs: then only its
 * `cache` and `artifacts` folders are mounted; with the environments elsewhere
 * (POETRY_VIRTUALENVS_CREATE=false, …_IN_PROJECT=true, …_PATH), the whole directory.
 * Parallel installs sharing a cache fail: locked.
 */
export const poetry: CacheRecipe = {
  id: 'poetry',
  title: 'Poetry',
  roles: [
    { id: 'poetry', holds: 'downloaded packages and repository metadata', sharing: 'locked', locate: (ctx) => (venvsOutside(ctx) ? { path: cacheDir(ctx) } : null) },
    { id: 'poetry-cache', holds: 'repository metadata', sharing: 'locked', locate: (ctx): CacheLocation => (venvsOutside(ctx) ? null : { path: `${cacheDir(ctx)}/cache` }) },
    { id: 'poetry-artifacts', holds: 'downloaded packages', sharing: 'locked', locate: (ctx): CacheLocation => (venvsOutside(ctx) ? null : { path: `${cacheDir(ctx)}/artifacts` }) },
  ],
  lockedBecause: 'parallel Poetry installs sharing a cache fail',
  classify(cmd: ShellCommand): ManagerCommand | null {
    if (cmd.name !== 'poetry') return null;
    const ops = operands(cmd.args, WITH_VALUE);
    const sub = ops[0]?.value ?? '';
    const label = `poetry ${sub}`.trim();
    if (sub === 'cache' && ops[1]?.value === 'clear' && cmd.args.some((a) => a.value === '--all')) {
      return { manager: 'poetry', action: 'wipe', wipes: ['poetry', 'poetry-cache'], disabling: [], label: `${label} clear --all` };
    }
    if (!DOWNLOADS.has(sub)) return { manager: 'poetry', action: 'other', disabling: [], label };
    const disabling = cmd.args.filter((a) => a.value === '--no-cache').map((word) => ({ word, roles: ['poetry', 'poetry-cache', 'poetry-artifacts'] }));
    return { manager: 'poetry', action: 'download', disabling, label };
  },
};
