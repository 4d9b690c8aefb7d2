import type { ShellCommand } from '../shell/commands';
import { CacheRecipe, CacheTarget, firstOperand, ManagerCommand } from './recipe';

const OPTIONS_WITH_VALUE = new Set(['-o', '--option', '-c', '--config-file', '-t', '--target-release', '--default-release', '-a', '--host-architecture']);
const DOWNLOADS = new Set(['install', 'upgrade', 'dist-upgrade', 'full-upgrade', 'build-dep', 'source', 'download', 'reinstall', 'satisfy']);
const WIPES: Record<string, string[]> = {
  clean: ['apt-archives'],
  distclean: ['apt-archives', 'apt-lists'],
  'dist-clean': ['apt-archives', 'apt-lists'],
};

/**
 * apt and apt-get. Downloads land in /var/cache/apt (archives) and the index in
 * /var/lib/apt (lists). Both are locked: apt takes locks in them.
 */
export const apt: CacheRecipe = {
  id: 'apt',
  title: 'apt',
  classify(cmd: ShellCommand): ManagerCommand | null {
    if (cmd.name === 'add-apt-repository') {
      const noUpdate = cmd.args.some((a) => a.value === '-n' || a.value === '--no-update');
      return { manager: 'apt', action: noUpdate ? 'other' : 'download', updatesIndex: !noUpdate, disabling: [], label: 'add-apt-repository' };
    }
    if (cmd.name !== 'apt-get' && cmd.name !== 'apt') return null;
    const op = firstOperand(cmd.args, OPTIONS_WITH_VALUE);
    const sub = op?.word.value ?? '';
    const label = `${cmd.name} ${sub}`.trim();
    if (sub === 'update') return { manager: 'apt', action: 'download', updatesIndex: true, disabling: [], label };
    if (DOWNLOADS.has(sub)) return { manager: 'apt', action: 'download', disabling: [], label };
    if (WIPES[sub]) return { manager: 'apt', action: 'wipe', wipes: WIPES[sub], disabling: [], label };
    return { manager: 'apt', action: 'other', disabling: [], label };
  },
  roles(): Map<string, CacheTarget> {
    return new Map([
      ['apt-archives', { target: '/var/cache/apt', sharing: 'locked' }],
      ['apt-lists', { target: '/var/lib/apt', sharing: 'locked' }],
    ]);
  },
  wanted(commands): string[] {
    if (!commands.some((c) => c.action === 'download')) return [];
    // The lists are mounted only where this RUN refreshes them; the plan may still refuse.
    return commands.some((c) => c.updatesIndex) ? ['apt-archives', 'apt-lists'] : ['apt-archives'];
  },
};
