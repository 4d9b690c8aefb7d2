import type { Edit } from '../src/edit';
import { recipeById } from '../src/managers';
import type { WordDrop } from '../src/plan';
import type { Transform, TransformNote, TransformResult } from './types';
import { RemovalRequest, removalEdits } from './shell-removals';
import { replaceWord } from './word-edits';

export const ID = 'drop-cache-disabling-flags';

function reasonOf(d: WordDrop, words: string, replacement?: string): string {
  const note = recipeById(d.manager).dropNote;
  const what = replacement === undefined ? `${words} dropped` : `${words} became ${replacement}, which keeps its other effect`;
  return `${what}: ${d.because}, so ${recipeById(d.manager).title} should keep its cache${note ? ` (${note})` : ''}.`;
}

/**
 * Drops flags and assignments that turn a cache off (`pip --no-cache-dir`,
 * `PIP_NO_CACHE_DIR=…`) where every RUN executing the command mounts that cache. A word
 * whose other effect must stay is replaced instead (a recipe names the replacement).
 */
export const dropCacheDisablingFlags: Transform = {
  id: ID,
  title: 'Drop flags that turn off a cache that is mounted.',
  edit: 'cache switch dropped',
  summary:
    'Drops the flags and assignments that turn a package manager\'s cache off (--no-cache-dir, PIP_NO_CACHE_DIR=, …) where every RUN that executes the command mounts that cache; elsewhere they stay. Where the flag does more than that, it is replaced by one that keeps the rest.',
  run(plan): TransformResult {
    const requests: RemovalRequest[] = [];
    const edits: Edit[] = [];
    const notes: TransformNote[] = [];
    for (const d of plan.wordDrops) {
      if (d.cleanup) continue;
      const dropped = d.words.filter((_, k) => d.replacements?.[k] === undefined);
      if (dropped.length) requests.push({ site: d.site, command: null, words: dropped.map((w) => w.node), reason: reasonOf(d, dropped.map((w) => w.raw).join(' ')), managers: d.managers });
      d.words.forEach((w, k) => {
        const text = d.replacements?.[k];
        if (text === undefined) return;
        const r = replaceWord(ID, d.site.unit, w, text, reasonOf(d, w.raw, text));
        if (r.edit) edits.push({ ...r.edit, managers: d.managers });
        if (r.note) notes.push(r.note);
      });
    }
    const removed = removalEdits(ID, requests, () => null);
    return { edits: [...removed.edits, ...edits], notes: [...removed.notes, ...notes], kept: removed.kept };
  },
};
