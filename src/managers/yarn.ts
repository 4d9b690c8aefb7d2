import type { ShellCommand } from '../shell/commands';
import { envAnyCase, operands, optionValue, relocation } from './args';
import { CacheRecipe, CacheContext, CacheLocation, ManagerCommand } from './recipe';

const WITH_VALUE = new Set(['--cache-folder', '--modules-folder', '--global-folder', '--cwd', '--registry', '--network-timeout', '--mutex', '--link-folder', '--preferred-cache-folder']);
const DOWNLOADS = new Set(['', 'install', 'add', 'upgrade', 'upgrade-interactive', 'global', 'create', 'import', 'remove', 'up', 'dlx', 'workspaces']);

/** Signs in the stage that `yarn` is Yarn 2+ (Berry), whose cache Plug'n'Play reads at run time. */
const BERRY = /\bcorepack\b|\byarn\s+set\s+version\b|\.yarnrc\.yml\b|\bYARN_NODE_LINKER\b|\byarnPath\b|\byarn@[2-9]|\byarn\s+dlx\b|\bnodeLinker\b/;

/**
 * Yarn 1 (classic). As root its cache is /usr/local/share/.cache/yarn (Yarn 1 treats
 * root's home as /usr/local/share), else ~/.cache/yarn; XDG_CACHE_HOME, YARN_CACHE_FOLDER
 * and --cache-folder move it. Two installs writing one cache at once corrupt it: locked.
 * Yarn 2+ (Berry) is left alone: under Plug'n'Play, its default, the installed packages
 * are the zip files in its cache, so a mounted cache would leave the image without them.
 */
export const yarn: CacheRecipe = {
  id: 'yarn',
  title: 'Yarn',
  roles: [
    {
      id: 'yarn',
      holds: 'downloaded package tarballs',
      sharing: 'locked',
      locate(ctx: CacheContext): CacheLocation {
        if (BERRY.test(ctx.stageText)) return { unknown: 'the stage uses Yarn 2 or later (corepack, yarn set version, .yarnrc.yml), whose Plug\'n\'Play installs run from its cache' };
        const own = envAnyCase(ctx.env, 'YARN_CACHE_FOLDER') ?? envAnyCase(ctx.env, 'npm_config_cache_folder');
        if (own) return { path: own };
        const xdg = ctx.env.get('XDG_CACHE_HOME');
        if (xdg) return { path: `${xdg.replace(/\/+$/, '')}/yarn` };
        return { path: ctx.user.uid === 0 ? '/usr/local/share/.cache/yarn' : `${ctx.home}/.cache/yarn` };
      },
    },
  ],
  lockedBecause: 'two Yarn 1 installs sharing one cache corrupt it',
  classify(cmd: ShellCommand): ManagerCommand | null {
    if (cmd.name !== 'yarn' && cmd.name !== 'yarnpkg') return null;
    const relocates = relocation('yarn', optionValue(cmd.args, ['--cache-folder']));
    const ops = operands(cmd.args, WITH_VALUE);
    const sub = ops[0]?.value ?? '';
    const label = `yarn ${sub}`.trim();
    if (sub === 'cache' && ops[1]?.value === 'clean' && ops.length === 2) return { manager: 'yarn', action: 'wipe', wipes: ['yarn'], relocates, disabling: [], label: 'yarn cache clean' };
    // `yarn global add`, `yarn install`, bare `yarn`; other subcommands run scripts
    if (DOWNLOADS.has(sub) && (sub !== 'global' || ops[1]?.value === 'add')) return { manager: 'yarn', action: 'download', relocates, disabling: [], label };
    return { manager: 'yarn', action: 'other', relocates, disabling: [], label };
  },
};
