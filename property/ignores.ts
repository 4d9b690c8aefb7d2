/**
 * The checker's own reading of ignore comments (written apart from src/ignores.ts, so the
 * two cannot share a mistake): what a comment leaves alone, and whether a change touched it.
 *
 *   # cachemount ignore            the instruction or command below stays as it is
 *   # cachemount ignore=a,b        changes of those transforms stay out of it
 *   # cachemount ignore-file       (in the first comment lines) the file stays as it is
 */
import type { DockerfileModel } from '../src/dockerfile/model';
import type { HunkVerdict } from './classify';

const KNOWN = ['add-cache-mounts', 'add-cache-options', 'drop-cache-disabling-flags', 'keep-cache-on-cleanup', 'keep-downloaded-packages'];

type Ignored = 'all' | Set<string>;

function lineList(text: string): Array<{ start: number; end: number; text: string }> {
  const out: Array<{ start: number; end: number; text: string }> = [];
  const re = /[^\r\n]*(\r\n|\n|\r|$)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) && m[0].length) {
    out.push({ start: m.index, end: m.index + m[0].length, text: m[0].replace(/[\r\n]+$/, '') });
    if (re.lastIndex >= text.length) break;
  }
  return out;
}

/** What the comment lines right above line `k` leave alone (null: nothing). */
function above(lines: ReturnType<typeof lineList>, k: number): Ignored | null {
  let result: Ignored | null = null;
  for (let j = k - 1; j >= 0 && /^\s*#/.test(lines[j].text); j--) {
    const m = /^\s*#\s*cachemount\s+ignore(\s*=\s*(.*?))?\s*$/.exec(lines[j].text);
    if (!m) continue;
    if (m[1] === undefined) return 'all';
    const names = m[2].split(',').map((x) => x.trim()).filter(Boolean);
    if (!names.length || names.some((n) => !KNOWN.includes(n))) return 'all';
    result = result === null ? new Set(names) : new Set([...result, ...names]);
  }
  return result;
}

export function fileIgnored(text: string): boolean {
  for (const l of lineList(text)) {
    if (/^\s*$/.test(l.text)) continue;
    if (!/^\s*#/.test(l.text)) return false;
    if (/^\s*#\s*cachemount\s+ignore-file\s*$/.test(l.text)) return true;
  }
  return false;
}

/** What ignore comments leave alone in the RUN that starts at `start` (null: nothing). */
export function runIgnored(text: string, start: number): Ignored | null {
  if (fileIgnored(text)) return 'all';
  const lines = lineList(text);
  return above(lines, lines.findIndex((l) => start >= l.start && start < l.end));
}

export const has = (ig: Ignored | null, t: string): boolean => ig !== null && (ig === 'all' || ig.has(t));

/**
 * Ranges of a file that ignore comments cover: for a Dockerfile, each RUN with a comment
 * above it; for a script, the line below the comment with the lines it continues onto
 * (a trailing `\`, `&&`, `||` or `|`).
 */
function ignoredRanges(text: string, model: DockerfileModel | null): Array<{ start: number; end: number; ig: Ignored }> {
  const lines = lineList(text);
  const lineOf = (off: number): number => lines.findIndex((l) => off >= l.start && off < l.end);
  const out: Array<{ start: number; end: number; ig: Ignored }> = [];
  if (model) {
    for (const r of model.runs) {
      const ig = above(lines, lineOf(r.start));
      if (ig) out.push({ start: r.start, end: r.end, ig });
    }
    return out;
  }
  lines.forEach((l, k) => {
    if (/^\s*(#|$)/.test(l.text)) return;
    const ig = above(lines, k);
    if (!ig) return;
    let e = k;
    while (e + 1 < lines.length && /(\\|&&|\|\||\|)\s*$/.test(lines[e].text)) e++;
    out.push({ start: l.start, end: lines[e].end, ig });
  });
  return out;
}

/** Problems where a change touched what an ignore comment leaves alone. */
export function ignoreProblems(before: string, after: string, verdicts: HunkVerdict[], bm: DockerfileModel | null, am: DockerfileModel | null): string[] {
  if (fileIgnored(before)) return before === after ? [] : ['the file has a `# cachemount ignore-file` comment but changed'];
  const problems: string[] = [];
  // removals carry offsets into the text before, additions into the text after
  const rangesBefore = ignoredRanges(before, bm);
  const rangesAfter = ignoredRanges(after, am);
  const within = (ranges: typeof rangesBefore, off: number): Ignored | null => ranges.find((r) => off >= r.start && off < r.end)?.ig ?? null;
  const at = (off: number): Ignored | null => within(rangesBefore, off);
  const atAfter = (off: number): Ignored | null => within(rangesAfter, off);
  for (const x of verdicts) {
    for (const r of x.removals) {
      const ig = at(r.off);
      const t = r.what === 'flag' ? 'drop-cache-disabling-flags' : 'keep-cache-on-cleanup';
      if (has(ig, t)) problems.push(`dropped ${JSON.stringify(r.text)} although an ignore comment above it leaves ${t} out`);
    }
    for (const a of x.additions) if (atAfter(a.off) === 'all') problems.push(`added ${JSON.stringify(a.text)} although an ignore comment above it leaves it alone`);
    for (const m of x.mounts) {
      // a mount goes into the RUN's flags, inside the RUN
      if (has(atAfter(m.off), 'add-cache-mounts')) problems.push(`mounted ${m.target} although an ignore comment above the RUN leaves add-cache-mounts out`);
    }
    for (const c of x.comments) if (atAfter(c.off) === 'all') problems.push('added a comment inside a command an ignore comment leaves alone');
  }
  return problems;
}
