/**
 * Inline ignore comments, as a reviewer writes them in the files themselves:
 *
 *   # cachemount ignore                      nothing in the next instruction or command changes
 *   # cachemount ignore=<transform>[,<t>…]   only those transforms leave it alone
 *   # cachemount ignore-file                 (among a file's first comment lines) the file does not change
 *
 * A comment counts for the instruction or command right below its block of comment lines
 * (no blank line in between). What a comment means for safety is decided elsewhere: an
 * ignored RUN mounts nothing new, so the scripts it runs keep their cleanups.
 */
import type { Node, Tree } from './shell/parser';
import { lineEndOf, lineStartOf, nextLineStart } from './text';

/** Which transforms leave something alone: all of them, or those named. */
export type IgnoreSet = 'all' | ReadonlySet<string>;

/** A range of a unit's view (or a file) that some transforms leave alone. */
export interface IgnoreMark {
  start: number;
  end: number;
  transforms: IgnoreSet;
}

export type IgnoreComment = { kind: 'ignore'; transforms: IgnoreSet; unknown: string[] } | { kind: 'file' };

const COMMENT = /^[ \t]*#[ \t]*cachemount[ \t]+(ignore-file|ignore)(?:[ \t]*=[ \t]*([^\r\n]*?))?[ \t]*$/;

/** The ignore comment a line holds, or null; `known` are the transform ids. */
export function parseIgnoreComment(line: string, known: readonly string[]): IgnoreComment | null {
  const m = COMMENT.exec(line);
  if (!m) return null;
  if (m[1] === 'ignore-file') return m[2] === undefined ? { kind: 'file' } : null;
  if (m[2] === undefined) return { kind: 'ignore', transforms: 'all', unknown: [] };
  const ids = m[2].split(/[ \t]*,[ \t]*/).filter(Boolean);
  const unknown = ids.filter((id) => !known.includes(id));
  // a typo must not let an edit through: an unknown name ignores everything
  if (!ids.length || unknown.length) return { kind: 'ignore', transforms: 'all', unknown };
  return { kind: 'ignore', transforms: new Set(ids), unknown: [] };
}

/** The union of two ignore sets. */
export function unionIgnores(a: IgnoreSet | null, b: IgnoreSet | null): IgnoreSet | null {
  if (a === null) return b;
  if (b === null) return a;
  if (a === 'all' || b === 'all') return 'all';
  return new Set([...a, ...b]);
}

export function ignoresTransform(set: IgnoreSet | null | undefined, transform: string): boolean {
  return !!set && (set === 'all' || set.has(transform));
}

/** True when a mark leaves [start, end) alone for the transform. */
export function ignoredAt(marks: readonly IgnoreMark[] | undefined, start: number, end: number, transform: string): boolean {
  return !!marks && marks.some((m) => start < m.end && m.start < Math.max(end, start + 1) && ignoresTransform(m.transforms, transform));
}

export function describeIgnore(set: IgnoreSet): string {
  return set === 'all' ? '`# cachemount ignore`' : `\`# cachemount ignore=${[...set].join(',')}\``;
}

/** Lines of text as [start, end) offsets (end before the line break). */
function* lines(text: string): Generator<[number, number]> {
  let s = 0;
  while (s < text.length) {
    const e = lineEndOf(text, s);
    yield [s, e];
    const n = nextLineStart(text, e);
    if (n <= s) break;
    s = n;
  }
}

/**
 * True when a `# cachemount ignore-file` comment is among the file's first comment lines
 * (a shebang, parser directives and blank lines may come before it).
 */
export function ignoresFile(text: string): boolean {
  for (const [s, e] of lines(text)) {
    const line = text.slice(s, e).replace(/^\uFEFF/, '');
    if (/^[ \t]*$/.test(line)) continue;
    if (!/^[ \t]*#/.test(line)) return false;
    if (COMMENT.test(line) && /ignore-file[ \t]*$/.test(line)) return true;
  }
  return false;
}

/**
 * The ignore comment in the block of comment lines right above `offset`'s line (no blank
 * line between), merged when several lines say it; the line numbers of the comments with
 * unknown transform names come back for a note.
 */
export function ignoreAbove(text: string, offset: number, known: readonly string[]): { transforms: IgnoreSet; unknown: string[] } | null {
  let at = lineStartOf(text, offset);
  let set: IgnoreSet | null = null;
  const unknown: string[] = [];
  while (at > 0) {
    const prevEnd = at - 1 - (text[at - 1] === '\n' && text[at - 2] === '\r' ? 1 : 0);
    const prev = lineStartOf(text, prevEnd);
    const line = text.slice(prev, prevEnd);
    if (!/^[ \t]*#/.test(line)) break;
    const c = parseIgnoreComment(line, known);
    if (c && c.kind === 'ignore') {
      set = unionIgnores(set, c.transforms);
      unknown.push(...c.unknown);
    }
    at = prev;
  }
  return set === null ? null : { transforms: set, unknown };
}

/**
 * Marks for the commands of a parsed unit that have an ignore comment above their line:
 * the whole statement that starts on that line (a list, a pipeline, a compound command
 * or a function definition, continuation lines included).
 */
export function commandIgnoreMarks(view: string, tree: Tree, known: readonly string[]): IgnoreMark[] {
  if (!view.includes('cachemount')) return [];
  const out: IgnoreMark[] = [];
  for (const [s, e] of lines(view)) {
    const line = view.slice(s, e);
    if (/^[ \t]*(#|$)/.test(line)) continue;
    const above = ignoreAbove(view, s, known);
    if (!above) continue;
    const first = s + (/^[ \t]*/.exec(line)?.[0].length ?? 0);
    let node: Node | null = tree.rootNode.descendantForIndex(first);
    // the outermost node that starts where the line's text starts
    while (node && node.parent && node.parent.type !== 'program' && node.parent.startIndex === node.startIndex) node = node.parent;
    const end = node && node.startIndex === first ? Math.max(node.endIndex, e) : e;
    out.push({ start: s, end, transforms: above.transforms });
  }
  return out;
}
