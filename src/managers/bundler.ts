import type { ShellCommand } from '../shell/commands';
import { hasFlag, imageIs, operands, optionValue } from './args';
import { CacheContext, CacheLocation, CacheRecipe, ManagerCommand } from './recipe';

/** Where RubyGems keeps downloaded .gem files: the cache folder of GEM_HOME (/usr/local/bundle in the ruby images). */
function gemCache(ctx: CacheContext): CacheLocation {
  if (ctx.env.get('BUNDLE_PATH')) return { unknown: 'with BUNDLE_PATH set, gems are cached under a folder named after the Ruby version' };
  const home = ctx.env.get('GEM_HOME') ?? (imageIs(ctx.image, 'ruby') ? '/usr/local/bundle' : undefined);
  if (!home) return { unknown: 'GEM_HOME is not set, and the default gem folder is named after the Ruby version' };
  return { path: `${home.replace(/\/+$/, '')}/cache` };
}

/**
 * gem and Bundler. Downloaded .gem files go to $GEM_HOME/cache (installed gems sit
 * beside it in $GEM_HOME/gems, which is never mounted; neither is ~/.gem, where
 * `--user-install` puts gems), and both tools reuse a .gem found there. Bundler's
 * index cache is ~/.bundle/cache (BUNDLE_USER_CACHE). `bundle clean` and `gem cleanup`
 * uninstall gems: they are not cache wipes.
 */
export const bundler: CacheRecipe = {
  id: 'bundler',
  title: 'gem/Bundler',
  roles: [
    { id: 'gem', holds: 'downloaded .gem files', sharing: 'locked', locate: gemCache, where: '$GEM_HOME/cache' },
    {
      id: 'bundler',
      holds: "Bundler's index cache",
      sharing: 'locked',
      locate: (ctx) => ({ path: ctx.env.get('BUNDLE_USER_CACHE') ?? `${(ctx.env.get('BUNDLE_USER_HOME') ?? `${ctx.home === '/' ? '' : ctx.home}/.bundle`).replace(/\/+$/, '')}/cache` }),
    },
  ],
  lockedBecause: 'RubyGems writes .gem files without a lock',
  classify(cmd: ShellCommand): ManagerCommand | null {
    if (cmd.name === 'gem') {
      const sub = operands(cmd.args, new Set(['-v', '--version', '-i', '--install-dir', '-n', '--bindir', '-s', '--source', '--platform'])) [0]?.value ?? '';
      const label = `gem ${sub}`.trim();
      const dir = optionValue(cmd.args, ['-i', '--install-dir']);
      if ((sub === 'install' || sub === 'update' || sub === 'i') && !hasFlag(cmd.args, ['--user-install'])) {
        return { manager: 'bundler', action: 'download', uses: ['gem'], relocates: dir ? { gem: `${dir.replace(/\/+$/, '')}/cache` } : undefined, disabling: [], label };
      }
      return { manager: 'bundler', action: 'other', disabling: [], label };
    }
    if (cmd.name !== 'bundle' && cmd.name !== 'bundler') return null;
    const sub = operands(cmd.args, new Set(['--gemfile', '--path', '--jobs', '-j', '--retry', '--without', '--with', '--deployment'])) [0]?.value ?? 'install';
    const label = `bundle ${sub}`;
    if (['install', 'update', 'lock', 'add', 'outdated'].includes(sub)) return { manager: 'bundler', action: 'download', uses: ['gem', 'bundler'], disabling: [], label };
    return { manager: 'bundler', action: 'other', disabling: [], label };
  },
};
