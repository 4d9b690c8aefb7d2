import { canRun } from './families';
import type { ShellCommand } from '../shell/commands';
import { operands, optionValue } from './args';
import { CacheRecipe, ManagerCommand } from './recipe';

const DOWNLOADS = new Set(['install', 'update', 'upgrade', 'reinstall', 'downgrade', 'distro-sync', 'makecache', 'check-update', 'list', 'search', 'info', 'repoquery']);

/**
 * tdnf (Photon OS, Azure Linux): cache /var/cache/tdnf. Released tdnf (3.5 and earlier)
 * has no per-command way to keep packages (it accepts `--setopt=keepcache=1` and ignores
 * it), so the mount keeps the repository metadata only.
 */
export const tdnf: CacheRecipe = {
  id: 'tdnf',
  title: 'tdnf',
  roles: [{ id: 'tdnf', holds: 'repository metadata', sharing: 'locked', locate: () => ({ path: '/var/cache/tdnf' }) }],
  lockedBecause: 'nothing coordinates two tdnf runs writing one cache',
  classify(cmd: ShellCommand, image: string): ManagerCommand | null {
    if (cmd.name !== 'tdnf') return null;
    if (!canRun(image, 'rpm')) return { manager: 'tdnf', action: 'other', disabling: [], label: 'tdnf (not on this image)' };
    const ops = operands(cmd.args, new Set(['--setopt', '-c', '--config', '--installroot', '--releasever', '--enablerepo', '--disablerepo']));
    const sub = ops[0]?.value ?? '';
    const label = `tdnf ${sub}`.trim();
    if (optionValue(cmd.args, ['--installroot']) !== undefined) return { manager: 'tdnf', action: 'other', disabling: [], label: `${label} --installroot` };
    if (sub === 'clean' && ops[1]?.value === 'all') return { manager: 'tdnf', action: 'wipe', wipes: ['tdnf'], disabling: [], label: 'tdnf clean all' };
    if (DOWNLOADS.has(sub) && !cmd.args.some((a) => a.value === '-C' || a.value === '--cacheonly')) return { manager: 'tdnf', action: 'download', disabling: [], label };
    return { manager: 'tdnf', action: 'other', disabling: [], label };
  },
};
