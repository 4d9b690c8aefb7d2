/** Helpers over raw file text: line tables, line endings, offsets. */

export type Eol = '\n' | '\r\n';

/** The file's dominant line ending; LF when it has none. */
export function detectEol(text: string): Eol {
  let crlf = 0;
  let lf = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    if (i > 0 && text[i - 1] === '\r') crlf++;
    else lf++;
  }
  return crlf > lf ? '\r\n' : '\n';
}

/**
 * Offsets of line starts, splitting at \r\n, \r and \n as LSP positions do
 * (dockerfile-ast reports LSP positions).
 */
export class LineTable {
  readonly starts: number[] = [0];
  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      } else if (c === 10) {
        this.starts.push(i + 1);
      }
    }
  }
  offsetAt(line: number, character: number): number {
    if (line >= this.starts.length) return this.text.length;
    return Math.min(this.starts[line] + character, this.text.length);
  }
  /** 0-based line of an offset. */
  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

export function lineStartOf(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
  return i;
}

/** Offset of the line terminator (or end of text) of the line holding offset. */
export function lineEndOf(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  return i;
}

/** Offset just past the line terminator of the line holding offset. */
export function nextLineStart(text: string, offset: number): number {
  const e = lineEndOf(text, offset);
  if (text[e] === '\r' && text[e + 1] === '\n') return e + 2;
  if (e < text.length) return e + 1;
  return e;
}

export function isBlank(s: string): boolean {
  return /^[ \t]*$/.test(s);
}

/** Start of the line before the one starting at lineStart (which must be > 0). */
export function previousLineStart(text: string, lineStart: number): number {
  let end = lineStart - 1;
  if (text[end] === '\n' && text[end - 1] === '\r') end--;
  return lineStartOf(text, end);
}
