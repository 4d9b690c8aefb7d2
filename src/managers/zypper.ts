import { canRun } from './families';
import type { ShellCommand } from '../shell/commands';
import { operands, optionValue } from './args';
import { CacheRecipe, ManagerCommand } from './recipe';

const WITH_VALUE = new Set(['-C', '--cache-dir', '--raw-cache-dir', '--solv-cache-dir', '--pkg-cache-dir', '-R', '--root', '--reposd-dir', '-D', '--releasever', '-r', '--repo', '-t', '--type']);
const DOWNLOADS = new Set(['install', 'in', 'update', 'up', 'dist-upgrade', 'dup', 'patch', 'refresh', 'ref', 'source-install', 'si', 'download', 'install-new-recommends', 'inr', 'search', 'se', 'info', 'if']);

/**
 * zypper (openSUSE, SLES): cache /var/cache/zypp (raw and solv metadata, packages);
 * `-C`/`--cache-dir` moves it. zypper keeps packages only for repositories configured to,
 * so the mount keeps the metadata; `zypper clean` wipes it.
 */
export const zypper: CacheRecipe = {
  id: 'zypper',
  title: 'zypper',
  roles: [{ id: 'zypper', holds: 'repository metadata and packages', sharing: 'locked', locate: () => ({ path: '/var/cache/zypp' }) }],
  lockedBecause: 'nothing coordinates two zypper runs writing one cache',
  classify(cmd: ShellCommand, image: string): ManagerCommand | null {
    if (cmd.name !== 'zypper') return null;
    if (!canRun(image, 'suse')) return { manager: 'zypper', action: 'other', disabling: [], label: 'zypper (not on this image)' };
    const own = optionValue(cmd.args, ['-C', '--cache-dir']);
    const relocates = own ? { zypper: own } : undefined;
    const ops = operands(cmd.args, WITH_VALUE);
    const sub = ops[0]?.value ?? '';
    const label = `zypper ${sub}`.trim();
    if (optionValue(cmd.args, ['-R', '--root', '--installroot']) !== undefined) return { manager: 'zypper', action: 'other', disabling: [], label: `${label} --root` };
    if (sub === 'clean' || sub === 'cc') return { manager: 'zypper', action: 'wipe', wipes: ['zypper'], relocates, disabling: [], label };
    if (DOWNLOADS.has(sub)) return { manager: 'zypper', action: 'download', relocates, disabling: [], label };
    return { manager: 'zypper', action: 'other', relocates, disabling: [], label };
  },
};
