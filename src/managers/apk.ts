import { canRun } from './families';
import type { ShellCommand } from '../shell/commands';
import { hasFlag, operands, optionValue, relocation } from './args';
import { CacheRecipe, ManagerCommand } from './recipe';

const WITH_VALUE = new Set(['-X', '--repository', '-p', '--root', '--cache-dir', '--cache-max-age', '--keys-dir', '--repositories-file', '--arch', '-t', '--virtual', '--timeout', '--from', '-o', '--output']);
const DOWNLOADS = new Set(['add', 'upgrade', 'fix', 'update', 'cache']);

/**
 * apk (Alpine). apk keeps downloaded packages only in an active cache directory:
 * `/etc/apk/cache` when it exists, or the one `--cache-dir` names (apk-tools 2.7.0 and
 * later). A link made in the RUN would stay in the image, so the cache is mounted at
 * /var/cache/apk (every Alpine root has it) and the command is told `--cache-dir`.
 * `--no-cache` also fetches a fresh index, so it becomes `--update-cache`, which keeps that.
 */
export const apk: CacheRecipe = {
  id: 'apk',
  title: 'apk',
  roles: [{ id: 'apk', holds: 'downloaded packages and indexes', sharing: 'locked', locate: () => ({ path: '/var/cache/apk' }) }],
  lockedBecause: 'two apk runs writing one cache at once can clash on its temporary files',
  classify(cmd: ShellCommand, image: string): ManagerCommand | null {
    if (cmd.name !== 'apk') return null;
    if (!canRun(image, 'alpine')) return { manager: 'apk', action: 'other', disabling: [], label: 'apk (not on this image)' };
    const sub = operands(cmd.args, WITH_VALUE)[0]?.value ?? '';
    const label = `apk ${sub}`.trim();
    // another root (an image assembled in a folder): its cache is not this one
    if (optionValue(cmd.args, ['-p', '--root']) !== undefined) return { manager: 'apk', action: 'other', disabling: [], label: `${label} --root` };
    if (sub === 'cache') {
      const verb = operands(cmd.args, WITH_VALUE)[1]?.value;
      if (verb === 'clean' || verb === 'purge') return { manager: 'apk', action: 'wipe', wipes: ['apk'], disabling: [], label: `${label} ${verb}` };
    }
    if (!DOWNLOADS.has(sub)) return { manager: 'apk', action: 'other', disabling: [], label };
    const own = optionValue(cmd.args, ['--cache-dir']);
    const noCache = cmd.args.filter((a) => a.value === '--no-cache');
    return {
      manager: 'apk',
      action: 'download',
      relocates: relocation('apk', own),
      // with the index refreshed by -U already, the flag simply goes
      disabling: noCache.map((word, k) => ({ word, roles: ['apk'], replacement: k === 0 && !hasFlag(cmd.args, ['-U', '--update-cache']) && sub !== 'update' ? '--update-cache' : undefined })),
      options: own === undefined ? [{ text: '--cache-dir {path}', roles: ['apk'], at: 'after', why: 'so apk keeps the packages it downloads there (it caches packages only in a cache directory it is given)' }] : [],
      label,
    };
  },
};
