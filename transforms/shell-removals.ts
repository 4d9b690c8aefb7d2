import type { Edit } from '../src/edit';
import type { Site } from '../src/plan';
import type { ShellUnit } from '../src/project';
import type { Node } from '../src/shell/parser';
import { lineStatementOf, planRemovals, runsOnlyOnFailure } from '../src/shell/removal';
import { lineStartOf } from '../src/text';
import type { TransformNote } from './types';
import { ignoredAt } from '../src/ignores';

/** One thing to remove from a unit, with the sentence that explains it. */
export interface RemovalRequest {
  site: Site;
  /** The command node to drop, or null when only words go. */
  command: Node | null;
  words: Node[];
  reason: string;
  /** The package managers whose caches the removal concerns. */
  managers: string[];
}

function justification(site: Site, unit: ShellUnit): string[] | undefined {
  const refs = site.runs.map((rp) => `${rp.dockerfile.path}:${rp.run.line}`);
  // Edits inside a Dockerfile's own RUN are justified by that RUN; say so for scripts.
  return site.runs.every((rp) => rp.dockerfile.path === unit.file) ? undefined : refs;
}

function overlapsError(unit: ShellUnit, start: number, end: number): boolean {
  return unit.errors.some(([s, e]) => start < e && s < Math.max(end, start + 1));
}

/**
 * Turns removal requests into edits, one unit at a time, through the shell-edit engine.
 * Requests the engine refuses, or whose edits would touch text the parser could not
 * read, become notes instead.
 */
export function removalEdits(
  transform: string,
  requests: readonly RemovalRequest[],
  comment: (unit: ShellUnit, requests: readonly RemovalRequest[]) => string | null,
  /* comment is asked once per group of statements removed together */
): { edits: Edit[]; notes: TransformNote[]; kept: Array<{ site: Site; reason: string }> } {
  const edits: Edit[] = [];
  const notes: TransformNote[] = [];
  const kept: Array<{ site: Site; reason: string }> = [];
  const byUnit = new Map<ShellUnit, RemovalRequest[]>();
  for (const r of requests) {
    const list = byUnit.get(r.site.unit) ?? [];
    list.push(r);
    byUnit.set(r.site.unit, list);
  }
  for (const [unit, reqs] of byUnit) {
    const base = unit.source.base;
    if (!unit.editable) {
      for (const r of reqs) {
        kept.push({ site: r.site, reason: 'exec-form and heredoc-line RUNs are not edited' });
        notes.push({ file: unit.file, offset: base + r.site.command.start, message: `kept ${labelOf(r)}: exec-form and heredoc-line RUNs are not edited (${r.reason})` });
      }
      continue;
    }
    const ok = reqs.filter((r) => {
      const n = r.command ?? r.site.command.node;
      if (ignoredAt(unit.ignores, n.startIndex, n.endIndex, transform)) {
        kept.push({ site: r.site, reason: 'an ignore comment or setting leaves it alone' });
        notes.push({ file: unit.file, offset: base + n.startIndex, message: `kept ${labelOf(r)}: an ignore comment or setting leaves it alone` });
        return false;
      }
      if (runsOnlyOnFailure(n)) {
        const why = 'it runs only when the command before the `||` fails (a recovery step, which a cache mount does not make unnecessary)';
        kept.push({ site: r.site, reason: why });
        notes.push({ file: unit.file, offset: base + n.startIndex, message: `kept ${labelOf(r)}: ${why}` });
        return false;
      }
      if (overlapsError(unit, n.startIndex, n.endIndex)) {
        kept.push({ site: r.site, reason: 'the shell around it could not be parsed' });
        notes.push({ file: unit.file, offset: base + n.startIndex, message: `kept ${labelOf(r)}: the shell around it could not be parsed` });
        return false;
      }
      return true;
    });
    /** The requests whose command (or words) lie inside one of the nodes. */
    const within = (nodes: ReadonlyArray<{ startIndex: number; endIndex: number }>): RemovalRequest[] =>
      ok.filter((r) => (r.command ? [r.command] : r.words).some((n) => nodes.some((c) => n.startIndex >= c.startIndex && n.endIndex <= c.endIndex)));
    const result = planRemovals(
      unit.source,
      ok.flatMap((r) => (r.command ? [r.command] : [])),
      ok.flatMap((r) => r.words),
      (removed) => {
        const inside = within(removed);
        return inside.length ? comment(unit, inside) : null;
      },
    );
    for (const ref of result.refused) {
      notes.push({ file: unit.file, offset: base + ref.node.startIndex, message: `kept \`${ref.node.text.split('\n')[0]}\`: ${ref.reason}` });
      for (const r of ok) if (r.command?.id === ref.node.id || r.words.some((w) => w.id === ref.node.id)) kept.push({ site: r.site, reason: ref.reason });
    }
    const refusedIds = new Set(result.refused.map((x) => x.node.id));
    // One comment above each statement line that lost a cleanup and has no comment yet.
    const anchors = new Map<number, { anchor: Node; nodes: Node[] }>();
    for (const ch of result.changes) {
      if (ch.commented || !ch.covers?.length || unit.source.kind !== 'script') continue;
      const anchor = lineStatementOf(unit.source.view, ch.covers[0]);
      if (!anchor) continue;
      const entry = anchors.get(anchor.id) ?? { anchor, nodes: [] };
      entry.nodes.push(...ch.covers);
      anchors.set(anchor.id, entry);
    }
    let previous: { note: string; end: number } | null = null;
    for (const { anchor, nodes } of [...anchors.values()].sort((a, b) => a.anchor.startIndex - b.anchor.startIndex)) {
      const inside = within(nodes);
      const note = inside.length ? comment(unit, inside) : null;
      if (!note) continue;
      const view = unit.source.view;
      const ls = lineStartOf(view, anchor.startIndex);
      // the same comment for the statement on the very next line would only repeat itself
      const adjacent = previous && previous.note === note && /^[^\n]*\r?\n[ \t]*$/.test(view.slice(previous.end, anchor.startIndex));
      previous = { note, end: anchor.endIndex };
      if (adjacent) continue;
      result.changes.push({ start: ls, end: ls, text: `${view.slice(ls, anchor.startIndex)}# ${note}${unit.source.eol}`, covers: nodes, commented: true });
    }
    for (const ch of result.changes) {
      const requests = within(ch.covers?.length ? ch.covers : [{ startIndex: ch.start, endIndex: ch.end }]);
      if (ignoredAt(unit.ignores, ch.start, ch.end, transform)) {
        notes.push({ file: unit.file, offset: base + ch.start, message: 'kept a cleanup: the edit would touch shell that an ignore comment or setting leaves alone' });
        for (const r of requests) kept.push({ site: r.site, reason: 'the edit would touch shell that an ignore comment or setting leaves alone' });
        continue;
      }
      if (overlapsError(unit, ch.start, ch.end)) {
        notes.push({ file: unit.file, offset: base + ch.start, message: 'kept a cleanup: the edit would touch shell the parser could not read' });
        for (const r of requests) kept.push({ site: r.site, reason: 'the edit would touch shell the parser could not read' });
        continue;
      }
      const covered = requests.filter((r) => !(r.command && refusedIds.has(r.command.id)));
      const isComment = ch.start === ch.end && ch.text.trimStart().startsWith('#');
      const reason = isComment
        ? 'A comment says why the cleanup here was dropped.'
        : covered.length
          ? [...new Set(covered.map((r) => r.reason))].join(' ')
          : 'Removes what is left of a dropped cleanup.';
      const justifiedBy = covered.length ? [...new Set(covered.flatMap((r) => justification(r.site, unit) ?? []))] : [];
      const managers = [...new Set(covered.flatMap((r) => r.managers))];
      edits.push({
        file: unit.file,
        start: base + ch.start,
        end: base + ch.end,
        text: ch.text,
        transform,
        reason,
        ...(justifiedBy.length ? { justifiedBy } : {}),
        ...(managers.length ? { managers } : {}),
      });
    }
  }
  return { edits, notes, kept };
}

function labelOf(r: RemovalRequest): string {
  return r.command ? `\`${r.command.text.split('\n')[0]}\`` : r.words.map((w) => `\`${w.text}\``).join(' ');
}
