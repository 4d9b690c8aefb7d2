import { children, Node } from './parser';
import { isBlank, lineEndOf, lineStartOf, nextLineStart, previousLineStart } from '../text';

/**
 * Shell text prepared for parsing. For a Dockerfile RUN body, `view` is the body with
 * the lines Docker drops (comment lines and blank lines inside a continued instruction)
 * turned into spaces, so the parser sees what the shell will run while every offset
 * still matches the file.
 */
export interface ShellSource {
  view: string;
  original: string;
  /** Offset of view[0] in the file. */
  base: number;
  /** `run`: a RUN body, one logical line; `script`: a file or a heredoc, many lines. */
  kind: 'run' | 'script';
  eol: string;
  /** View ranges that differ from the file in ways edits must not touch (heredoc markers). */
  protect?: Array<[number, number]>;
  /** A RUN body's escape character as written in `original` (`\\` unless `# escape=` says otherwise). */
  escape?: string;
  /** Blanks right after a RUN body at the end of its instruction (outside `view`). */
  trailingBlanks?: number;
  /** A RUN body that starts a continuation line of its own (after flags on lines above). */
  ownLine?: boolean;
  /** For such a body: the blanks before it on its line. */
  indentBefore?: number;
}

/** A comment or blank line: Docker drops it from a continued RUN. */
const DROPPED_LINE = /^[ \t]*(#.*)?$/;

/** Whether the line starting at `at` is blank (and is a line: not the end of the text). */
function blankLineAt(text: string, at: number): boolean {
  return at >= 0 && at < text.length && isBlank(text.slice(at, lineEndOf(text, at))) && nextLineStart(text, at) > at;
}

/** The lines of `text` that start in [from, to): their start, end (before the line break) and the next line's start. */
function* linesOf(text: string, from: number, to: number): Generator<{ ls: number; le: number; next: number }> {
  for (let ls = from; ls < to; ) {
    const next = nextLineStart(text, ls);
    yield { ls, le: lineEndOf(text, ls), next };
    if (next === ls) return;
    ls = next;
  }
}

/**
 * Whole-line removals of the lines in [from, to) that hold code (not comment or blank
 * lines). Removed lines that stood between two blank lines take the blank line after them
 * along, so no two blank lines that were apart end up next to each other.
 */
function codeLines(text: string, from: number, to: number): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  for (const { ls, le, next } of linesOf(text, from, to)) {
    if (DROPPED_LINE.test(text.slice(ls, le))) continue;
    const last = out[out.length - 1];
    if (last && last.end === ls) last.end = next;
    else out.push({ start: ls, end: next });
  }
  return out;
}

/** End of the last comment line that starts in [from, to), or -1. */
function lastCommentEnd(text: string, from: number, to: number): number {
  let end = -1;
  for (const { ls, le } of linesOf(text, from, to)) if (/^[ \t]*#/.test(text.slice(ls, le))) end = le;
  return end;
}

/** Regex source for the escape character `original` uses at the end of continued lines. */
function escapeSrc(src: ShellSource): string {
  return src.escape === '`' ? '`' : '\\\\';
}

/** A line (or the rest of one) that holds nothing but the escape character, blanks around it. */
function bareEscape(src: ShellSource): RegExp {
  return new RegExp(`^[ \\t]*${escapeSrc(src)}[ \\t]*$`);
}

/** A change in view coordinates (add `base` for file offsets). */
export interface TextChange {
  start: number;
  end: number;
  text: string;
  /** The statements, operands or words this change removes. */
  covers?: Node[];
  /** True when the change itself leaves the explanatory comment. */
  commented?: boolean;
}

export interface Refusal {
  node: Node;
  reason: string;
}

export interface RemovalResult {
  changes: TextChange[];
  refused: Refusal[];
}

const same = (a: Node | null | undefined, b: Node | null | undefined): boolean => !!a && !!b && a.id === b.id;

function isTrueCommand(n: Node | null): boolean {
  if (!n || n.type !== 'command') return false;
  const t = n.text.trim();
  return t === 'true' || t === ':' || t === '/bin/true';
}

function listOperator(list: Node): string | null {
  for (const c of children(list)) if (!c.isNamed) return c.type;
  return null;
}

/** `X || true`, where X is not itself a list: removed as one unit. */
function isOrTrue(n: Node): boolean {
  if (n.type !== 'list' || listOperator(n) !== '||') return false;
  const left = n.namedChild(0);
  return !!left && left.type !== 'list' && isTrueCommand(n.namedChild(1));
}

/** The node that goes when a command goes: through redirections and a trailing `|| true`. */
export function removalUnit(cmd: Node): Node {
  let u = cmd;
  const p = u.parent;
  if (p && p.type === 'redirected_statement' && same(p.namedChild(0), u)) u = p;
  const q = u.parent;
  if (q && isOrTrue(q) && same(q.namedChild(0), u)) u = q;
  return u;
}

interface Chain {
  /** The statement the chain is: the outermost list, or the redirection around it. */
  root: Node;
  operands: Node[];
  /** operators[i] joins operands[i] and operands[i+1]. */
  operators: string[];
  /**
   * Where the last operand really ends. tree-sitter reads `a && b >/dev/null` as a
   * redirection of the whole list, but bash gives the redirection to `b` alone.
   */
  lastEnd: number;
}

function flatten(n: Node, operands: Node[], operators: string[]): void {
  if (n.type === 'list' && !isOrTrue(n)) {
    const [l, r] = [n.namedChild(0), n.namedChild(1)];
    if (!l || !r) {
      operands.push(n);
      return;
    }
    flatten(l, operands, operators);
    operators.push(listOperator(n) ?? '?');
    flatten(r, operands, operators);
  } else operands.push(n);
}

function chainOf(unit: Node): Chain | null {
  let root = unit;
  while (root.parent && root.parent.type === 'list') root = root.parent;
  if (same(root, unit)) return null;
  const operands: Node[] = [];
  const operators: string[] = [];
  flatten(root, operands, operators);
  let lastEnd = operands[operands.length - 1].endIndex;
  const p = root.parent;
  if (p && p.type === 'redirected_statement' && same(p.namedChild(0), root)) {
    root = p;
    lastEnd = p.endIndex;
  }
  return { root, operands, operators, lastEnd };
}

const BLOCK_TYPES = new Set([
  'program',
  'compound_statement',
  'subshell',
  'do_group',
  'if_statement',
  'elif_clause',
  'else_clause',
  'case_item',
]);

/** The statements of a block, in order; conditions of if/elif are not statements here. */
function statementsOf(block: Node): Node[] {
  const out: Node[] = [];
  let inBody = !['if_statement', 'elif_clause', 'case_item'].includes(block.type);
  for (const c of children(block)) {
    if (!inBody) {
      if (c.type === 'then' || (block.type === 'case_item' && c.type === ')')) inBody = true;
      continue;
    }
    if (!c.isNamed) continue;
    if (c.type === 'comment' || c.type === 'elif_clause' || c.type === 'else_clause') continue;
    if (block.type === 'case_item' && children(block).indexOf(c) < 0) continue;
    out.push(c);
  }
  return out;
}

/** The separator token right after a statement (`;`, `&`, `;;`), if any. */
function separatorAfter(stmt: Node): Node | null {
  const next = stmt.nextSibling;
  if (next && !next.isNamed && (next.type === ';' || next.type === '&' || next.type === ';;')) return next;
  return null;
}

function commentNodesBetween(block: Node, start: number, end: number): Node[] {
  return children(block).filter((c) => c.type === 'comment' && c.startIndex >= start && c.endIndex <= end);
}

/**
 * Whether the node runs only when an earlier command failed: it lies in the right operand
 * of a `||` (`npm ci || (npm cache clean --force && npm ci)`), at any depth. Such a
 * command is a recovery step, not a cleanup of the normal path.
 */
export function runsOnlyOnFailure(node: Node): boolean {
  for (let child = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (parent.type !== 'list') continue;
    for (const c of children(parent)) {
      if (c.startIndex >= child.startIndex) break;
      if (!c.isNamed && c.type === '||') return true;
    }
  }
  return false;
}

/**
 * Whether planRemovals can take this command out (alone, not as part of a whole block):
 * the same checks, for planning ahead.
 */
export function canRemoveCommand(cmd: Node): boolean {
  const unit = removalUnit(cmd);
  if (unit.parent && (unit.parent.type === 'pipeline' || unit.parent.type === 'negated_command')) return false;
  const chain = chainOf(unit);
  if (chain) {
    let ops = chain.operators;
    if (ops.length > 1 && ops[ops.length - 1] === '||' && isTrueCommand(chain.operands[chain.operands.length - 1])) ops = ops.slice(0, -1);
    return ops.every((o) => o === '&&') && chain.operands.some((o) => same(o, unit));
  }
  const block = unit.parent;
  return !!block && BLOCK_TYPES.has(block.type) && statementsOf(block).some((x) => same(x, unit));
}

/**
 * Plans the removal of whole commands and single words from one shell source, keeping
 * the rest of the shell valid and meaning the same. Returns changes in view coordinates.
 * `comment`, when given (scripts only), makes the line left where statements were removed.
 */
export function planRemovals(
  src: ShellSource,
  commands: readonly Node[],
  words: readonly Node[],
  comment: ((removed: Node[]) => string | null) | null = null,
): RemovalResult {
  const changes: TextChange[] = [];
  const refused: Refusal[] = [];
  const view = src.view;

  // Group command units by chain and by block.
  const chainRemovals = new Map<number, { chain: Chain; removed: Set<number>; trailingTrue: boolean; startAt?: Map<number, { from: number; covers: Node[] }> }>();
  const blockRemovals = new Map<number, { block: Node; removed: Set<number> }>();

  const addStatement = (stmt: Node, origin: Node): void => {
    const block = stmt.parent;
    if (!block || !BLOCK_TYPES.has(block.type)) {
      refused.push({ node: origin, reason: `it sits inside a ${block?.type ?? 'root'} construct the tool does not rewrite` });
      return;
    }
    const stmts = statementsOf(block);
    const idx = stmts.findIndex((s) => same(s, stmt));
    if (idx < 0) {
      refused.push({ node: origin, reason: 'it is part of a condition, not a statement of its own' });
      return;
    }
    let entry = blockRemovals.get(block.id);
    if (!entry) blockRemovals.set(block.id, (entry = { block, removed: new Set() }));
    entry.removed.add(idx);
  };

  const addUnit = (unit: Node, cmd: Node): void => {
    if (unit.parent && (unit.parent.type === 'pipeline' || unit.parent.type === 'negated_command')) {
      refused.push({ node: cmd, reason: 'it is part of a pipeline' });
      return;
    }
    const chain = chainOf(unit);
    if (!chain) {
      addStatement(unit, cmd);
      return;
    }
    let operands = chain.operands;
    let operators = chain.operators;
    let trailingTrue = false;
    if (
      operators.length > 1 &&
      operators[operators.length - 1] === '||' &&
      isTrueCommand(operands[operands.length - 1])
    ) {
      trailingTrue = true;
      operands = operands.slice(0, -1);
      operators = operators.slice(0, -1);
    }
    if (operators.some((o) => o !== '&&')) {
      refused.push({ node: cmd, reason: 'it is part of a chain mixing && and ||, where dropping it could change what runs' });
      return;
    }
    const idx = operands.findIndex((o) => same(o, unit));
    if (idx < 0) {
      refused.push({ node: cmd, reason: 'it is nested inside a larger && / || expression' });
      return;
    }
    let entry = chainRemovals.get(chain.root.id);
    if (!entry) {
      chainRemovals.set(
        chain.root.id,
        (entry = {
          chain: { root: chain.root, operands, operators, lastEnd: trailingTrue ? operands[operands.length - 1].endIndex : chain.lastEnd },
          removed: new Set(),
          trailingTrue,
        }),
      );
    }
    entry.removed.add(idx);
  };
  for (const cmd of commands) addUnit(removalUnit(cmd), cmd);
  // A chain that goes whole inside a larger one (tree-sitter reads `a && b >/dev/null && c`
  // as `{a && b} >/dev/null && c`) is one operand of the larger chain that goes.
  for (let again = true; again; ) {
    again = false;
    for (const [id, e] of chainRemovals) {
      if (e.removed.size !== e.chain.operands.length || e.chain.root.parent?.type !== 'list') continue;
      chainRemovals.delete(id);
      // through a `|| true` after it, as for a single command
      addUnit(removalUnit(e.chain.root), e.chain.operands[0]);
      again = true;
      break;
    }
  }

  // A comment or blank line Docker drops from a continued RUN lies between the two offsets.
  const hasDroppedLine = (from: number, to: number): boolean => /\n[ \t]*(#|\r?\n)/.test(src.original.slice(from, to));
  /** A comment line (which Docker drops from a continued RUN) lies between the two offsets of a RUN body. */
  const hasCommentLine = (from: number, to: number): boolean => src.kind === 'run' && /\n[ \t]*#/.test(src.original.slice(from, to));
  /**
   * Where dropped lines follow the removed front of a RUN body: when the removed part
   * starts a continuation line of its own, the whole line goes (no bare `\` line stays);
   * on the RUN's first line only the command and its operator go.
   */
  const frontRemoval = (first: Node, opEnd: number, afterRemoved = false): { start: number; end: number } => {
    // lines as in the file (in a RUN body the view blanks comment lines, line breaks included)
    const lines = src.kind === 'run' ? src.original : view;
    const ls = lineStartOf(lines, first.startIndex);
    // when everything before `first` goes too, `first` ends up on the RUN's first line
    if (src.kind === 'run' && ls > 0 && !afterRemoved && isBlank(lines.slice(ls, first.startIndex))) {
      const rest = lines.slice(opEnd, lineEndOf(lines, opEnd));
      if (new RegExp(`^[ \\t]*${escapeSrc(src)}?[ \\t]*$`).test(rest)) return { start: ls, end: nextLineStart(lines, opEnd) };
    }
    if (src.kind === 'run' && ls === 0 && src.ownLine && !afterRemoved) {
      // the body's first line starts below the flags: the line goes, its indent stays for the next
      // lines as in the file: the view blanks the lines Docker drops
      const rest = view.slice(opEnd, lineEndOf(src.original, opEnd));
      const nls = nextLineStart(src.original, opEnd);
      if (/^[ \t]*\\[ \t]*$/.test(rest) && nls < view.length) {
        // before a blank line the indent in front of the body goes too (it lies before the view)
        if (/^[ \t]*\r?\n/.test(src.original.slice(nls)) && src.indentBefore) return { start: first.startIndex - src.indentBefore, end: nls };
        return { start: first.startIndex, end: nls + /^[ \t]*/.exec(src.original.slice(nls))![0].length };
      }
    }
    if (src.kind === 'run' && ls > 0 && src.ownLine && afterRemoved && isBlank(lines.slice(ls, first.startIndex))) {
      // everything before goes, on lines below the flags: this line goes too, up to the next line's text
      const rest = lines.slice(opEnd, lineEndOf(lines, opEnd));
      const nls = nextLineStart(lines, opEnd);
      if (bareEscape(src).test(rest) && nls < view.length && !/^[ \t]*\r?\n/.test(lines.slice(nls))) {
        return { start: first.startIndex, end: nls + /^[ \t]*/.exec(lines.slice(nls))![0].length };
      }
    }
    // the view moves an escape with blanks after it to the end of its line: do not cut it in the file
    const from = Math.max(first.startIndex, lineStartOf(src.original, opEnd));
    const esc = src.original.slice(from, opEnd).lastIndexOf(src.escape ?? '\\');
    if (src.kind === 'run' && esc !== -1 && /^[ \t]*(\r?\n|$)/.test(src.original.slice(from + esc + 1))) return { start: first.startIndex, end: from + esc };
    return { start: first.startIndex, end: opEnd };
  };

  // `{a && b && c} >/dev/null && d` as tree-sitter reads `a && b && c >/dev/null && d`: when
  // the inner chain's last operands go and so does the outer operand right after it, the
  // two removals are one run of the flat chain bash sees. The outer removal then starts
  // after the inner chain's last kept operand, and the inner one is dropped.
  for (const [id, inner] of [...chainRemovals]) {
    const root = inner.chain.root;
    const ixs = inner.chain.operands;
    if (inner.trailingTrue || root.type !== 'redirected_statement' || !inner.removed.has(ixs.length - 1)) continue;
    const outerRoot = chainOf(root)?.root;
    const outer = outerRoot ? chainRemovals.get(outerRoot.id) : undefined;
    if (!outer) continue;
    const at = outer.chain.operands.findIndex((o) => same(o, root));
    if (at < 0 || !outer.removed.has(at + 1) || outer.removed.has(at)) continue;
    let k = ixs.length - 1;
    while (k > 0 && inner.removed.has(k - 1)) k--;
    if (k === 0) continue;
    for (let m = k; m < ixs.length; m++) inner.removed.delete(m);
    if (!inner.removed.size) chainRemovals.delete(id);
    // the inner run may itself have been joined to one further in (`{{a && b} >x && c} >y && d`)
    const further = inner.startAt?.get(k);
    (outer.startAt ??= new Map()).set(at + 1, further ? { from: further.from, covers: [...further.covers, ...ixs.slice(k)] } : { from: ixs[k - 1].endIndex, covers: ixs.slice(k) });
  }

  // Chains that go whole are statements that go.
  for (const { chain, removed } of chainRemovals.values()) if (removed.size === chain.operands.length) addStatement(chain.root, chain.operands[0]);
  /** Whether every top-level statement of a RUN body on one side of this one goes (false when there is none). */
  const othersRemoved = (stmt: Node, side: 'before' | 'after'): boolean => {
    const block = stmt.parent;
    if (src.kind !== 'run' || !block || block.type !== 'program') return false;
    const stmts = statementsOf(block);
    const idx = stmts.findIndex((x) => same(x, stmt));
    const entry = blockRemovals.get(block.id);
    if (idx < 0 || !entry) return false;
    const [from, to] = side === 'before' ? [0, idx] : [idx + 1, stmts.length];
    if (from >= to) return false;
    for (let k = from; k < to; k++) if (!entry.removed.has(k)) return false;
    return true;
  };

  for (const { chain, removed, trailingTrue, startAt } of chainRemovals.values()) {
    const xs = chain.operands;
    if (removed.size === xs.length) continue;
    const frontGoes = othersRemoved(chain.root, 'before');
    const restGoes = othersRemoved(chain.root, 'after');
    for (const [i, j] of runs(removed)) {
      const endJ = j === xs.length - 1 ? chain.lastEnd : xs[j].endIndex;
      const covers = xs.slice(i, j + 1);
      const joined = startAt?.get(i);
      if (joined) {
        const all = [...joined.covers, ...covers];
        let keep: Array<{ start: number; end: number }> | null = null;
        if (src.kind === 'run' && hasDroppedLine(joined.from, endJ)) {
          // comment lines Docker drops lie in the joined run: keep them
          keep = removeLinesKeepingComments(src, joined.from, joined.covers[0].startIndex, endJ, xs[j + 1]?.startIndex ?? nextOperandAfter(chain.root));
          if (!keep && hasCommentLine(joined.from, endJ)) keep = removeAroundComments(src, joined.from, endJ);
        }
        if (keep) for (const k of keep) changes.push({ ...k, text: '', covers: all });
        else changes.push({ start: joined.from, end: endJ, text: '', covers: all });
        continue;
      }
      if (i > 0 && src.kind === 'run' && hasDroppedLine(xs[i - 1].endIndex, endJ)) {
        const keep = removeLinesKeepingComments(src, xs[i - 1].endIndex, xs[i].startIndex, endJ, xs[j + 1]?.startIndex ?? nextOperandAfter(chain.root));
        if (keep) {
          for (const k of keep) changes.push({ ...k, text: '', covers });
          continue;
        }
      }
      if (i > 0 && hasCommentLine(xs[i - 1].endIndex, xs[i].startIndex)) {
        // Comment lines Docker drops sit between the kept and the removed commands: keep them.
        const keep = keepCommentsRemoval(src, xs, i, j, endJ, restGoes && j === xs.length - 1 && !trailingTrue);
        if (keep) {
          for (const k of keep) changes.push({ ...k, text: '', covers });
          continue;
        }
      }
      if (i === 0 && !frontGoes && hasCommentLine(xs[0].startIndex, xs[j + 1].startIndex)) {
        // comment lines Docker drops lie among the removed front operands: keep them (also
        // inside one operand: `{a && b} >/dev/null` read from lines around a comment)
        const keep = frontLinesKeepingComments(src, xs, j) ?? removeAroundComments(src, xs[0].startIndex, xs[j + 1].startIndex);
        if (keep) {
          for (const k of keep) changes.push({ ...k, text: '', covers });
          continue;
        }
      }
      if (i > 0 && hasCommentLine(xs[i - 1].endIndex, endJ)) {
        const keep = removeAroundComments(src, xs[i - 1].endIndex, endJ);
        if (keep) {
          for (const k of keep) changes.push({ ...k, text: '', covers });
          continue;
        }
      }
      if (i > 0) {
        changes.push({ start: xs[i - 1].endIndex, end: endJ, text: '', covers });
      } else {
        const nextStart = xs[j + 1].startIndex;
        if (hasDroppedLine(xs[j].endIndex, nextStart) || commentsBetweenAny(xs[j], nextStart)) {
          const opEnd = afterOperator(view, xs[j].endIndex);
          const leading = !/&&/.test(view.slice(xs[j].endIndex, opEnd));
          const op = leading ? view.indexOf('&&', opEnd) : -1;
          if (leading && op !== -1 && op < nextStart) {
            // leading-operator style (`cmd \` + comment + `&& next`): the `&&` goes too
            changes.push({ ...frontRemoval(xs[0], opEnd, frontGoes), text: '', covers });
            changes.push({ start: op, end: afterOperator(view, op), text: '', covers });
          } else {
            changes.push({ ...frontRemoval(xs[0], opEnd, frontGoes), text: '', covers });
          }
        } else {
          changes.push({ start: xs[0].startIndex, end: nextStart, text: '', covers });
        }
      }
    }
  }

  for (const { block, removed } of blockRemovals.values()) {
    const stmts = statementsOf(block);
    const needsBody = block.type !== 'program' && block.type !== 'case_item';
    if (removed.size === stmts.length && (needsBody || src.kind === 'run')) {
      const filler = block.type === 'program' ? 'true' : ':';
      const first = stmts[0];
      const last = stmts[stmts.length - 1];
      let text = filler;
      const note = comment && src.kind === 'script' && startsLine(view, first.startIndex) ? comment(stmts) : null;
      if (note) {
        const indent = view.slice(lineStartOf(view, first.startIndex), first.startIndex);
        text = `# ${note}${src.eol}${indent}${filler}`;
      }
      const orig = src.original;
      if (block.type === 'program' && hasCommentLine(first.startIndex, last.endIndex)) {
        // comment lines Docker drops lie among them: the filler ends the RUN on its first
        // line and the comment lines stay after it, as Dockerfile comments
        const keepEnd = lastCommentEnd(orig, nextLineStart(orig, first.startIndex), last.endIndex);
        if (keepEnd > 0) {
          changes.push({ start: first.startIndex, end: lineEndOf(orig, first.startIndex), text: filler, covers: stmts, commented: false });
          for (const r of codeLines(orig, nextLineStart(orig, first.startIndex), keepEnd)) changes.push({ ...r, text: '', covers: stmts });
          changes.push({ start: keepEnd, end: last.endIndex, text: '', covers: stmts });
          continue;
        }
      }
      changes.push({ start: first.startIndex, end: last.endIndex, text, covers: stmts, commented: text !== filler });
      continue;
    }
    for (const [i, j] of splitByLines(src, stmts, runs(removed))) {
      const si = stmts[i];
      const sj = stmts[j];
      if (stmts.slice(i, j + 1).some((s) => separatorAfter(s)?.type === '&') || (i > 0 && separatorAfter(stmts[i - 1])?.type === '&')) {
        for (const s of stmts.slice(i, j + 1)) refused.push({ node: s, reason: 'it runs in the background (&)' });
        continue;
      }
      if (src.kind === 'script' && startsLine(view, si.startIndex) && endsLine(view, sj.endIndex)) {
        let from = lineStartOf(view, si.startIndex);
        const to = nextLineStart(view, sj.endIndex);
        const isLastOfParagraph = j === stmts.length - 1 || isBlank(view.slice(to, lineEndOf(view, to))) || /^[ \t]*#/.test(view.slice(to, lineEndOf(view, to)));
        if (isLastOfParagraph) from = introCommentStart(view, from);
        let text = '';
        let note = comment ? comment(stmts.slice(i, j + 1)) : null;
        const unterminated = to === view.length && !/[\r\n]$/.test(view);
        // the lines just above went with the same note (only a dropped comment line kept
        // the two groups apart): one note does for both
        const sameAbove = note ? changes.find((c) => c.commented && c.end === from && c.text.trim() === `# ${note}`) : undefined;
        if (sameAbove) {
          note = null;
          if (unterminated) {
            sameAbove.text = sameAbove.text.replace(/\r?\n$/, '');
            // commented: the note above speaks for these lines too
            changes.push({ start: from, end: to, text: '', covers: stmts.slice(i, j + 1), commented: true });
            continue;
          }
        }
        if (note) {
          const indent = view.slice(lineStartOf(view, si.startIndex), si.startIndex);
          text = `${indent}# ${note}${unterminated ? '' : src.eol}`;
        } else if (unterminated && from > 0) {
          // the last line had no terminator: take the one before it instead (or, when the
          // lines just above go too, the one before those)
          const above = changes.find((c) => c.text === '' && c.end === from && c.start > 0 && c.start < from);
          if (above) above.start -= view[above.start - 2] === '\r' ? 2 : 1;
          else from -= view[from - 2] === '\r' ? 2 : 1;
        } else if (unterminated && from === 0) {
          // the whole text (a heredoc body, say) goes: a filler, not a blank line, stays
          const indent = view.slice(lineStartOf(view, si.startIndex), si.startIndex);
          changes.push({ start: from, end: to, text: `${indent}true`, covers: stmts.slice(i, j + 1), commented: false });
          continue;
        }
        changes.push({ start: from, end: to, text, covers: stmts.slice(i, j + 1), commented: text !== '' || !!sameAbove });
        continue;
      }
      if (i > 0 && src.kind === 'run' && hasDroppedLine(stmts[i - 1].endIndex, sj.endIndex)) {
        // comment lines Docker drops lie among the removed statements: keep those lines
        const keep = removeLinesKeepingComments(src, stmts[i - 1].endIndex, si.startIndex, sj.endIndex, stmts[j + 1]?.startIndex ?? null);
        if (keep) {
          for (const k of keep) changes.push({ ...k, text: '', covers: stmts.slice(i, j + 1) });
          continue;
        }
      }
      if (i > 0) {
        const prev = stmts[i - 1];
        let from = prev.endIndex;
        const gap = view.slice(prev.endIndex, si.startIndex);
        if (src.kind === 'script' && /\n/.test(gap.replace(/\\\r?\n/g, ''))) {
          // keep whatever follows the previous statement on its line (a comment, say)
          from = lineStartOf(view, si.startIndex);
          from -= view[from - 2] === '\r' ? 2 : 1;
        }
        changes.push({ start: from, end: sj.endIndex, text: '', covers: stmts.slice(i, j + 1) });
      } else {
        const next = stmts[j + 1];
        if (hasDroppedLine(sj.endIndex, next.startIndex) || commentNodesBetween(block, sj.endIndex, next.startIndex).length) {
          const sep = separatorAfter(sj);
          changes.push({ ...frontRemoval(si, afterOperator(view, sep ? sep.endIndex : sj.endIndex)), text: '', covers: stmts.slice(i, j + 1) });
        } else {
          // comment lines Docker drops inside the removed statements stay
          const keep = hasCommentLine(si.startIndex, next.startIndex) ? removeAroundComments(src, si.startIndex, next.startIndex) : null;
          if (keep) for (const k of keep) changes.push({ ...k, text: '', covers: stmts.slice(i, j + 1) });
          else changes.push({ start: si.startIndex, end: next.startIndex, text: '', covers: stmts.slice(i, j + 1) });
        }
      }
    }
  }

  for (const w of words) changes.push({ ...removeWord(src, w), covers: [w] });
  dropBareContinuationLines(src, changes);
  // a removal that reaches the end of a RUN body takes the blanks after the body too
  for (const c of changes) if (c.text === '' && c.end === view.length && src.trailingBlanks) c.end += src.trailingBlanks;
  return { changes, refused };
}

/**
 * Where removals next to each other leave a continued RUN line with nothing but its indent
 * and escape (a bare `\` line), that line goes whole: Docker joins the lines, so it
 * added nothing but blanks, and the line above still ends with a continuation. The RUN's
 * own first line is left alone (the keyword, and the flags added to it, stay before it).
 * Whole lines that go from between two blank lines take the one after them along (no two
 * blank lines that were apart meet).
 */
function dropBareContinuationLines(src: ShellSource, changes: TextChange[]): void {
  if (src.kind !== 'run') return;
  const text = src.original;
  const bare = bareEscape(src);
  const empties = changes.filter((c) => c.text === '').sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 0; i < empties.length; ) {
    // a group of removals that touch or overlap: [s, e)
    let j = i;
    let e = empties[i].end;
    while (j + 1 < empties.length && empties[j + 1].start <= e) e = Math.max(e, empties[++j].end);
    const group = empties.slice(i, j + 1);
    i = j + 1;
    const last = group.reduce((a, b) => (b.end > a.end ? b : a));
    const s = group[0].start;
    // the start of s's line (for a body below the flags, the indent before the view)
    const ls = s > 0 ? lineStartOf(text, s) : src.ownLine ? -(src.indentBefore ?? 0) : 0;
    if (ls === 0 && !src.ownLine) continue;
    if (!isBlank(text.slice(Math.max(ls, 0), Math.max(s, 0)))) continue;
    if (s > 0 && s === ls && e === lineStartOf(text, e) && e < text.length) {
      // whole lines go: between two blank lines, they take the one after them along
      if (blankLineAt(text, previousLineStart(text, s)) && blankLineAt(text, e) && !changes.some((c) => c.start <= e && c.end > e)) last.end = nextLineStart(text, e);
      continue;
    }
    const le = lineEndOf(text, e);
    // what is left of the line is its indent and escape, and the removals made it so
    if (!bare.test(text.slice(e, le)) || bare.test(text.slice(lineStartOf(text, e), le))) continue;
    const nls = nextLineStart(text, e);
    if (nls >= text.length) continue;
    const end = ls > 0 && blankLineAt(text, previousLineStart(text, ls)) && blankLineAt(text, nls) ? nextLineStart(text, nls) : nls;
    // nothing else edits the text that now goes along
    if (changes.some((c) => !group.includes(c) && c.start < end && c.end > ls && !(c.start === c.end && (c.start === ls || c.start === end)))) continue;
    group[0].start = ls;
    last.end = end;
  }
}

/**
 * The statement holding a node that starts a line of its own (not a continuation):
 * the place above which a comment line can go. Null when there is none.
 */
export function lineStatementOf(view: string, node: Node): Node | null {
  for (let n: Node | null = node; n; n = n.parent) {
    const p = n.parent;
    if (!p || !BLOCK_TYPES.has(p.type)) continue;
    const stmts = statementsOf(p);
    if (!stmts.some((x) => same(x, n))) continue;
    if (startsLine(view, n.startIndex)) return n;
    // `a; cleanup`: the line's first statement carries the comment
    const ls = lineStartOf(view, n.startIndex);
    const first = stmts.find((x) => x.startIndex >= ls && x.startIndex < n.startIndex && startsLine(view, x.startIndex));
    if (first) return first;
  }
  return null;
}

function commentsBetweenAny(n: Node, end: number): boolean {
  let s = n.nextSibling;
  while (s && s.startIndex < end) {
    if (s.type === 'comment') return true;
    s = s.nextSibling;
  }
  return false;
}

/** Offset after the operator that follows `pos` and the spaces after it (not the continuation). */
function afterOperator(view: string, pos: number): number {
  const m = /^[ \t]*(&&|\|\||;)?[ \t]*/.exec(view.slice(pos));
  return pos + (m ? m[0].length : 0);
}

function startsLine(view: string, offset: number): boolean {
  const ls = lineStartOf(view, offset);
  if (!isBlank(view.slice(ls, offset))) return false;
  // a line that continues the previous one is not a line of its own
  let k = ls - 1;
  if (view[k] === '\n') k--;
  if (view[k] === '\r') k--;
  return !(k >= 0 && view[k] === '\\');
}

function endsLine(view: string, offset: number): boolean {
  const rest = view.slice(offset, lineEndOf(view, offset));
  return /^[ \t]*;?[ \t]*(#.*)?$/.test(rest);
}

/** Moves `from` up over comment-only lines directly above it (not a shebang). */
function introCommentStart(view: string, from: number): number {
  // one line only: a comment above it may head the whole file or section, not this cleanup
  if (from <= 0 || lineStartOf(view, from) !== from) return from;
  const prevStart = previousLineStart(view, from);
  const line = view.slice(prevStart, lineEndOf(view, prevStart));
  if (!/^[ \t]*#/.test(line) || (prevStart === 0 && line.startsWith('#!'))) return from;
  return prevStart;
}

/**
 * In scripts, removed statements on lines of their own that are separated by blank or
 * comment lines are removed one by one, so what lies between them stays.
 */
function splitByLines(src: ShellSource, stmts: Node[], rs: Array<[number, number]>): Array<[number, number]> {
  if (src.kind !== 'script') return rs;
  const out: Array<[number, number]> = [];
  for (const [i, j] of rs) {
    const parts: Array<[number, number]> = [[i, i]];
    for (let k = i + 1; k <= j; k++) {
      const gap = src.view.slice(stmts[k - 1].endIndex, stmts[k].startIndex);
      if (/^[ \t;]*\r?\n[ \t]*$/.test(gap)) parts[parts.length - 1][1] = k;
      else parts.push([k, k]);
    }
    const lineMode = (a: number, b: number): boolean => startsLine(src.view, stmts[a].startIndex) && endsLine(src.view, stmts[b].endIndex);
    if (parts.length > 1 && parts.every(([a, b]) => lineMode(a, b))) out.push(...parts);
    else out.push([i, j]);
  }
  return out;
}

/**
 * In a continued RUN, removes what lies between a kept command (ending at prevEnd) and
 * the next kept one (at nextStart, or the end of the RUN) line by line, keeping the
 * comment and blank lines Docker drops. The removed commands (from first to last) fill
 * their lines, or share the kept command's line (its rest goes, its operator and
 * continuation stay where more follows) or the next kept command's (which keeps its
 * indent, and the operator that joins it). At the end of the RUN, the separator and
 * continuation after the kept command go too, so the kept comments close the RUN as
 * ordinary comments.
 */
function removeLinesKeepingComments(
  src: ShellSource,
  prevEnd: number,
  first: number,
  last: number,
  nextStart: number | null,
): Array<{ start: number; end: number }> | null {
  const text = src.original;
  const firstLine = lineStartOf(text, first);
  // `kept && cleanup && \` + comment + `cleanup` at the RUN's end: the first removed command
  // shares the kept command's line, whose rest goes (the code lines below go whole)
  const sharesLine = firstLine <= prevEnd;
  if (sharesLine ? lineEndOf(text, prevEnd) >= last : !/^[ \t]*(&&|;)?[ \t]*$/.test(text.slice(firstLine, first))) return null;
  const codeFrom = sharesLine ? nextLineStart(text, prevEnd) : firstLine;
  const out: Array<{ start: number; end: number }> = [];
  let stop: number;
  // `… && cleanup || true` at the RUN's end: the `|| true` stays, on the last line
  const keptTail = nextStart === null && /^[ \t]*\|\|[ \t]*(true|:)[ \t]*$/.test(text.slice(last)) && lineStartOf(text, last) > prevEnd;
  if (keptTail) {
    stop = lineStartOf(text, last);
    const indent = /^[ \t]*/.exec(text.slice(stop))![0].length;
    out.push({ start: stop + indent, end: last + /^[ \t]*/.exec(text.slice(last))![0].length });
    if (sharesLine) {
      // the rest of the kept command's line goes but its continuation
      const cont = new RegExp(`[ \\t]*${escapeSrc(src)}[ \\t]*$`).exec(text.slice(prevEnd, lineEndOf(text, prevEnd)));
      if (!cont) return null;
      out.push({ start: prevEnd, end: prevEnd + cont.index });
    } else {
      // a trailing operator after the kept command goes (a leading one goes with the line)
      const op = /^[ \t]*(&&|;)/.exec(text.slice(prevEnd));
      if (op) out.push({ start: prevEnd, end: prevEnd + op[0].length });
    }
  } else if (nextStart === null) {
    if (text.slice(last).trim() !== '' && !/^[ \t]*(;|&&)?[ \t]*$/.test(text.slice(last))) return null;
    // The RUN now ends on the kept line above: its continuation goes, the comment lines
    // among the removed lines stay (as Dockerfile comments after it), and everything after
    // the last of them goes (blanks after the body too, see the end of planRemovals).
    out.push({ start: prevEnd, end: lineEndOf(text, prevEnd) });
    stop = lastCommentEnd(text, nextLineStart(text, prevEnd), text.length);
    if (stop < 0) stop = lineEndOf(text, prevEnd);
    out.push({ start: stop, end: text.length });
  } else {
    stop = lineStartOf(text, nextStart);
    // `cleanup && next` on the last removed line: that line keeps its indent and `next`
    const nextShares = stop <= last;
    if (nextShares) {
      if (stop <= prevEnd || !/^[ \t]*(&&|;)[ \t]*$/.test(text.slice(last, nextStart))) return null;
      // the operator before `next` comes from the kept line (`kept && \`, or its shared
      // line once cut), else from the front of this one (`&& cleanup && next`)
      const lead = /^([ \t]*)((?:&&|;)[ \t]*)?/.exec(text.slice(stop))!;
      const keptOp = sharesLine || new RegExp(`^[ \\t]*(&&|;)[ \\t]*${escapeSrc(src)}[ \\t]*$`).test(text.slice(prevEnd, lineEndOf(text, prevEnd)));
      if (!keptOp && !lead[2]) return null;
      out.push({ start: stop + (keptOp ? lead[1].length : lead[0].length), end: nextStart });
    } else {
      if (!/^[ \t]*(&&|;)?[ \t]*$/.test(text.slice(stop, nextStart))) return null;
      if (!new RegExp(`^[ \\t]*(&&|;)?[ \\t]*${escapeSrc(src)}?[ \\t]*\\r?\\n`).test(text.slice(last))) return null;
    }
    const cont = new RegExp(`${escapeSrc(src)}[ \\t]*$`);
    if (sharesLine) {
      // `kept && cleanup && \` + comment + `cleanup && \` + `next`: the kept line keeps its
      // operator and continuation (the next kept line must not bring an operator of its own)
      const m = cont.exec(text.slice(first, lineEndOf(text, prevEnd)));
      if (!m || !/^[ \t]*(&&|;)[ \t]*$/.test(text.slice(prevEnd, first)) || (!nextShares && !/^[ \t]*$/.test(text.slice(stop, nextStart)))) return null;
      out.push({ start: first, end: first + m.index });
    }
  }
  // whole lines from the first removed command on, but comment and blank lines
  out.push(...codeLines(text, codeFrom, stop));
  return out.length ? mergeRanges(out) : null;
}

function mergeRanges(rs: Array<{ start: number; end: number }>): Array<{ start: number; end: number }> {
  const sorted = [...rs].sort((a, b) => a.start - b.start);
  const out: Array<{ start: number; end: number }> = [];
  for (const r of sorted) {
    const lastR = out[out.length - 1];
    if (lastR && r.start <= lastR.end) lastR.end = Math.max(lastR.end, r.end);
    else out.push({ ...r });
  }
  return out;
}

/**
 * Removes operands i..j of a continued RUN chain without the comment lines above them:
 * whole lines when the next operand starts a line of its own; at the end of the RUN,
 * the continuation after the last kept operand and the removed lines below the comments
 * (the comments then close the RUN as ordinary Dockerfile comments). Null: no such shape.
 */
function keepCommentsRemoval(src: ShellSource, xs: Node[], i: number, j: number, endJ: number, restGoes: boolean): Array<{ start: number; end: number }> | null {
  // lines as in the file: the view blanks the comment lines this is about
  const view = src.original;
  const lsI = lineStartOf(view, xs[i].startIndex);
  if (!/^[ \t]*(&&)?[ \t]*$/.test(view.slice(lsI, xs[i].startIndex))) return null;
  if (j + 1 < xs.length) {
    const lsNext = lineStartOf(view, xs[j + 1].startIndex);
    if (lsNext <= xs[j].endIndex) return null;
    if (!new RegExp(`^[ \\t]*(&&)?[ \\t]*${escapeSrc(src)}?[ \\t]*\\r?\\n$`).test(view.slice(xs[j].endIndex, lsNext))) return null;
    if (!/^[ \t]*(&&)?[ \t]*$/.test(view.slice(lsNext, xs[j + 1].startIndex))) return null;
    return [{ start: lsI, end: lsNext }];
  }
  const prevEnd = xs[i - 1].endIndex;
  // at the end of the RUN (or everything after it goes too, by other changes)
  if (view.slice(endJ).trim() === '' || restGoes) {
    const eolBefore = view[lsI - 2] === '\r' ? 2 : 1;
    return [
      { start: prevEnd, end: lineEndOf(view, prevEnd) },
      // (blanks after the body go too, see the end of planRemovals)
      { start: lsI - eolBefore, end: endJ },
    ];
  }
  // More follows (`|| true && \`): drop the one operator and the operands, keep the lines.
  const gap = src.view.slice(prevEnd, xs[i].startIndex);
  const op = gap.indexOf('&&');
  if (op === -1) return null;
  const opStart = prevEnd + op;
  if (opStart < lsI) {
    const ws = /[ \t]*$/.exec(view.slice(prevEnd, opStart))![0].length;
    return [
      { start: opStart - ws, end: opStart + 2 },
      // what stays (`|| true`, say) takes the removed command's place on its line
      { start: xs[i].startIndex, end: endJ + (/^[ \t]*$/.test(view.slice(lsI, xs[i].startIndex)) ? /^[ \t]*/.exec(view.slice(endJ))![0].length : 0) },
    ];
  }
  return [{ start: opStart, end: endJ }];
}

/**
 * Removes operands 0..j at the front of a continued RUN chain when comment lines lie
 * among them: each removed operand's line goes whole, the comment lines stay, and the
 * operator in front of the next kept operand goes. Every removed operand must sit on
 * lines of its own. On the body's first line, only the operand (and, when the body
 * starts below the flags, the line break and the next line's indent) goes. Null: no such shape.
 */
function frontLinesKeepingComments(src: ShellSource, xs: Node[], j: number): Array<{ start: number; end: number }> | null {
  // lines as in the file: the view blanks the comment lines this is about
  const text = src.original;
  const cont = new RegExp(`^[ \\t]*(&&)?[ \\t]*${escapeSrc(src)}[ \\t]*$`);
  const out: Array<{ start: number; end: number }> = [];
  for (let k = 0; k <= j; k++) {
    const x = xs[k];
    const ls = lineStartOf(text, x.startIndex);
    const le = lineEndOf(text, x.endIndex);
    // an operand read across a comment line would take it along
    if (/\n[ \t]*#/.test(text.slice(x.startIndex, x.endIndex))) return null;
    if (!/^[ \t]*(&&)?[ \t]*$/.test(text.slice(ls, x.startIndex))) return null;
    if (!cont.test(text.slice(x.endIndex, le))) return null;
    const nls = nextLineStart(text, x.endIndex);
    if (nls >= text.length) return null;
    if (k > 0 || ls > 0) out.push({ start: ls, end: nls });
    else if (src.ownLine) out.push({ start: x.startIndex, end: nls + /^[ \t]*/.exec(text.slice(nls))![0].length });
    // on the RUN's own line the escape stays (a flag inserted before it takes it over)
    else out.push({ start: x.startIndex, end: x.endIndex + /^[ \t]*(&&)?[ \t]*/.exec(text.slice(x.endIndex))![0].length });
  }
  // the next kept operand: its own line, maybe after an operator that now has nothing before it
  const next = xs[j + 1];
  const lsNext = lineStartOf(text, next.startIndex);
  const lead = text.slice(lsNext, next.startIndex);
  if (lsNext <= xs[j].endIndex || !/^[ \t]*(&&)?[ \t]*$/.test(lead)) return null;
  const op = lead.indexOf('&&');
  if (op !== -1) out.push({ start: lsNext + op, end: afterOperator(text, lsNext + op) });
  return mergeRanges(out);
}

/**
 * Removes [from, to) of a continued RUN body but the comment and blank lines inside it,
 * which Docker drops: each stays after a kept line continuation, and what follows them
 * keeps its indent (`a \` + comment + `; \`, say, where only `; b` would need a moved
 * operator). Null when a line before such lines does not end with a continuation.
 */
function removeAroundComments(src: ShellSource, from: number, to: number): Array<{ start: number; end: number }> | null {
  const text = src.original;
  const contTail = new RegExp(`[ \\t]*${escapeSrc(src)}[ \\t]*\\r?\\n$`);
  const out: Array<{ start: number; end: number }> = [];
  let cur = from;
  let ls = nextLineStart(text, from);
  while (ls < to) {
    if (!DROPPED_LINE.test(text.slice(ls, lineEndOf(text, ls)))) {
      ls = nextLineStart(text, ls);
      continue;
    }
    // a run of comment and blank lines from ls on
    const m = contTail.exec(text.slice(cur, ls));
    if (!m) return null;
    if (m.index > 0 && cur === from && src.kind === 'run' && src.ownLine && isBlank(text.slice(0, from)) && !text.slice(cur, cur + m.index).includes('\n')) {
      // the body's own first line (below the flags) goes whole: no bare `\` line stays; its
      // indent stays for the dropped line after it, or goes with it before a blank line
      const lead = /^[ \t]*/.exec(text.slice(ls))![0].length;
      if (/^[ \t]*\r?\n/.test(text.slice(ls)) && src.indentBefore) out.push({ start: cur - src.indentBefore, end: ls });
      else out.push({ start: cur, end: ls + lead });
    } else if (m.index > 0) out.push({ start: cur, end: cur + m.index });
    let next = ls;
    while (next < to && DROPPED_LINE.test(text.slice(next, lineEndOf(text, next)))) next = nextLineStart(text, next);
    if (next >= to) return null;
    cur = next + /^[ \t]*/.exec(text.slice(next))![0].length;
    ls = next;
  }
  if (cur < to) {
    // a last piece that is a whole continued line goes with its line (no bare `\` line stays)
    const ls = lineStartOf(text, cur);
    const rest = text.slice(to, lineEndOf(text, to));
    if (ls > from && /^[ \t]*$/.test(text.slice(ls, cur)) && bareEscape(src).test(rest)) out.push({ start: ls, end: nextLineStart(text, to) });
    else out.push({ start: cur, end: to });
  }
  return out.length ? out : null;
}

/**
 * Where the operand after a chain starts when the chain is itself the left operand of a
 * larger one (`{a && b} >/dev/null && c` as tree-sitter reads it); null otherwise.
 */
function nextOperandAfter(root: Node): number | null {
  const p = root.parent;
  if (!p || p.type !== 'list' || !same(p.namedChild(0), root)) return null;
  let r = p.namedChild(1);
  while (r && r.type === 'list') r = r.namedChild(0);
  return r?.startIndex ?? null;
}

/** Maximal runs of consecutive indices, ascending. */
function runs(set: Set<number>): Array<[number, number]> {
  const xs = [...set].sort((a, b) => a - b);
  const out: Array<[number, number]> = [];
  for (const x of xs) {
    const last = out[out.length - 1];
    if (last && last[1] === x - 1) last[1] = x;
    else out.push([x, x]);
  }
  return out;
}

/** Removes one word (a flag or an assignment) and the whitespace that belongs to it. */
export function removeWord(src: ShellSource, w: Node): TextChange {
  const view = src.view;
  const ls = lineStartOf(view, w.startIndex);
  const before = view.slice(ls, w.startIndex);
  const after = view.slice(w.endIndex, lineEndOf(view, w.endIndex));
  const continues = /^[ \t]*\\$/.test(after);
  if (isBlank(before)) {
    if (continues && !startsLine(view, w.startIndex)) {
      return { start: ls, end: nextLineStart(view, w.endIndex), text: '' };
    }
    const m = /^[ \t]*/.exec(after);
    const rest = after.slice(m ? m[0].length : 0);
    if (rest !== '' && !rest.startsWith('\\')) {
      return { start: w.startIndex, end: w.endIndex + (m ? m[0].length : 0), text: '' };
    }
    const prev = w.previousSibling;
    if (prev) return { start: prev.endIndex, end: w.endIndex, text: '' };
    return { start: w.startIndex, end: w.endIndex, text: '' };
  }
  if (!w.previousSibling) {
    // first word of its command (`… && PIP_NO_CACHE_DIR=1 pip …`): take the space after it
    const m = /^[ \t]*/.exec(after);
    return { start: w.startIndex, end: w.endIndex + (m ? m[0].length : 0), text: '' };
  }
  const ws = /[ \t]*$/.exec(before);
  return { start: w.startIndex - (ws ? ws[0].length : 0), end: w.endIndex, text: '' };
}
