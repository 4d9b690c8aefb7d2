import type { ShellCommand } from '../shell/commands';
import { envAnyCase, hasFlag, operands, optionValue, relocation } from './args';
import { CacheContext, CacheLocation, CacheRecipe, ManagerCommand } from './recipe';

const WITH_VALUE = new Set(['--store-dir', '--dir', '-C', '--filter', '-F', '--reporter', '--registry', '--virtual-store-dir', '--modules-dir', '--config-dir', '--workspace-dir']);
const DOWNLOADS = new Set(['install', 'i', 'add', 'update', 'up', 'upgrade', 'fetch', 'dlx', 'deploy', 'import', 'create']);

/**
 * pnpm. Its content-addressed store is $PNPM_HOME/store, else $XDG_DATA_HOME/pnpm/store,
 * else ~/.local/share/pnpm/store (the version folder below it is pnpm's own); `store-dir`
 * settings and --store-dir move it. Only the store is mounted, never PNPM_HOME itself:
 * pnpm then takes the home for another disk and puts the store into the image. Global
 * installs link into the store (pnpm 11), so a RUN with `-g` is left alone.
 */
export const pnpm: CacheRecipe = {
  id: 'pnpm',
  title: 'pnpm',
  roles: [
    {
      id: 'pnpm',
      holds: 'the package store',
      sharing: 'shared',
      locate(ctx: CacheContext): CacheLocation {
        const own = envAnyCase(ctx.env, 'pnpm_config_store_dir') ?? envAnyCase(ctx.env, 'npm_config_store_dir');
        if (own) return { path: own };
        const home = ctx.env.get('PNPM_HOME');
        if (home) return { path: `${home.replace(/\/+$/, '')}/store` };
        const xdg = ctx.env.get('XDG_DATA_HOME');
        return { path: xdg ? `${xdg.replace(/\/+$/, '')}/pnpm/store` : `${ctx.home === '/' ? '' : ctx.home}/.local/share/pnpm/store` };
      },
    },
  ],
  classify(cmd: ShellCommand): ManagerCommand | null {
    if (cmd.name !== 'pnpm' && cmd.name !== 'pnpx') return null;
    const relocates = relocation('pnpm', optionValue(cmd.args, ['--store-dir']));
    if (cmd.name === 'pnpx') return { manager: 'pnpm', action: 'download', relocates, disabling: [], label: 'pnpx' };
    const ops = operands(cmd.args, WITH_VALUE);
    const sub = ops[0]?.value ?? '';
    const label = `pnpm ${sub}`.trim();
    if (sub === 'store' && ops[1]?.value === 'prune') return { manager: 'pnpm', action: 'wipe', wipes: ['pnpm'], relocates, disabling: [], label: 'pnpm store prune' };
    if (sub === 'store' && ops[1]?.value === 'add') return { manager: 'pnpm', action: 'download', relocates, disabling: [], label: 'pnpm store add' };
    // a global install links into the store: without the store in the image, the links dangle
    if (hasFlag(cmd.args, ['-g', '--global'])) return { manager: 'pnpm', action: 'other', relocates, disabling: [], label: `${label} -g` };
    if (DOWNLOADS.has(sub) || sub === '') return { manager: 'pnpm', action: 'download', relocates, disabling: [], label };
    return { manager: 'pnpm', action: 'other', relocates, disabling: [], label };
  },
};
