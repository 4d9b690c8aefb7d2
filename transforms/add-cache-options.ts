import type { Edit } from '../src/edit';
import type { OptionAdd } from '../src/plan';
import type { ShellCommand } from '../src/shell/commands';
import type { Transform, TransformNote, TransformResult } from './types';
import { insertAtWord } from './word-edits';

export const ID = 'add-cache-options';

/**
 * Some managers use a mounted cache only when told: apk keeps packages only in a cache
 * directory it is given (`--cache-dir`), dnf deletes what it downloaded unless
 * `keepcache` is on. A recipe names the option; it is added to the command where every
 * RUN that runs the command mounts that cache (elsewhere the option would write the
 * cache into the image).
 */
export const addCacheOptions: Transform = {
  id: ID,
  title: 'Add the option a package manager needs to use its cache mount.',
  edit: 'option added so the manager uses its mount',
  summary:
    'Adds the option a package manager needs to use its cache mount (apk --cache-dir, dnf/yum --setopt=keepcache=1, …) to each of its commands, where every RUN that executes the command mounts that cache; elsewhere the command stays as it is.',
  run(plan): TransformResult {
    const edits: Edit[] = [];
    const notes: TransformNote[] = [];
    // every option for one command goes into one edit of its program name
    const byCommand = new Map<ShellCommand, OptionAdd[]>();
    for (const a of plan.optionAdds) byCommand.set(a.site.command, [...(byCommand.get(a.site.command) ?? []), a]);
    for (const [command, adds] of byCommand) {
      const site = adds[0].site;
      const before = adds.filter((a) => a.option.at === 'before').map((a) => a.text);
      const after = adds.filter((a) => a.option.at === 'after').map((a) => a.text);
      const reason = adds.map((a) => `${a.text} added: ${a.because}, ${a.option.why}.`).join(' ');
      const r = insertAtWord(ID, site.unit, command.nameWord, before, after, reason);
      if (r.edit) edits.push({ ...r.edit, ...justification(site, site.unit.file), managers: [...new Set(adds.map((a) => a.manager))] });
      if (r.note) notes.push(r.note);
    }
    return { edits, notes };
  },
};

function justification(site: { runs: Array<{ dockerfile: { path: string }; run: { line: number } }> }, file: string): { justifiedBy?: string[] } {
  return site.runs.every((rp) => rp.dockerfile.path === file) ? {} : { justifiedBy: site.runs.map((rp) => `${rp.dockerfile.path}:${rp.run.line}`) };
}
