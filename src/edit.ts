/**
 * An edit is a replacement of a range of a file's original text. Transforms only
 * produce edits; nothing re-prints a tree, so bytes outside the ranges never change.
 */
export interface Edit {
  /** Repo-relative path of the file the edit applies to. */
  file: string;
  /** Offset (UTF-16 code units) of the first replaced character. */
  start: number;
  /** Offset just past the last replaced character; equal to start for an insertion. */
  end: number;
  text: string;
  /** Id of the transform that made the edit, e.g. `add-cache-mounts`. */
  transform: string;
  /** One sentence a reviewer can read. */
  reason: string;
  /** `file:line` of the RUN instructions that justify an edit in a script. */
  justifiedBy?: string[];
  /** The package managers (recipe ids) the edit is for. */
  managers?: string[];
}

export class OverlappingEditsError extends Error {
  constructor(readonly a: Edit, readonly b: Edit) {
    super(
      `overlapping edits in ${a.file}: [${a.start},${a.end}) by ${a.transform} and [${b.start},${b.end}) by ${b.transform}`,
    );
  }
}

/** Sorts edits by position; insertions at the same offset keep their given order. */
export function sortEdits(edits: readonly Edit[]): Edit[] {
  return edits
    .map((e, i) => ({ e, i }))
    .sort((x, y) => x.e.start - y.e.start || x.e.end - y.e.end || x.i - y.i)
    .map((x) => x.e);
}

/** Throws OverlappingEditsError when two edits touch the same characters. */
export function checkOverlaps(edits: readonly Edit[]): void {
  const sorted = sortEdits(edits);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1];
    const cur = sorted[i];
    // Two insertions at one point, or an insertion at the boundary of a replacement, are fine.
    if (cur.start < prev.end) throw new OverlappingEditsError(prev, cur);
  }
}

/** Applies edits to the original text, from the end backwards. */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  checkOverlaps(edits);
  const sorted = sortEdits(edits);
  let out = '';
  let pos = 0;
  for (const e of sorted) {
    out += text.slice(pos, e.start) + e.text;
    pos = e.end;
  }
  return out + text.slice(pos);
}
