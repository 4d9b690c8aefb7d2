import type { Edit } from '../src/edit';
import { recipeById, roleById } from '../src/managers';
import type { MountAddition, RunPlan } from '../src/plan';
import { isBlank, lineStartOf } from '../src/text';
import type { Transform, TransformResult } from './types';

export const ID = 'add-cache-mounts';

export function mountFlag(a: MountAddition): string {
  const owner = a.target.uid !== undefined ? `,uid=${a.target.uid},gid=${a.target.gid}` : '';
  return `--mount=type=cache,target=${a.target.target}${a.target.sharing === 'locked' ? ',sharing=locked' : ''}${owner}`;
}

function mountReason(rp: RunPlan): string {
  const managers = [...new Set(rp.add.map((a) => a.manager))];
  const where = (m: string): string => {
    const files = [...new Set(rp.uses.filter((u) => u.recognised.manager === m && u.unit.file !== rp.dockerfile.path).map((u) => u.unit.file))];
    return files.length ? ` (in ${files.join(', ')})` : '';
  };
  const runs = managers.map((m) => `${recipeById(m).title}${where(m)}`).join(' and ');
  const mounts = rp.add.map((a) => `${a.target.target} for ${roleById(a.role).role.holds}`).join(', ');
  const locked = [...new Set(rp.add.filter((a) => a.target.sharing === 'locked').map((a) => recipeById(a.manager).lockedBecause).filter(Boolean))];
  return `The RUN runs ${runs}: cache ${mounts}${locked.length ? `; locked because ${locked.join(', and ')}` : ''}.`;
}

/**
 * Adds `--mount=type=cache,…` to each RUN that runs a package manager, directly or
 * through scripts. New flags go after existing ones, one per continuation line, in the
 * file's own continuation style and line endings.
 */
export const addCacheMounts: Transform = {
  id: ID,
  title: 'Mount a BuildKit cache for each package manager a RUN runs.',
  edit: 'cache mount added',
  summary:
    'Adds a --mount=type=cache flag for each cache a RUN needs, at the path where the package manager keeps it for that RUN (its user, ENV, options), with sharing=locked where the manager takes locks; after any existing flags, one per line.',
  run(plan): TransformResult {
    const edits: Edit[] = [];
    for (const rp of plan.runs.values()) {
      if (!rp.add.length) continue;
      const { run, dockerfile: df } = rp;
      const text = df.text;
      const esc = df.escape;
      const sep = df.style.beforeEscape;
      const flags = rp.add.map(mountFlag);
      const reason = mountReason(rp);
      const base = { file: df.path, transform: ID, reason, managers: [...new Set(rp.add.map((a) => a.manager))] };
      const last = run.flags[run.flags.length - 1];
      const anchor = last ? last.end : run.bodyStart;
      const ls = lineStartOf(text, last ? last.start : run.bodyStart);
      const before = text.slice(ls, last ? last.start : run.bodyStart);
      let indent = isBlank(before) && before !== '' ? before : df.style.indent;
      const space = sep === '' && indent === '' ? ' ' : sep;
      if (indent === '') indent = ' ';
      const cont = `${space}${esc}${df.eol}${indent}`;
      if (last) {
        const between = text.slice(last.end, run.bodyStart);
        const sameLine = !/[\r\n]/.test(between);
        const ins = flags.map((f) => `${cont}${f}`).join('');
        if (sameLine) edits.push({ ...base, start: last.end, end: run.bodyStart, text: ins + cont });
        else edits.push({ ...base, start: anchor, end: anchor, text: ins });
      } else {
        edits.push({ ...base, start: anchor, end: anchor, text: flags.map((f) => `${f}${cont}`).join('') });
      }
    }
    return { edits, notes: [] };
  },
};
