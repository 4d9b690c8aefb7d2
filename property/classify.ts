/**
 * Classifies the difference between a file before and after the tool as a list of
 * hunks, each of which must be made only of the edits the tool means to make:
 *
 * removed: `--no-cache-dir`, `PIP_NO_CACHE_DIR=…`, cleanup commands (`apt-get clean`,
 *   `rm` of cache paths, `pip cache purge`), cache paths dropped from an `rm`, a `|| true`
 *   that went with a cleanup, the `&&`/`;` and continuations that joined them, and in
 *   scripts and heredocs the comment lines that introduced a dropped cleanup;
 * added: `--mount=type=cache,…` flags with continuations, the docker-clean RUN,
 *   `# … (cachemount)` comments, `:`/`true` fillers.
 *
 * Works on tokens (words, blanks, line ends, continuations, whole comments), diffed with
 * Myers' algorithm from the `diff` package, so it needs no help from the tool.
 */
import { diffArrays } from 'diff';
import { ADDITIONS, CLEANUPS, DISABLING, REDIRECTS, SEP } from './oracle';

export type TokKind = 'eol' | 'ws' | 'cont' | 'op' | 'word' | 'comment' | 'fix';

export interface Tok {
  t: string;
  off: number;
  kind: TokKind;
  /** For comments: the comment is the first thing on its line. */
  lineStart?: boolean;
}

/** A block of RUN lines, or the same wrapped in `USER root` … `USER x` lines for a non-root stage. */
const asRoot = (body: string): string => `(?:(?:USER|user) root\\r?\\n${body}\\r?\\n(?:USER|user) [^\\r\\n]+|${body})`;
/** The RUN the tool adds to set apt's docker-clean hook aside, with its comment line. */
const APPLY_SRC = `(# Keep downloaded \\.deb files[^\\r\\n]*\\r?\\n)?${asRoot(
  `(?:RUN|run) if \\[ -f /etc/apt/apt\\.conf\\.d/docker-clean \\]; then mv /etc/apt/apt\\.conf\\.d/docker-clean /etc/apt/docker-clean\\.cachemount; fi &&[ \\t]*[\\\\\`]\\r?\\n[ \\t]*echo 'Binary::apt::APT::Keep-Downloaded-Packages "true";' > /etc/apt/apt\\.conf\\.d/zz-cachemount-keep-downloaded`,
)}`;
/** The RUN that puts it back in a stage that ships. */
const UNDO_SRC = `(# Put back the base image's apt configuration[^\\r\\n]*\\r?\\n)?${asRoot(
  `(?:RUN|run) rm -f /etc/apt/apt\\.conf\\.d/zz-cachemount-keep-downloaded &&[ \\t]*[\\\\\`]\\r?\\n[ \\t]*if \\[ -f /etc/apt/docker-clean\\.cachemount \\]; then mv /etc/apt/docker-clean\\.cachemount /etc/apt/apt\\.conf\\.d/docker-clean; fi`,
)}`;
export const FIX_RE = new RegExp(`(?:${APPLY_SRC}|${UNDO_SRC})(?:\\r?\\n|$)`, 'g');

export interface FixRange {
  start: number;
  end: number;
  comment: boolean;
  /** `apply` sets the hook aside, `undo` puts it back. */
  kind: 'apply' | 'undo';
}

export function fixRanges(text: string): FixRange[] {
  const out: FixRange[] = [];
  FIX_RE.lastIndex = 0;
  for (let m = FIX_RE.exec(text); m; m = FIX_RE.exec(text)) {
    // only at the start of a line
    const kind = /docker-clean \/etc\/apt\/docker-clean\.cachemount/.test(m[0]) ? 'apply' : 'undo';
    if (m.index === 0 || text[m.index - 1] === '\n') out.push({ start: m.index, end: m.index + m[0].length, comment: !!(m[1] ?? m[2]), kind });
  }
  return out;
}

const LINE_TOKEN = /[ \t]+|&&|\|\||;;|;|[^ \t\r\n;&|]+|[&|]/y;

function tokenizeSegment(text: string, base: number, out: Tok[]): void {
  const lineRe = /([^\r\n]*)(\r\n|\n|\r|$)/y;
  let pos = 0;
  while (pos < text.length) {
    lineRe.lastIndex = pos;
    const m = lineRe.exec(text)!;
    const content = m[1];
    const eol = m[2];
    const lead = /^[ \t]*/.exec(content)![0];
    let i = 0;
    if (lead) {
      out.push({ t: lead, off: base + pos, kind: 'ws' });
      i = lead.length;
    }
    const lineToks: Tok[] = [];
    while (i < content.length) {
      const prev = lineToks[lineToks.length - 1];
      if (content[i] === '#' && (i === lead.length || (prev && prev.kind === 'ws'))) {
        lineToks.push({ t: content.slice(i), off: base + pos + i, kind: 'comment', lineStart: i === lead.length });
        break;
      }
      LINE_TOKEN.lastIndex = i;
      const tm = LINE_TOKEN.exec(content)!;
      const t = tm[0];
      const kind: TokKind = /^[ \t]+$/.test(t) ? 'ws' : /^(&&|\|\||;;|;)$/.test(t) ? 'op' : 'word';
      lineToks.push({ t, off: base + pos + i, kind });
      i += t.length;
    }
    // a trailing escape (\ or `) is a continuation token of its own
    let k = lineToks.length - 1;
    while (k >= 0 && lineToks[k].kind === 'ws') k--;
    if (k >= 0 && lineToks[k].kind === 'word' && /[\\`]$/.test(lineToks[k].t) && eol) {
      const w = lineToks[k];
      const head = w.t.slice(0, -1);
      const repl: Tok[] = [];
      if (head) repl.push({ t: head, off: w.off, kind: 'word' });
      repl.push({ t: w.t.slice(-1), off: w.off + head.length, kind: 'cont' });
      lineToks.splice(k, 1, ...repl);
    }
    out.push(...lineToks);
    if (eol) out.push({ t: eol, off: base + pos + content.length, kind: 'eol' });
    pos += m[0].length;
    if (!m[0].length) break;
  }
}

export function tokenize(text: string): Tok[] {
  const out: Tok[] = [];
  let pos = 0;
  for (const f of fixRanges(text)) {
    tokenizeSegment(text.slice(pos, f.start), pos, out);
    out.push({ t: `\u0000${f.kind === 'apply' ? 'FIX' : 'UNDO'}${f.comment ? '+comment' : ''}`, off: f.start, kind: 'fix' });
    pos = f.end;
  }
  tokenizeSegment(text.slice(pos), pos, out);
  return out;
}

export interface Hunk {
  removed: Tok[];
  added: Tok[];
}

const SOFT = new Set<TokKind>(['ws', 'eol', 'cont']);

export interface Diff {
  hunks: Hunk[];
  /** Places where blanks, line ends or continuations changed between two tokens both sides kept. */
  softProblems: string[];
}

/**
 * Diffs the "hard" tokens (words, operators, comments, the docker-clean block), so that
 * blanks and line ends cannot pull the alignment apart; then requires the blanks, line
 * ends and continuations between any two neighbouring tokens that both sides kept to be
 * byte-identical. Only the soft text next to an edit may change (style checks look at it).
 */
export function diffTokens(before: string, after: string, ctx?: ClassifyContext, anchorLines = true): Diff {
  const a = tokenize(before);
  const b = tokenize(after);
  // Lines first: whole unchanged lines anchor the alignment, so a repeated word such as
  // `apt-get` or `&&` cannot be matched across lines. Without anchors (the second try
  // when the anchored alignment explains less, see check.ts) the whole file is one block.
  const la = splitLines(before);
  const lb = splitLines(after);
  const lineParts: Part[] = anchorLines
    ? patience(la.map((l) => l.text), lb.map((l) => l.text))
    : [
        { added: false, removed: true, count: la.length },
        { added: true, removed: false, count: lb.length },
      ];
  const out: Hunk[] = [];
  const softProblems: string[] = [];
  let ia = 0;
  let ib = 0;
  let blockA: [number, number] | null = null;
  let blockB: [number, number] | null = null;
  const flush = (): void => {
    if (!blockA && !blockB) return;
    const sa = blockA ? la[blockA[0]].start : la[ia]?.start ?? before.length;
    const ea = blockA ? la[blockA[1] - 1].end : sa;
    const sb = blockB ? lb[blockB[0]].start : lb[ib]?.start ?? after.length;
    const eb = blockB ? lb[blockB[1] - 1].end : sb;
    diffBlock(before, after, a.filter((t) => t.off >= sa && t.off < ea), b.filter((t) => t.off >= sb && t.off < eb), [sa, ea], [sb, eb], ctx, out, softProblems);
    blockA = null;
    blockB = null;
  };
  for (const part of lineParts) {
    const n = part.count;
    if (n === 0) continue;
    if (part.removed) {
      blockA = blockA ? [blockA[0], ia + n] : [ia, ia + n];
      ia += n;
    } else if (part.added) {
      blockB = blockB ? [blockB[0], ib + n] : [ib, ib + n];
      ib += n;
    } else {
      flush();
      ia += n;
      ib += n;
    }
  }
  flush();
  return { hunks: out, softProblems };
}

type Part = { added: boolean; removed: boolean; count: number };

/**
 * Patience diff of lines: lines that occur once on each side anchor the alignment
 * (recursively), Myers only fills the gaps. With plain Myers, repeated lines (two
 * identical `pip install` lines, `fi`, blank lines) can pair a changed line with its twin
 * a few lines on, splitting one edit into an unrelated deletion and addition.
 */
function patience(a: string[], b: string[]): Part[] {
  const out: Part[] = [];
  const push = (added: boolean, removed: boolean, count: number): void => {
    if (!count) return;
    const last = out[out.length - 1];
    if (last && last.added === added && last.removed === removed) last.count += count;
    else out.push({ added, removed, count });
  };
  const rec = (a0: number, a1: number, b0: number, b1: number): void => {
    // common prefix and suffix
    while (a0 < a1 && b0 < b1 && a[a0] === b[b0]) {
      push(false, false, 1);
      a0++;
      b0++;
    }
    let tail = 0;
    while (a1 - tail > a0 && b1 - tail > b0 && a[a1 - tail - 1] === b[b1 - tail - 1]) tail++;
    a1 -= tail;
    b1 -= tail;
    if (a0 === a1 || b0 === b1) {
      push(false, true, a1 - a0);
      push(true, false, b1 - b0);
      push(false, false, tail);
      return;
    }
    const count = new Map<string, [number, number, number, number]>();
    for (let i = a0; i < a1; i++) {
      const c = count.get(a[i]) ?? [0, 0, -1, -1];
      c[0]++;
      c[2] = i;
      count.set(a[i], c);
    }
    for (let j = b0; j < b1; j++) {
      const c = count.get(b[j]);
      if (!c) continue;
      c[1]++;
      c[3] = j;
    }
    const pairs = [...count.values()].filter((c) => c[0] === 1 && c[1] === 1).map((c) => [c[2], c[3]] as [number, number]).sort((x, y) => x[0] - y[0]);
    // longest increasing subsequence of the b indices
    const lis = longestIncreasing(pairs);
    if (!lis.length) {
      // no anchor: one block, aligned token by token
      push(false, true, a1 - a0);
      push(true, false, b1 - b0);
    } else {
      let pa = a0;
      let pb = b0;
      for (const [i, j] of lis) {
        rec(pa, i, pb, j);
        push(false, false, 1);
        pa = i + 1;
        pb = j + 1;
      }
      rec(pa, a1, pb, b1);
    }
    push(false, false, tail);
  };
  rec(0, a.length, 0, b.length);
  return out;
}

function longestIncreasing(pairs: Array<[number, number]>): Array<[number, number]> {
  const tails: number[] = [];
  const prev: number[] = new Array(pairs.length).fill(-1);
  for (let k = 0; k < pairs.length; k++) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pairs[tails[mid]][1] < pairs[k][1]) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[k] = tails[lo - 1];
    tails[lo] = k;
  }
  const out: Array<[number, number]> = [];
  for (let k = tails.length ? tails[tails.length - 1] : -1; k >= 0; k = prev[k]) out.push(pairs[k]);
  return out.reverse();
}

interface Line {
  text: string;
  start: number;
  end: number;
}

function splitLines(text: string): Line[] {
  const out: Line[] = [];
  const re = /[^\r\n]*(\r\n|\n|\r|$)/y;
  let pos = 0;
  while (pos < text.length) {
    re.lastIndex = pos;
    const m = re.exec(text)!;
    if (!m[0].length) break;
    out.push({ text: m[0], start: pos, end: pos + m[0].length });
    pos += m[0].length;
  }
  return out;
}

/** Token diff of one block of changed lines (see diffTokens). */
function diffBlock(
  before: string,
  after: string,
  a: Tok[],
  b: Tok[],
  spanA: [number, number],
  spanB: [number, number],
  ctx: ClassifyContext | undefined,
  out: Hunk[],
  softProblems: string[],
): void {
  const ha = a.filter((t) => !SOFT.has(t.kind));
  const hb = b.filter((t) => !SOFT.has(t.kind));
  const endOf = (text: string, t: Tok): number => (t.kind === 'fix' ? fixRanges(text).find((r) => r.start === t.off)?.end ?? t.off : t.off + t.t.length);
  const soft = (text: string, toks: Tok[], i: number, span: [number, number]): string => {
    const from = i < 0 ? span[0] : endOf(text, toks[i]);
    const to = i + 1 < toks.length ? toks[i + 1].off : span[1];
    return text.slice(from, to);
  };
  /** The hunks and soft-text problems one alignment gives. */
  const build = (ops: Op[]): { hunks: Hunk[]; soft: string[] } => {
    const hunksOut: Hunk[] = [];
    const softOut: string[] = [];
    let cur: Hunk | null = null;
    let ia = 0;
    let ib = 0;
    for (let p = 0; p < ops.length; p++) {
      const { type, n } = ops[p];
      if (n === 0) continue;
      if (type === 'add') {
        cur ??= { removed: [], added: [] };
        cur.added.push(...hb.slice(ib, ib + n));
        ib += n;
      } else if (type === 'del') {
        cur ??= { removed: [], added: [] };
        cur.removed.push(...ha.slice(ia, ia + n));
        ia += n;
      } else {
        if (cur) hunksOut.push(cur);
        cur = null;
        // soft text strictly inside the equal run, plus the block's start/end when the run touches them
        const first = ia === 0 && ib === 0 ? -1 : 0;
        const last = ia + n === ha.length && ib + n === hb.length ? n : n - 1;
        for (let k = first; k < last; k++) {
          const sa = soft(before, ha, ia + k, spanA);
          const sb = soft(after, hb, ib + k, spanB);
          // A RUN whose last commands went may end before the comment lines that stood
          // above them: the continuation after its last kept word goes (the instruction
          // structure itself is checked on the models, see check.ts).
          const next = ha[ia + k + 1];
          const endsRun = next?.kind === 'comment' && next.lineStart && sa.replace(/[ \t]*[\\`][ \t]*(?=\r?\n)/, '') === sb && instructionEndsAt(after, hb[ib + k + 1]?.off ?? -1);
          // blanks at the end of a RUN's last line may go with a removal that reached it
          const nextAfter = hb[ib + k + 1];
          const trailingGone =
            /^[ \t]+(\r?\n|$)/.test(sa) && sa.replace(/^[ \t]+/, '') === sb && (!nextAfter || nextAfter.kind === 'fix' || (INSTRUCTION.test(nextAfter.t) && /\n[ \t]*$/.test(sb)));
          if (sa !== sb && !endsRun && !trailingGone) {
            const at = ha[ia + Math.max(k, 0)];
            softOut.push(`blanks or line structure changed next to ${JSON.stringify(at?.t.slice(0, 40) ?? '')}: ${JSON.stringify(sa.slice(0, 60))} -> ${JSON.stringify(sb.slice(0, 60))}`);
          }
        }
        ia += n;
        ib += n;
      }
    }
    if (cur) hunksOut.push(cur);
    return { hunks: hunksOut, soft: softOut };
  };
  // Up to four alignments: fewest gaps; gaps opened where the tool cuts; fillers (`true`,
  // `:`) in the output matched to nothing, as the tool adds them (else a `|| true` kept
  // elsewhere can pair with an added `true`). Any alignment that explains the change as
  // intended edits will do.
  // The fourth: soft text that differs between two kept neighbours costs more than a gap
  // opens (a removed line next to kept blank lines can be aligned as one run of deletions
  // that pairs a kept `;` with the wrong neighbour, or as two runs that keep every neighbour).
  const configs = [
    { cuts: false, fillers: true, soft: 0 },
    { cuts: true, fillers: true, soft: 0 },
    { cuts: false, fillers: false, soft: 0 },
    { cuts: false, fillers: true, soft: 10 },
  ];
  const alignment = ({ cuts, fillers, soft: softWeight }: { cuts: boolean; fillers: boolean; soft: number }): Op[] => {
    const o = align(
      ha.map((t) => t.t),
      hb.map((t) => (fillers || !/^(true|:)$/.test(t.t) ? t.t : `\u0000${t.t}`)),
      cuts,
      ha.map((_t, i) => soft(before, ha, i, spanA)),
      hb.map((_t, i) => soft(after, hb, i, spanB)),
      softWeight,
    );
    if (ctx) {
      slideBlocks(o, ha, hb, ctx);
      reanchor(o, ha, hb, ctx);
    }
    return o;
  };
  const badness = (x: { hunks: Hunk[]; soft: string[] }): number => x.soft.length + (ctx ? x.hunks.reduce((n, h) => n + hunkScore(classifyHunk(h, ctx)), 0) : 0);
  // tried in turn until one explains everything; the best one is kept
  let chosen = build(alignment(configs[0]));
  if (ctx) {
    let best = badness(chosen);
    for (const c of configs.slice(1)) {
      if (best === 0) break;
      const x = build(alignment(c));
      const b = badness(x);
      if (b < best) [chosen, best] = [x, b];
    }
  }
  out.push(...chosen.hunks);
  softProblems.push(...chosen.soft);
  if (!ha.length && !hb.length) {
    const ta = before.slice(spanA[0], spanA[1]);
    const tb = after.slice(spanB[0], spanB[1]);
    if (ta !== tb && !(ta === '' || tb === '')) softProblems.push(`blank lines changed: ${JSON.stringify(ta.slice(0, 60))} -> ${JSON.stringify(tb.slice(0, 60))}`);
  }
}

const INSTRUCTION = /^[ \t]*(FROM|RUN|CMD|LABEL|MAINTAINER|EXPOSE|ENV|ADD|COPY|ENTRYPOINT|VOLUME|USER|WORKDIR|ARG|ONBUILD|STOPSIGNAL|HEALTHCHECK|SHELL)([ \t]|$)/i;

/** Whether, from the comment line at `off` on, only comment and blank lines come before the next instruction (or the end). */
function instructionEndsAt(text: string, off: number): boolean {
  if (off < 0) return false;
  const lines = text.slice(off).split(/\r?\n|\r/);
  for (const l of lines.slice(1)) {
    if (/^[ \t]*(#.*)?$/.test(l)) continue;
    return INSTRUCTION.test(l);
  }
  return true;
}

type Op = { type: 'eq' | 'del' | 'add'; n: number };

/**
 * Token alignment with affine gaps (Gotoh): fewest deleted and inserted tokens first, then
 * fewest separate runs of them. The tool removes whole commands, so of two alignments
 * with as many deleted tokens, the one that deletes `apt-get clean -y &&` in one piece is
 * the truthful one; plain Myers may keep a different `apt-get` and `-y`. Falls back to
 * Myers for very large blocks.
 *
 * Of alignments that still tie, the one whose kept neighbours keep the blanks and line
 * structure between them wins (`x && \␠␠` + `clean && \` minus `clean &&` keeps the first
 * `&&` with its own line end, not the second): each match right after a match whose soft
 * text between the two differs from the other side's costs a fraction, all of them
 * together less than one open.
 */
function align(a: string[], b: string[], cuts = false, softA?: string[], softB?: string[], softWeight = 0): Op[] {
  const n = a.length;
  const m = b.length;
  const ops: Op[] = [];
  const push = (type: Op['type'], k = 1): void => {
    const last = ops[ops.length - 1];
    if (last && last.type === type) last.n += k;
    else ops.push({ type, n: k });
  };
  if (n * m > 2_000_000) {
    for (const p of diffArrays(a, b)) push(p.added ? 'add' : p.removed ? 'del' : 'eq', p.count ?? p.value.length);
    return ops;
  }
  const GAP = 1000;
  const OPEN = 1;
  // With `cuts`: where the tool's deletions start (an operator before a command, a
  // cache-disabling flag, a path operand), a deletion costs less to open, so of two
  // alignments deleting as many tokens, the one cut where the tool cuts wins:
  // `x cache purge && x --no-cache-dir y` minus `&& x cache purge` and the flag comes out
  // as those two pieces, not as one run `cache purge && x --no-cache-dir`.
  // (also at the first word of a command: `dnf clean all && dnf install` minus the clean
  // keeps the second `dnf`, the one the tool gave options)
  const commandStart = (i: number): boolean => i === 0 || /^(&&|;|\|\||\||\(|\{|then|do|else|RUN|run|Run)$/.test(a[i - 1]);
  const delOpen = a.map((t, i) => (cuts && (/^(&&|;|\|\||--no-cache-dir(=\S*)?|PIP_NO_CACHE_DIR=\S*|["']?(\/|~|\$\{?HOME).*)$/.test(t) || commandStart(i)) ? -1 : OPEN));
  const openDel = (i: number): number => delOpen[i];
  const EPS = softWeight || 1 / (4 * (n + m + 1));
  // two matches in a row: the soft text between them is compared (see build), so it should agree
  const pen = (i: number, j: number): number => (i >= 0 && j >= 0 && softA && softB && softA[i] !== softB[j] ? EPS : 0);
  const INF = Number.MAX_SAFE_INTEGER / 4;
  const W = m + 1;
  // M: ends with a match; X: ends with a deletion (a consumed); Y: ends with an insertion.
  const M = new Float64Array((n + 1) * W).fill(INF);
  const X = new Float64Array((n + 1) * W).fill(INF);
  const Y = new Float64Array((n + 1) * W).fill(INF);
  M[0] = 0;
  for (let i = 0; i <= n; i++) {
    for (let j = 0; j <= m; j++) {
      const k = i * W + j;
      if (i > 0 && j > 0 && a[i - 1] === b[j - 1]) {
        const q = (i - 1) * W + (j - 1);
        M[k] = Math.min(M[q] + pen(i - 2, j - 2), X[q], Y[q]);
      }
      if (i > 0) {
        const q = (i - 1) * W + j;
        X[k] = Math.min(M[q] + GAP + openDel(i - 1), X[q] + GAP, Y[q] + GAP + openDel(i - 1));
      }
      if (j > 0) {
        const q = i * W + (j - 1);
        Y[k] = Math.min(M[q] + GAP + OPEN, Y[q] + GAP, X[q] + GAP + OPEN);
      }
    }
  }
  // traceback
  const rev: Array<Op['type']> = [];
  let i = n;
  let j = m;
  let k = i * W + j;
  let state: 0 | 1 | 2 = M[k] <= X[k] && M[k] <= Y[k] ? 0 : X[k] <= Y[k] ? 1 : 2;
  while (i > 0 || j > 0) {
    k = i * W + j;
    if (state === 0) {
      rev.push('eq');
      const q = (i - 1) * W + (j - 1);
      const v = M[k];
      state = M[q] + pen(i - 2, j - 2) === v ? 0 : X[q] === v ? 1 : 2;
      i--;
      j--;
    } else if (state === 1) {
      rev.push('del');
      const q = (i - 1) * W + j;
      const v = X[k];
      state = X[q] + GAP === v ? 1 : M[q] + GAP + openDel(i - 1) === v ? 0 : 2;
      i--;
    } else {
      rev.push('add');
      const q = i * W + (j - 1);
      const v = Y[k];
      state = Y[q] + GAP === v ? 2 : M[q] + GAP + OPEN === v ? 0 : 1;
      j--;
    }
  }
  for (let r = rev.length - 1; r >= 0; r--) push(rev[r]);
  return ops;
}

/**
 * A pure deletion right after a kept token may hold the same token again
 * (`&& pip cache purge && PIP_NO_CACHE_DIR=1 pip --no-cache-dir download` minus three
 * pieces keeps one `pip`): keeping the later copy instead splits the deletion in two,
 * which may classify better. Same for insertions, and for a kept token right after.
 */
function reanchor(ops: Array<{ type: 'eq' | 'del' | 'add'; n: number }>, ha: Tok[], hb: Tok[], ctx: ClassifyContext): void {
  let ia = 0;
  let ib = 0;
  for (let p = 0; p < ops.length; p++) {
    const op = ops[p];
    const prev = ops[p - 1];
    const next = ops[p + 1];
    if (op.type !== 'eq' && op.n > 1 && ((prev?.type === 'eq' && prev.n > 0) || (next?.type === 'eq' && next.n > 0))) {
      const toks = op.type === 'del' ? ha : hb;
      const start = op.type === 'del' ? ia : ib;
      const cls = (from: number, to: number): number => {
        if (to <= from) return 0;
        const block = toks.slice(from, to);
        return hunkScore(classifyHunk(op.type === 'del' ? { removed: block, added: [] } : { removed: [], added: block }, ctx));
      };
      let best = cls(start, start + op.n);
      let choice: { left: boolean; m: number } | null = null;
      if (best > 0) {
        // keep the m-th token of the block instead of the kept token before it
        if (prev?.type === 'eq' && prev.n > 0) {
          for (let m = 0; m < op.n; m++) {
            if (toks[start + m].t !== toks[start - 1].t) continue;
            const sc = cls(start - 1, start + m) + cls(start + m + 1, start + op.n);
            if (sc < best) {
              best = sc;
              choice = { left: true, m };
            }
          }
        }
        if (next?.type === 'eq' && next.n > 0) {
          for (let m = 0; m < op.n; m++) {
            if (toks[start + m].t !== toks[start + op.n].t) continue;
            const sc = cls(start, start + m) + cls(start + m + 1, start + op.n + 1);
            if (sc < best) {
              best = sc;
              choice = { left: false, m };
            }
          }
        }
      }
      if (choice) {
        const { m } = choice;
        if (choice.left) {
          prev.n -= 1;
          ops.splice(p, 1, { type: op.type, n: m + 1 }, { type: 'eq', n: 1 }, { type: op.type, n: op.n - m - 1 });
          ia -= 1;
          ib -= 1;
        } else {
          next.n -= 1;
          ops.splice(p, 1, { type: op.type, n: m }, { type: 'eq', n: 1 }, { type: op.type, n: op.n - m });
        }
      }
    }
    if (ops[p].type !== 'add') ia += ops[p].n;
    if (ops[p].type !== 'del') ib += ops[p].n;
  }
}

/**
 * Myers' diff is minimal but not unique: deleting `apt-get clean ;` from
 * `x ; apt-get clean ; apt-get update` may come out as `clean ; apt-get`. A pure deletion
 * (or insertion) between two equal runs may slide while the tokens at its ends match;
 * keep the position whose hunk classifies best, the original one on ties.
 */
function slideBlocks(ops: Array<{ type: 'eq' | 'del' | 'add'; n: number }>, ha: Tok[], hb: Tok[], ctx: ClassifyContext): void {
  let ia = 0;
  let ib = 0;
  for (let p = 0; p < ops.length; p++) {
    const op = ops[p];
    const prev = ops[p - 1];
    const next = ops[p + 1];
    if (op.type !== 'eq' && prev?.type === 'eq' && next?.type === 'eq' && op.n > 0) {
      const toks = op.type === 'del' ? ha : hb;
      const start = op.type === 'del' ? ia : ib;
      const score = (s: number): number => {
        const block = toks.slice(start + s, start + s + op.n);
        const h = op.type === 'del' ? { removed: block, added: [] } : { removed: [], added: block };
        return hunkScore(classifyHunk(h, ctx));
      };
      let best = 0;
      let bestScore = score(0);
      for (let s = -1; s >= -prev.n && toks[start + s].t === toks[start + s + op.n].t && bestScore > 0; s--) {
        const sc = score(s);
        if (sc < bestScore) {
          best = s;
          bestScore = sc;
        }
      }
      for (let s = 1; s <= next.n && toks[start + s - 1].t === toks[start + s - 1 + op.n].t && bestScore > 0; s++) {
        const sc = score(s);
        if (sc < bestScore) {
          best = s;
          bestScore = sc;
        }
      }
      if (best) {
        prev.n += best;
        next.n -= best;
        // prev was already counted
        ia += best;
        ib += best;
      }
    }
    if (ops[p].type !== 'add') ia += ops[p].n;
    if (ops[p].type !== 'del') ib += ops[p].n;
  }
}

// ---------------------------------------------------------------- classification

export interface Removal {
  /** What went: a whole command, an rm operand, a flag. */
  what: 'command' | 'path' | 'flag';
  text: string;
  /** Offset in the file before. */
  off: number;
  /** For paths: the path (`~` and `$HOME` resolved to /root); else null. */
  path: string | null;
  /** For commands and flags: the caches they concern (see oracle.ts). */
  kinds: string[];
  /** Flags: one of `kinds` mounted justifies the removal; commands need all of them. */
  any: boolean;
}

/** A word the tool added to a command (an option, a replacement), with the caches that justify it. */
export interface Addition {
  text: string;
  off: number;
  kinds: string[];
  /** A path the option names, which must be a mount of the RUN. */
  path?: string;
}

export interface HunkVerdict {
  problems: string[];
  removals: Removal[];
  commands: number;
  mounts: Array<{ target: string; locked: boolean; off: number }>;
  additions: Addition[];
  fixes: Array<{ off: number; comment: boolean; kind: 'apply' | 'undo' }>;
  comments: Array<{ off: number; text: string }>;
  fillers: number;
  /** `&&`, `;` and `||` removed: at most one per removed command, counted per RUN or script (check.ts). */
  ops: number;
  /** Command names (first word) of the commands removed whole. */
  removedNames: string[];
  /** First offset of the hunk in the file before and after. */
  beforeOff: number;
  afterOff: number;
}

// Any absolute, home or variable path: whether it may go is decided by the mounts of the RUNs (check.ts).
const CACHE_PATH_SRC = `["']?(?:/|~/|~(?=[\\s;&|)]|$)|\\$\\{?[A-Za-z_][A-Za-z0-9_]*\\}?)[^\\s;&|)]*`;
const RM_CMD = new RegExp(`(?:sudo${SEP})?rm(?:${SEP}-[-\\w]*)*((?:${SEP}${CACHE_PATH_SRC})+)${REDIRECTS}(?=[\\s;&|)]|$)`, 'g');
const CACHE_PATH = new RegExp(`(?<![\\w/.-])${CACHE_PATH_SRC}(?=[\\s;&|)]|$)`, 'g');
const OR_TRUE = new RegExp(`\\|\\|${SEP}?(?:true|:)(?![\\w-])`, 'g');
const MOUNT = /--mount=type=cache,target=([^\s,]+)(,sharing=locked)?(,uid=\d+,gid=\d+)?(?=\s|$)/g;

export function resolveCachePath(raw: string): string {
  let p = raw.replace(/["']/g, '');
  p = p.replace(/^~(?=\/|$)/, '/root').replace(/^\$\{HOME\}|^\$HOME/, '/root');
  p = p.replace(/\/+/g, '/');
  return p.length > 1 ? p.replace(/\/$/, '') : p;
}


export interface ClassifyContext {
  kind: 'dockerfile' | 'script';
  /** Offsets (before) inside heredoc bodies, where shell comment rules of scripts apply. */
  inHeredoc: (off: number) => boolean;
  comments: boolean;
  aptKeepDownloaded: boolean;
}

/** Checks one hunk; `problems` lists every piece that is not an intended edit. */
/** How badly a hunk classifies, for choosing between alignments: its problems, and operators without commands. */
export function hunkScore(v: HunkVerdict): number {
  return v.problems.length + (v.ops > v.commands ? 1 : 0);
}

export function classifyHunk(h: Hunk, ctx: ClassifyContext): HunkVerdict {
  const v: HunkVerdict = {
    problems: [],
    removals: [],
    commands: 0,
    mounts: [],
    additions: [],
    fixes: [],
    comments: [],
    fillers: 0,
    ops: 0,
    removedNames: [],
    beforeOff: h.removed[0]?.off ?? -1,
    afterOff: h.added[0]?.off ?? -1,
  };
  // ---- removed
  const removedComments = h.removed.filter((t) => t.kind === 'comment');
  if (h.removed.some((t) => t.kind === 'fix')) v.problems.push('removed a docker-clean fix');
  const plain = h.removed.filter((t) => t.kind !== 'comment' && t.kind !== 'fix');
  // Join with single spaces; keep a map from string positions back to file offsets.
  let s = '';
  const offs: number[] = [];
  for (const t of plain) {
    if (s) {
      s += ' ';
      offs.push(t.off);
    }
    for (let i = 0; i < t.t.length; i++) offs.push(t.off + i);
    s += t.t;
  }
  const at = (i: number): number => offs[Math.min(i, offs.length - 1)] ?? -1;
  const take = (re: RegExp, fn: (m: RegExpExecArray) => void): void => {
    re.lastIndex = 0;
    let out = '';
    let last = 0;
    for (let m = re.exec(s); m; m = re.exec(s)) {
      fn(m);
      out += s.slice(last, m.index) + ' '.repeat(m[0].length);
      last = m.index + m[0].length;
      if (m[0].length === 0) re.lastIndex++;
    }
    s = out + s.slice(last);
  };
  const nameOf = (m: RegExpExecArray): string => m[0].split(/[\s\\`]+/)[0];
  for (const c of CLEANUPS) {
    take(c.re, (m) => {
      v.commands++;
      v.removedNames.push(nameOf(m));
      v.removals.push({ what: 'command', text: m[0], off: at(m.index), path: null, kinds: typeof c.kinds === 'function' ? c.kinds(m[0]) : c.kinds, any: false });
    });
  }
  take(RM_CMD, (m) => {
    v.commands++;
    v.removedNames.push(nameOf(m));
    const paths = m[1].split(/[\s\\`]+/).filter(Boolean);
    for (const p of paths) v.removals.push({ what: 'path', text: p, off: at(m.index), path: resolveCachePath(p), kinds: [], any: false });
  });
  take(OR_TRUE, () => undefined);
  take(CACHE_PATH, (m) => {
    v.removals.push({ what: 'path', text: m[0], off: at(m.index), path: resolveCachePath(m[0]), kinds: [], any: false });
  });
  for (const d of DISABLING) {
    take(d.re, (m) => {
      v.removals.push({ what: 'flag', text: m[0], off: at(m.index), path: null, kinds: d.kinds, any: true });
    });
  }
  let ops = 0;
  take(/&&|;|\|\|/g, () => ops++);
  const rest = s.replace(/[\s\\`]+/g, '');
  if (rest) v.problems.push(`removed text that is not an intended edit: ${JSON.stringify(rest.slice(0, 120))}`);
  // An operator and its command may sit in two hunks (a kept comment line between them):
  // the count is checked per RUN or script by check.ts, and only scores alignments here.
  v.ops = ops;
  for (const c of removedComments) {
    const own = c.lineStart;
    const inScriptish = ctx.kind === 'script' || ctx.inHeredoc(c.off);
    if (!v.commands) v.problems.push(`removed a comment with no cleanup: ${JSON.stringify(c.t.slice(0, 80))}`);
    else if (own && !inScriptish) v.problems.push(`removed a comment line inside a continued RUN: ${JSON.stringify(c.t.slice(0, 80))}`);
  }

  // ---- added
  let a = '';
  for (const t of h.added) {
    if (t.kind === 'fix') {
      if (ctx.kind !== 'dockerfile' || !ctx.aptKeepDownloaded) v.problems.push('added a docker-clean fix where none may go');
      if (t.t.endsWith('+comment') && !ctx.comments) v.problems.push('added the docker-clean comment with comments off');
      v.fixes.push({ off: t.off, comment: t.t.endsWith('+comment'), kind: t.t.includes('UNDO') ? 'undo' : 'apply' });
      continue;
    }
    if (t.kind === 'comment') {
      if (!/\(cachemount\)[ \t]*$/.test(t.t)) v.problems.push(`added a comment that is not the tool's: ${JSON.stringify(t.t.slice(0, 80))}`);
      else if (!ctx.comments) v.problems.push('added a (cachemount) comment with comments off');
      v.comments.push({ off: t.off, text: t.t });
      continue;
    }
    a += (a ? ' ' : '') + t.t;
  }
  const addedOff = h.added.find((t) => t.kind === 'word')?.off ?? v.afterOff;
  MOUNT.lastIndex = 0;
  for (let m = MOUNT.exec(a); m; m = MOUNT.exec(a)) v.mounts.push({ target: m[1], locked: !!m[2], off: addedOff });
  a = a.replace(MOUNT, ' ');
  for (const x of ADDITIONS) {
    a = a.replace(x.re, (...m: string[]) => {
      v.additions.push({ text: m[0], off: addedOff, kinds: x.kinds, ...(x.path !== undefined ? { path: resolveCachePath(m[x.path]) } : {}) });
      return ' ';
    });
  }
  a = a.replace(/(^|\s)(:|true)(?=\s|$|;)/g, (_m, pre: string) => {
    v.fillers++;
    return pre;
  });
  const arest = a.replace(/[\s\\`]+/g, '');
  if (arest) v.problems.push(`added text that is not an intended edit: ${JSON.stringify(arest.slice(0, 120))}`);
  if (v.fillers > v.commands) v.problems.push(`added ${v.fillers} fillers for ${v.commands} removed commands`);
  return v;
}

/**
 * Line-level style checks over a line diff: a changed region must not leave blank lines,
 * continuation-only lines or trailing blanks that were not there before.
 */
export function lineStyleProblems(before: string, after: string): string[] {
  const split = (t: string): string[] => t.split(/(?<=\n)|(?<=\r)(?!\n)/);
  const a = split(before);
  const b = split(after);
  const parts = diffArrays(a, b);
  const problems: string[] = [];
  const kinds = (lines: string[]): { blank: number; contOnly: number; trailing: number } => {
    let blank = 0;
    let contOnly = 0;
    let trailing = 0;
    for (const l of lines) {
      const c = l.replace(/\r?\n$|\r$/, '');
      if (/^[ \t]*$/.test(c)) blank++;
      else if (/^[ \t]*[\\`][ \t]*$/.test(c)) contOnly++;
      else if (/[^ \t\\`][ \t]+$/.test(c)) trailing++;
    }
    return { blank, contOnly, trailing };
  };
  const whole = { before: kinds(a), after: kinds(b) };
  let removed: string[] = [];
  let added: string[] = [];
  const flush = (): void => {
    if (!added.length) {
      removed = [];
      return;
    }
    const r = kinds(removed);
    const x = kinds(added);
    const where = JSON.stringify(added.join('').slice(0, 160));
    // the line diff may pair a moved line with the wrong group: the file as a whole must also have more
    if (x.blank > r.blank && whole.after.blank > whole.before.blank) problems.push(`blank line introduced: ${where}`);
    if (x.contOnly > r.contOnly && whole.after.contOnly > whole.before.contOnly) problems.push(`continuation-only line introduced: ${where}`);
    if (x.trailing > r.trailing && whole.after.trailing > whole.before.trailing) problems.push(`trailing whitespace introduced: ${where}`);
    removed = [];
    added = [];
  };
  for (const p of parts) {
    if (p.added) added.push(...p.value);
    else if (p.removed) removed.push(...p.value);
    else flush();
  }
  flush();
  return problems;
}
