import { recipeById } from '../src/managers';
import type { ShellUnit } from '../src/project';
import type { RemovalRequest } from './shell-removals';
import { removalEdits } from './shell-removals';
import { replaceWord } from './word-edits';
import type { Transform, TransformResult } from './types';

export const ID = 'keep-cache-on-cleanup';

/**
 * Drops commands that wipe a cache the RUN mounts (`apt-get clean`,
 * `rm -rf /var/lib/apt/lists/*`, `pip cache purge`, …): content under a cache mount is
 * never part of the image, so the cleanup only costs the next build its cache. An `rm`
 * with other paths keeps them. In scripts, a one-line comment says why.
 */
export const keepCacheOnCleanup: Transform = {
  id: ID,
  title: 'Drop cleanups that would wipe a mounted cache.',
  edit: 'cleanup of a mounted cache dropped',
  summary:
    'Drops cleanups that wipe a mounted cache (apt-get clean, rm -rf /var/lib/apt/lists/*, pip cache purge, rm -rf /root/.cache/pip, …), also inside functions such as cleanup(); an rm keeps its other paths; the shell stays valid.',
  run(plan, _project, options): TransformResult {
    const requests: RemovalRequest[] = [
      ...plan.commandDrops.map((d) => ({
        site: d.site,
        command: d.site.command.node,
        words: [],
        reason: `\`${d.label}\` dropped: ${d.because}; wiping it would only cost the next build its cache.`,
        managers: d.managers,
      })),
      ...plan.wordDrops
        .filter((d) => d.cleanup && !d.replacements)
        .map((d) => ({
          site: d.site,
          command: null,
          words: d.words.map((w) => w.node),
          reason: `${d.words.map((w) => w.raw).join(' ')} dropped from rm: ${d.because}.`,
          managers: d.managers,
        })),
    ];
    const comment = (unit: ShellUnit, reqs: readonly RemovalRequest[]): string | null => {
      if (!options.comments || unit.source.kind !== 'script') return null;
      const dfs = new Set<string>();
      const managers = new Set<string>();
      for (const r of reqs) {
        for (const rp of r.site.runs) dfs.add(rp.dockerfile.path);
        const cmd = plan.commandDrops.find((d) => d.site === r.site);
        const word = plan.wordDrops.find((d) => d.site === r.site);
        (cmd?.managers ?? word?.managers ?? []).forEach((m) => managers.add(m));
      }
      const list = [...managers].map((m) => recipeById(m).title).sort();
      const what = list.length === 1 ? `the ${list[0]} cache is a BuildKit cache mount` : list.length ? `${list.join(' and ')} caches are BuildKit cache mounts` : 'these caches are BuildKit cache mounts';
      return `${what} in ${[...dfs].sort().join(', ')}; no cleanup needed (cachemount)`;
    };
    const result = removalEdits(ID, requests, comment);
    // a cleanup that also clears something outside the cache is narrowed to that part
    for (const d of plan.wordDrops.filter((x) => x.cleanup && x.replacements)) {
      d.words.forEach((w, k) => {
        const r = replaceWord(ID, d.site.unit, w, d.replacements![k]!, `\`${d.site.command.node.text.split('\n')[0]}\` narrowed to \`${d.replacements![k]}\`: ${d.because}; only what lies outside the cache is still cleared.`);
        if (r.edit) result.edits.push({ ...r.edit, managers: d.managers });
        if (r.note) result.notes.push(r.note);
      });
    }
    return result;
  },
};
