import { canRun } from './families';
import type { ShellCommand } from '../shell/commands';
import { operands, optionValue } from './args';
import { CacheRecipe, CacheOption, ManagerCommand } from './recipe';
import { rpmTool } from './rpm-images';

const WITH_VALUE = new Set(['--setopt', '-c', '--config', '--installroot', '--releasever', '--repo', '--repoid', '--enablerepo', '--disablerepo', '-x', '--exclude', '--forcearch', '--nogpgcheck', '--nobest']);
const DOWNLOADS = new Set(['install', 'in', 'upgrade', 'update', 'up', 'reinstall', 'downgrade', 'distro-sync', 'dsync', 'swap', 'download', 'makecache', 'mc', 'group', 'groupinstall', 'groupupdate', 'builddep', 'module', 'localinstall', 'upgrade-minimal', 'autoremove', 'check-update', 'repoquery', 'provides', 'search', 'info', 'list']);
const CLEANS = new Set(['all', 'packages', 'metadata', 'dbcache', 'expire-cache']);

/** The options every dnf that downloads gets under its mounts: keep the packages, and check the metadata as an uncached build would. */
export function dnfOptions(roles: string[], keep: boolean, refresh: boolean): CacheOption[] {
  return [
    ...(keep ? [{ text: '--setopt=keepcache=1', roles, at: 'after' as const, why: 'so dnf keeps the packages it downloads (it deletes them after a transaction by default)' }] : []),
    ...(refresh ? [{ text: '--refresh', roles, at: 'after' as const, why: 'so dnf checks its cached metadata as an uncached build would fetch it (it reuses metadata up to 48 hours old)' }] : []),
  ];
}

/**
 * dnf 4 (/var/cache/dnf) and dnf5 (/var/cache/libdnf5). Which one `dnf` is depends on the
 * image: dnf5 on Fedora 41 and later, dnf 4 on EL 8 to 10; on an image the tool does not
 * know, both are mounted (the unused one stays empty). dnf deletes downloaded packages
 * after a transaction unless keepcache is on, and reuses metadata up to 48 hours old, so
 * a mounted command gets `--setopt=keepcache=1 --refresh`. Nothing coordinates two
 * builds writing one cache: locked.
 */
export const dnf: CacheRecipe = {
  id: 'dnf',
  title: 'dnf',
  roles: [
    { id: 'dnf', holds: 'downloaded packages and repository metadata', sharing: 'locked', locate: () => ({ path: '/var/cache/dnf' }) },
    { id: 'libdnf5', holds: 'downloaded packages and repository metadata (dnf5)', sharing: 'locked', locate: () => ({ path: '/var/cache/libdnf5' }) },
  ],
  lockedBecause: 'nothing coordinates two dnf runs writing one cache',
  classify(cmd: ShellCommand, image: string): ManagerCommand | null {
    if (!['dnf', 'dnf-3', 'dnf4', 'dnf5'].includes(cmd.name)) return null;
    if (!canRun(image, 'rpm')) return { manager: 'dnf', action: 'other', disabling: [], label: `${cmd.name} (not on this image)` };
    const tool = cmd.name === 'dnf5' ? 'dnf5' : cmd.name === 'dnf' ? rpmTool(image) : 'dnf4';
    const roles = tool === 'dnf5' ? ['libdnf5'] : tool === 'dnf4' || tool === 'yum3' ? ['dnf'] : ['dnf', 'libdnf5'];
    const ops = operands(cmd.args, WITH_VALUE);
    const sub = ops[0]?.value ?? '';
    const label = `${cmd.name} ${sub}`.trim();
    // another root's cache (an image assembled in a folder): left alone, cleanup included
    if (optionValue(cmd.args, ['--installroot']) !== undefined) return { manager: 'dnf', action: 'other', disabling: [], label: `${label} --installroot` };
    const own = cmd.args.map((a) => /^--setopt=(?:system_)?cachedir=(.+)$/.exec(a.value)?.[1]).find(Boolean);
    const relocates = own ? Object.fromEntries(roles.map((r) => [r, own])) : undefined;
    if (sub === 'clean' && ops.slice(1).length && ops.slice(1).every((o) => CLEANS.has(o.value))) return { manager: 'dnf', action: 'wipe', wipes: roles, relocates, disabling: [], label: `${label} ${ops.slice(1).map((o) => o.value).join(' ')}` };
    if (!DOWNLOADS.has(sub) || cmd.args.some((a) => a.value === '-C' || a.value === '--cacheonly')) return { manager: 'dnf', action: 'other', relocates, disabling: [], label };
    const keeps = cmd.args.some((a) => /^--setopt=keepcache=/.test(a.value));
    const refreshes = cmd.args.some((a) => a.value === '--refresh') || sub === 'makecache' || sub === 'mc';
    return { manager: 'dnf', action: 'download', uses: roles, relocates, disabling: [], options: dnfOptions(roles, !keeps, !refreshes), label };
  },
};
