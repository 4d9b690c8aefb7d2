import type { ShellCommand } from '../shell/commands';
import { imageIs, operands } from './args';
import { CacheContext, CacheRecipe, ManagerCommand } from './recipe';

const DOWNLOADS = new Set(['install', 'i', 'update', 'u', 'upgrade', 'require', 'r', 'create-project', 'global', 'reinstall', 'remove', 'rm']);

/** Composer's cache is COMPOSER_CACHE_DIR, else $COMPOSER_HOME/cache (the composer image sets COMPOSER_HOME=/tmp). */
function explicit(ctx: CacheContext): string | undefined {
  const own = ctx.env.get('COMPOSER_CACHE_DIR');
  if (own) return own;
  const home = ctx.env.get('COMPOSER_HOME') ?? (imageIs(ctx.image, 'composer', 'composer/composer') ? '/tmp' : undefined);
  return home ? `${home.replace(/\/+$/, '')}/cache` : undefined;
}

/**
 * Composer. Without COMPOSER_CACHE_DIR or COMPOSER_HOME its cache is ~/.cache/composer or
 * ~/.composer/cache depending on XDG settings the Dockerfile may not show, so the
 * command is told COMPOSER_CACHE_DIR for the mount it gets. `--no-cache` goes where the
 * cache is mounted; `composer clear-cache` wipes it.
 */
export const composer: CacheRecipe = {
  id: 'composer',
  title: 'Composer',
  roles: [{ id: 'composer', holds: 'downloaded package archives and metadata', sharing: 'shared', locate: (ctx) => ({ path: explicit(ctx) ?? `${ctx.home === '/' ? '' : ctx.home}/.cache/composer` }) }],
  disablingEnv: ['COMPOSER_NO_CACHE'],
  classify(cmd: ShellCommand): ManagerCommand | null {
    if (cmd.name !== 'composer' && cmd.name !== 'composer.phar') return null;
    const ops = operands(cmd.args, new Set(['-d', '--working-dir', '--prefer-install']));
    const sub = ops[0]?.value ?? '';
    const label = `composer ${sub}`.trim();
    if (['clear-cache', 'clearcache', 'cc'].includes(sub)) return { manager: 'composer', action: 'wipe', wipes: ['composer'], disabling: [], label };
    if (!DOWNLOADS.has(sub) || (sub === 'global' && !['require', 'update', 'install'].includes(ops[1]?.value ?? ''))) return { manager: 'composer', action: 'other', disabling: [], label };
    const disabling = [...cmd.args.filter((a) => a.value === '--no-cache'), ...cmd.assignments.filter((a) => a.value.startsWith('COMPOSER_NO_CACHE='))].map((word) => ({ word, roles: ['composer'] }));
    const set = cmd.assignments.some((a) => a.value.startsWith('COMPOSER_CACHE_DIR='));
    return {
      manager: 'composer',
      action: 'download',
      disabling,
      options: set ? [] : [{ text: 'COMPOSER_CACHE_DIR={path}', roles: ['composer'], at: 'before', why: 'so Composer uses that folder whatever its XDG settings say', when: (ctx) => explicit(ctx) === undefined }],
      label,
    };
  },
};
