import { canRun } from './families';
import type { ShellCommand } from '../shell/commands';
import { dnfOptions } from './dnf';
import { operands, optionValue } from './args';
import { CacheRecipe, ManagerCommand } from './recipe';
import { rpmTool } from './rpm-images';

const DOWNLOADS = new Set(['install', 'update', 'upgrade', 'reinstall', 'downgrade', 'groupinstall', 'groupupdate', 'localinstall', 'makecache', 'distro-sync', 'swap', 'group', 'builddep', 'module']);

/**
 * yum. On EL 7 and Amazon Linux 2 it is yum 3: cache /var/cache/yum, packages deleted
 * after install (the EL yum.conf sets keepcache=0; `--setopt=keepcache=1` keeps them),
 * and `yum clean all` also clears /var/lib/yum/rpmdb-indexes outside the cache, so it is
 * narrowed to `yum clean rpmdb` rather than dropped. On EL 8 and later `yum` is dnf 4
 * (/var/cache/dnf), on Fedora 41 and later dnf5; on an unknown image both yum 3's and
 * dnf 4's caches are mounted.
 */
export const yum: CacheRecipe = {
  id: 'yum',
  title: 'yum',
  roles: [
    { id: 'yum', holds: 'downloaded packages and repository metadata', sharing: 'locked', locate: () => ({ path: '/var/cache/yum' }) },
    { id: 'yum-dnf', holds: 'downloaded packages and repository metadata (dnf)', sharing: 'locked', locate: () => ({ path: '/var/cache/dnf' }) },
    { id: 'yum-dnf5', holds: 'downloaded packages and repository metadata (dnf5)', sharing: 'locked', locate: () => ({ path: '/var/cache/libdnf5' }) },
  ],
  lockedBecause: 'nothing coordinates two yum runs writing one cache',
  classify(cmd: ShellCommand, image: string): ManagerCommand | null {
    if (cmd.name !== 'yum') return null;
    if (!canRun(image, 'rpm')) return { manager: 'yum', action: 'other', disabling: [], label: 'yum (not on this image)' };
    const tool = rpmTool(image);
    const roles = tool === 'yum3' ? ['yum'] : tool === 'dnf4' ? ['yum-dnf'] : tool === 'dnf5' ? ['yum-dnf5'] : ['yum', 'yum-dnf'];
    const ops = operands(cmd.args, new Set(['--setopt', '-c', '--config', '--installroot', '--releasever', '--enablerepo', '--disablerepo', '-x', '--exclude']));
    const sub = ops[0]?.value ?? '';
    const label = `yum ${sub}`.trim();
    if (optionValue(cmd.args, ['--installroot']) !== undefined) return { manager: 'yum', action: 'other', disabling: [], label: `${label} --installroot` };
    if (sub === 'clean') {
      const what = ops.slice(1);
      if (what.length === 1 && what[0].value === 'all') {
        // yum 3's `clean all` also clears rpmdb indexes outside the cache: keep that part
        if (tool === 'yum3') return { manager: 'yum', action: 'wipe', wipes: roles, narrow: { word: what[0], text: 'rpmdb' }, disabling: [], label: 'yum clean all' };
        if (tool === 'unknown') return { manager: 'yum', action: 'other', disabling: [], label: 'yum clean all' };
        return { manager: 'yum', action: 'wipe', wipes: roles, disabling: [], label: 'yum clean all' };
      }
      if (what.length && what.every((w) => ['packages', 'metadata', 'dbcache', 'expire-cache', 'headers'].includes(w.value))) return { manager: 'yum', action: 'wipe', wipes: roles, disabling: [], label: `yum clean ${what.map((w) => w.value).join(' ')}` };
      return { manager: 'yum', action: 'other', disabling: [], label };
    }
    if (!DOWNLOADS.has(sub) || cmd.args.some((a) => a.value === '-C' || a.value === '--cacheonly')) return { manager: 'yum', action: 'other', disabling: [], label };
    const keeps = cmd.args.some((a) => /^--setopt=keepcache=/.test(a.value));
    // yum 3 has no --refresh
    const refresh = tool !== 'yum3' && tool !== 'unknown' && !cmd.args.some((a) => a.value === '--refresh') && sub !== 'makecache';
    return { manager: 'yum', action: 'download', uses: roles, disabling: [], options: dnfOptions(roles, !keeps, refresh), label };
  },
};
