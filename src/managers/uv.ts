import type { ShellCommand } from '../shell/commands';
import { operands, optionValue, relocation } from './args';
import { CacheContext, CacheLocation, CacheRecipe, ManagerCommand } from './recipe';

const WITH_VALUE = new Set(['--cache-dir', '--python', '-p', '--index-url', '-i', '--extra-index-url', '--find-links', '-f', '--directory', '--project', '--link-mode', '--config-file', '--with', '--from', '-r', '--requirements', '-c', '--constraint', '--target', '--prefix', '--package', '--extra', '--group']);
const DOWNLOADS: Record<string, Set<string> | true> = {
  pip: new Set(['install', 'sync', 'compile']),
  tool: new Set(['install', 'run', 'upgrade']),
  sync: true,
  lock: true,
  add: true,
  run: true,
  venv: true,
  export: true,
};

/**
 * uv. Its cache (~/.cache/uv, XDG_CACHE_HOME, UV_CACHE_DIR, --cache-dir) is safe to
 * share. uv links files out of its cache; across a mount that fails and uv copies with a
 * warning, so a mounted command gets UV_LINK_MODE=copy. With `symlink` links, or the
 * preview that keeps project environments in the cache, the image would point into the
 * mount: left alone then. `--no-cache` and `UV_NO_CACHE=` go where the cache is mounted.
 */
export const uv: CacheRecipe = {
  id: 'uv',
  title: 'uv',
  roles: [
    {
      id: 'uv',
      holds: 'downloaded and built wheels',
      sharing: 'shared',
      locate(ctx: CacheContext): CacheLocation {
        if (ctx.env.get('UV_LINK_MODE') === 'symlink') return { unknown: 'UV_LINK_MODE=symlink makes environments point into the cache' };
        if (/^(1|true|yes|on)$/i.test(ctx.env.get('UV_PREVIEW') ?? '')) return { unknown: 'UV_PREVIEW may keep project environments in the cache' };
        const own = ctx.env.get('UV_CACHE_DIR');
        if (own) return { path: own };
        const xdg = ctx.env.get('XDG_CACHE_HOME');
        return { path: xdg ? `${xdg.replace(/\/+$/, '')}/uv` : `${ctx.home === '/' ? '' : ctx.home}/.cache/uv` };
      },
    },
  ],
  disablingEnv: ['UV_NO_CACHE'],
  classify(cmd: ShellCommand): ManagerCommand | null {
    if (cmd.name !== 'uv' && cmd.name !== 'uvx') return null;
    const relocates = relocation('uv', optionValue(cmd.args, ['--cache-dir']));
    const ops = operands(cmd.args, WITH_VALUE);
    const sub = cmd.name === 'uvx' ? 'tool' : ops[0]?.value ?? '';
    const verb = cmd.name === 'uvx' ? 'run' : ops[1]?.value ?? '';
    const label = cmd.name === 'uvx' ? 'uvx' : `uv ${sub}${DOWNLOADS[sub] instanceof Set || sub === 'cache' ? ` ${verb}` : ''}`.trim();
    if (sub === 'cache' && (verb === 'clean' || verb === 'prune')) return { manager: 'uv', action: 'wipe', wipes: ['uv'], relocates, disabling: [], label };
    const kinds = DOWNLOADS[sub];
    const unsafe = optionValue(cmd.args, ['--link-mode']) === 'symlink' || cmd.args.some((a) => a.value === '--preview' || a.value.startsWith('--preview-features'));
    if (!kinds || (kinds !== true && !kinds.has(verb)) || unsafe) return { manager: 'uv', action: 'other', relocates, disabling: [], label };
    const disabling = [
      ...cmd.assignments.filter((a) => a.value.startsWith('UV_NO_CACHE=')),
      ...cmd.args.filter((a) => a.value === '--no-cache' || a.value === '-n' || a.value === '--no-cache-dir'),
    ].map((word) => ({ word, roles: ['uv'] }));
    const linkSet = optionValue(cmd.args, ['--link-mode']) !== undefined || cmd.assignments.some((a) => a.value.startsWith('UV_LINK_MODE='));
    return {
      manager: 'uv',
      action: 'download',
      relocates,
      disabling,
      options: linkSet ? [] : [{ text: 'UV_LINK_MODE=copy', roles: ['uv'], at: 'before', why: 'so uv copies from the mount without first trying to link across it (and warning)' }],
      label,
    };
  },
};
