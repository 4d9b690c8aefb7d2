import { canRun } from './families';
import type { ShellCommand } from '../shell/commands';
import { operands, optionValue } from './args';
import { CacheRecipe, ManagerCommand } from './recipe';
import { isFedora } from './rpm-images';

const DOWNLOADS = new Set(['install', 'upgrade', 'update', 'reinstall', 'distro-sync', 'download', 'makecache', 'repoquery', 'module']);

/**
 * microdnf (UBI and RHEL minimal images): its cache is /var/cache/yum (metadata, solv and
 * lock below it; mounted whole because `clean all` removes the folders below it). On
 * Fedora, microdnf is dnf5 (/var/cache/libdnf5). It keeps downloaded packages only with
 * `--setopt=keepcache=1` (microdnf 3.7 and later; only `1` is accepted there).
 */
export const microdnf: CacheRecipe = {
  id: 'microdnf',
  title: 'microdnf',
  roles: [
    { id: 'microdnf', holds: 'downloaded packages and repository metadata', sharing: 'locked', locate: () => ({ path: '/var/cache/yum' }) },
    { id: 'microdnf5', holds: 'downloaded packages and repository metadata (dnf5)', sharing: 'locked', locate: () => ({ path: '/var/cache/libdnf5' }) },
  ],
  lockedBecause: 'microdnf locks with process ids, which mean nothing across containers',
  classify(cmd: ShellCommand, image: string): ManagerCommand | null {
    if (cmd.name !== 'microdnf') return null;
    if (!canRun(image, 'rpm')) return { manager: 'microdnf', action: 'other', disabling: [], label: 'microdnf (not on this image)' };
    const roles = isFedora(image) ? ['microdnf5'] : ['microdnf'];
    const ops = operands(cmd.args, new Set(['--setopt', '--releasever', '--installroot', '--config', '--enablerepo', '--disablerepo']));
    const sub = ops[0]?.value ?? '';
    const label = `microdnf ${sub}`.trim();
    if (optionValue(cmd.args, ['--installroot']) !== undefined) return { manager: 'microdnf', action: 'other', disabling: [], label: `${label} --installroot` };
    if (sub === 'clean' && ops[1]?.value === 'all') return { manager: 'microdnf', action: 'wipe', wipes: roles, disabling: [], label: 'microdnf clean all' };
    if (!DOWNLOADS.has(sub)) return { manager: 'microdnf', action: 'other', disabling: [], label };
    const keeps = cmd.args.some((a) => /^--setopt=keepcache=/.test(a.value));
    return {
      manager: 'microdnf',
      action: 'download',
      uses: roles,
      disabling: [],
      options: keeps ? [] : [{ text: '--setopt=keepcache=1', roles, at: 'after', why: 'so microdnf keeps the packages it downloads (it deletes them by default)' }],
      label,
    };
  },
};
