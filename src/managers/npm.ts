import type { ShellCommand } from '../shell/commands';
import { envAnyCase, hasFlag, operands, optionValue, relocation } from './args';
import { CacheRecipe, ManagerCommand, underHome } from './recipe';

const WITH_VALUE = new Set(['--cache', '--prefix', '--registry', '-w', '--workspace', '--loglevel', '--userconfig', '--globalconfig', '-C', '--package', '-p', '--omit', '--include']);
const DOWNLOADS = new Set(['install', 'i', 'in', 'ins', 'inst', 'insta', 'instal', 'isnt', 'isnta', 'isntal', 'isntall', 'add', 'ci', 'clean-install', 'ic', 'install-clean', 'isntall-clean', 'install-ci-test', 'cit', 'install-test', 'it', 'update', 'up', 'upgrade', 'udpate', 'exec', 'x', 'create', 'init', 'dedupe', 'ddp', 'pack', 'rebuild', 'rb']);

/**
 * npm and npx. The cache (`~/.npm`, or `npm_config_cache` in any case, or `--cache`) is
 * content-addressed (cacache) and lockless, so concurrent builds may share it. npm has no
 * switch that turns it off; `npm cache clean --force` wipes it.
 */
export const npm: CacheRecipe = {
  id: 'npm',
  title: 'npm',
  roles: [
    {
      id: 'npm',
      holds: 'downloaded package tarballs and registry responses',
      sharing: 'shared',
      locate: (ctx) => {
        const own = envAnyCase(ctx.env, 'npm_config_cache');
        return own ? { path: own } : underHome(ctx, '.npm');
      },
    },
  ],
  classify(cmd: ShellCommand): ManagerCommand | null {
    if (cmd.name !== 'npm' && cmd.name !== 'npx') return null;
    const relocates = relocation('npm', optionValue(cmd.args, ['--cache']));
    if (cmd.name === 'npx') return { manager: 'npm', action: 'download', relocates, disabling: [], label: 'npx' };
    const ops = operands(cmd.args, WITH_VALUE);
    const sub = ops[0]?.value ?? '';
    const label = `npm ${sub}`.trim();
    if (sub === 'cache') {
      const verb = ops[1]?.value;
      // without --force, npm refuses to clean (it exits with an error): leave that alone
      if ((verb === 'clean' || verb === 'clear' || verb === 'rm') && ops.length === 2 && hasFlag(cmd.args, ['--force', '-f'])) {
        return { manager: 'npm', action: 'wipe', wipes: ['npm'], relocates, disabling: [], label: `${label} ${verb} --force` };
      }
    }
    if (DOWNLOADS.has(sub)) return { manager: 'npm', action: 'download', relocates, disabling: [], label };
    return { manager: 'npm', action: 'other', relocates, disabling: [], label };
  },
};
