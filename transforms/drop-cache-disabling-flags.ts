import type { Transform, TransformResult } from './types';
import { removalEdits } from './shell-removals';

export const ID = 'drop-cache-disabling-flags';

/**
 * Drops flags and assignments that turn a cache off (`pip --no-cache-dir`,
 * `PIP_NO_CACHE_DIR=…`) where every RUN executing the command mounts that cache.
 */
export const dropCacheDisablingFlags: Transform = {
  id: ID,
  summary:
    'Drops --no-cache-dir and PIP_NO_CACHE_DIR= from pip commands where every RUN that executes them mounts the pip cache; elsewhere they stay.',
  run(plan): TransformResult {
    const requests = plan.wordDrops
      .filter((d) => !d.cleanup)
      .map((d) => ({
        site: d.site,
        command: null,
        words: d.words.map((w) => w.node),
        reason: `${d.words.map((w) => w.raw).join(' ')} dropped: ${d.because}, so ${d.manager} should keep its cache${
          d.manager === 'pip' ? ' (hadolint DL3042 flags this; silence it with `# hadolint ignore=DL3042`)' : ''
        }.`,
      }));
    return removalEdits(ID, requests, () => null);
  },
};
