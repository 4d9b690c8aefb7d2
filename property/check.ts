/**
 * Runs the engine over a tree and checks every property of its output. Used by the
 * property test (with the generator's metadata, which adds checks of what each RUN
 * must and must not get) and by the stress runner (without it).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_OPTIONS, EngineOptions, FileResult, processRoot, RootResult } from '../src/engine';
import { DockerfileModel, modelDockerfile, RunInstruction } from '../src/dockerfile/model';
import { errorRanges, initShellParser, parseShell, Node, Tree } from '../src/shell/parser';
import { Addition, classifyHunk, ClassifyContext, diffTokens, fixRanges, HunkVerdict, lineStyleProblems, Removal, resolveCachePath } from './classify';
import { cacheDirs, resolveUser, RunSetting } from './oracle';
import type { CaseMeta, DockerfileMeta, RunMeta } from './render';
import { has, ignoreProblems, runIgnored } from './ignores';

export interface Violation {
  kind: string;
  file: string;
  detail: string;
}

export interface CheckReport {
  violations: Violation[];
  result: RootResult | null;
  /** Lines changed in total, and lines of changes that are not intended edits. */
  changedHunks: number;
  badHunks: number;
  editsByTransform: Record<string, number>;
  ms: number;
}

export interface CheckOptions {
  engine: EngineOptions;
  meta?: CaseMeta;
  /** Run `bash -n` on scripts and RUN bodies (before and after). */
  bash: boolean;
}

const DIRECTIVE = /^[ \t]*#[ \t]*(syntax|escape|check)[ \t]*=/i;

function isUnder(p: string, dir: string): boolean {
  return p === dir || p.startsWith(dir === '/' ? '/' : `${dir}/`);
}

function normalise(p: string): string {
  const out = p.replace(/\/+/g, '/').replace(/\/\.$/, '');
  return out.length > 1 ? out.replace(/\/$/, '') : out;
}

let bashChecked: boolean | null = null;
function haveBash(): boolean {
  if (bashChecked === null) bashChecked = spawnSync('bash', ['-c', 'true']).status === 0;
  return bashChecked;
}

export function bashParses(text: string): boolean {
  const r = spawnSync('bash', ['-n'], { input: text, encoding: 'utf8' });
  return r.status === 0;
}

/** Shell text of every RUN (views), one after the other, for bash -n. */
function runShells(model: DockerfileModel, skip: (r: RunInstruction) => boolean): string {
  return model.runs
    .filter((r) => !skip(r))
    // the shell never sees a RUN's CRLF line breaks (Docker joins the lines); bash would
    // read `\` + CR as an escaped CR, not as a line continuation
    .flatMap((r) => r.shells.map((s) => (s.source.kind === 'run' ? s.source.view.replace(/\r\n/g, '\n') : s.source.view)))
    .join('\n:\n');
}

/** Parses, uses and frees a tree (trees live in the wasm heap until deleted). */
function withTree<T>(text: string, fn: (t: Tree) => T): T {
  const tree = parseShell(text);
  try {
    return fn(tree);
  } finally {
    tree.delete();
  }
}

function shellErrorCount(text: string): number {
  return withTree(text, (t) => errorRanges(t).length);
}

function commandNames(text: string): string[] {
  const out: string[] = [];
  const walk = (n: Node): void => {
    if (n.type === 'command') {
      const name = n.childForFieldName('name') ?? n.namedChildren.find((c) => c?.type === 'command_name') ?? null;
      if (name) out.push(name.text);
    }
    for (let i = 0; i < n.namedChildCount; i++) {
      const c = n.namedChild(i);
      if (c) walk(c);
    }
  };
  withTree(text, (t) => walk(t.rootNode));
  return out;
}

/** `rm` operands (resolved; `~` and `$HOME` as `home`, or skipped when it is not known) of every rm command in a shell text. */
function rmOperands(text: string, home: string | null = '/root'): string[] {
  const out: string[] = [];
  const walk = (n: Node): void => {
    if (n.type === 'command') {
      const words = n.namedChildren.filter((c): c is Node => !!c && c.type !== 'variable_assignment' && !/redirect/.test(c.type));
      let i = 0;
      while (i < words.length && /^(sudo|command)$/.test(words[i].text)) i++;
      if (words[i] && /(^|\/)rm$/.test(words[i].text)) {
        for (const w of words.slice(i + 1)) {
          if (w.text.startsWith('-')) continue;
          const homeRelative = /^["']?(~|\$\{?HOME\b)/.test(w.text);
          if (homeRelative && home === null) continue;
          out.push(homeRelative ? resolveCachePath(w.text).replace(/^\/root(?=\/|$)/, home!) : resolveCachePath(w.text));
        }
      }
    }
    for (let i = 0; i < n.namedChildCount; i++) {
      const c = n.namedChild(i);
      if (c) walk(c);
    }
  };
  withTree(text, (t) => walk(t.rootNode));
  return out;
}

function multiset(xs: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
  return m;
}

/**
 * The commands after must be the commands before minus exactly those the hunks removed
 * (fillers `:`/`true` aside): catches joined or split lines and half-removed commands,
 * whatever the diff alignment.
 */
function namesProblems(before: string[], after: string[], removed: string[]): string[] {
  const b = multiset(before);
  const a = multiset(after);
  const r = multiset(removed);
  const out: string[] = [];
  const filler = (n: string): boolean => n === ':' || n === 'true';
  for (const n of new Set([...b.keys(), ...a.keys(), ...r.keys()])) {
    if (filler(n)) continue;
    const went = (b.get(n) ?? 0) - (a.get(n) ?? 0);
    const meant = r.get(n) ?? 0;
    if (went !== meant) out.push(`command \`${n}\`: ${b.get(n) ?? 0} before, ${a.get(n) ?? 0} after, ${meant} removed as cleanups`);
  }
  return out;
}

function writeTree(dir: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, text, 'utf8');
  }
}

/** Materialises files in a temp dir, checks them, removes the dir. */
export async function checkFiles(files: Record<string, string>, opts: CheckOptions): Promise<CheckReport> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cachemount-prop-'));
  try {
    writeTree(dir, files);
    return await checkTree(dir, opts);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Checks the engine on a tree. The tree is left as the tool would write it (the second,
 * idempotency run needs the output on disk), so pass a copy.
 */
export async function checkTree(dir: string, opts: CheckOptions): Promise<CheckReport> {
  const t0 = Date.now();
  await initShellParser();
  const violations: Violation[] = [];
  const report: CheckReport = { violations, result: null, changedHunks: 0, badHunks: 0, editsByTransform: {}, ms: 0 };
  const v = (kind: string, file: string, detail: string): void => {
    violations.push({ kind, file, detail });
  };
  let result: RootResult;
  try {
    result = await processRoot({ root: dir }, opts.engine);
  } catch (e) {
    v('crash', '', (e as Error).stack ?? String(e));
    report.ms = Date.now() - t0;
    return report;
  }
  report.result = result;
  const byPath = new Map(result.files.map((f) => [f.path, f]));
  const textOf = (rel: string): string | null => {
    const f = byPath.get(rel);
    if (f?.status === 'changed') return f.after!;
    try {
      return fs.readFileSync(path.join(dir, rel), 'utf8');
    } catch {
      return null;
    }
  };
  const beforeOf = (rel: string): string | null => {
    const f = byPath.get(rel);
    if (f?.before !== undefined) return f.before;
    try {
      return fs.readFileSync(path.join(dir, rel), 'utf8');
    } catch {
      return null;
    }
  };

  for (const f of result.files) {
    if (f.status === 'failed') v('failed', f.path, f.reason ?? '');
    if (f.status === 'skipped' && opts.meta && opts.meta.dockerfiles.some((d) => d.path === f.path)) v('skipped', f.path, f.reason ?? '');
    for (const e of f.edits) report.editsByTransform[e.transform] = (report.editsByTransform[e.transform] ?? 0) + 1;
  }
  const fileRemovals = new Map<string, HunkVerdict[]>();
  const afterModels = new Map<string, DockerfileModel>();
  const beforeModels = new Map<string, DockerfileModel>();

  for (const f of result.files) {
    if (f.status !== 'changed') continue;
    const before = f.before!;
    const after = f.after!;
    checkText(f, before, after, opts, v);
    let bm: DockerfileModel | null = null;
    let am: DockerfileModel | null = null;
    if (f.kind === 'dockerfile') {
      try {
        bm = modelDockerfile(f.path, before);
        am = modelDockerfile(f.path, after);
        beforeModels.set(f.path, bm);
        afterModels.set(f.path, am);
      } catch (e) {
        v('unparseable', f.path, `model threw: ${(e as Error).message}`);
        continue;
      }
    }
    const ctx = classifyContext(f.kind, bm, opts.engine);
    const best = explainChange(before, after, ctx, bm);
    for (const p of best.soft) v('unintended-change', f.path, p);
    for (const p of best.opProblems) v('unintended-change', f.path, p);
    const verdicts = best.verdicts;
    const removedNames = verdicts.flatMap((x) => x.removedNames);
    fileRemovals.set(f.path, verdicts);
    report.changedHunks += verdicts.length;
    const anyCommandRemoved = verdicts.some((x) => x.commands > 0 || x.removals.some((r) => r.what === "path"));
    for (const x of verdicts) {
      if (x.problems.length) report.badHunks++;
      for (const p of x.problems) v('unintended-change', f.path, p);
      if (x.comments.length && !anyCommandRemoved) v('unintended-change', f.path, 'a (cachemount) comment was added but no cleanup was dropped');
      for (const m of x.mounts) if (f.kind !== 'dockerfile') v('unintended-change', f.path, `mount flag added to a script: ${m.target}`);
    }
    for (const p of lineStyleProblems(before, after)) v('style', f.path, p);
    for (const p of ignoreProblems(before, after, verdicts, bm, am)) v('ignored-changed', f.path, p);

    if (f.kind === 'dockerfile' && bm && am) {
      checkDockerfile(f, bm, am, verdicts, opts, v);
    } else if (f.kind === 'script') {
      const bt = shellErrorCount(before);
      const at = shellErrorCount(after);
      if (at > bt) v('unparseable', f.path, `tree-sitter errors ${bt} -> ${at}`);
      if (opts.bash && haveBash() && bashParses(before) && !bashParses(after)) v('unparseable', f.path, 'bash -n fails on the output but passed on the input');
      for (const p of namesProblems(commandNames(before), commandNames(after), removedNames)) v('unintended-change', f.path, p);
    }
  }

  if (opts.meta) checkMeta(opts.meta, opts, result, fileRemovals, textOf, beforeOf, v);

  // Idempotency: the output, run again, changes nothing.
  for (const f of result.files) if (f.status === 'changed') fs.writeFileSync(path.join(dir, f.path), f.after!, 'utf8');
  try {
    const second = await processRoot({ root: dir }, opts.engine);
    for (const f of second.files) {
      if (f.status === 'changed') v('not-idempotent', f.path, `second run changed it again:\n${smallDiff(f.before!, f.after!)}`);
      if (f.status === 'failed') v('not-idempotent', f.path, `second run failed: ${f.reason}`);
    }
  } catch (e) {
    v('crash', '', `second run: ${(e as Error).stack ?? String(e)}`);
  }
  report.ms = Date.now() - t0;
  return report;
}

/** How the checker reads a file's changes: script or Dockerfile, where heredoc bodies are, the options. */
export function classifyContext(kind: 'dockerfile' | 'script', bm: DockerfileModel | null, engine: EngineOptions): ClassifyContext {
  const heredocBodies: Array<[number, number]> = [];
  if (bm) for (const r of bm.runs) for (const s of r.shells) if (s.source.kind === 'script') heredocBodies.push([s.source.base, s.source.base + s.source.view.length + 1]);
  return {
    kind,
    inHeredoc: (off) => heredocBodies.some(([s, e]) => off >= s && off < e),
    comments: engine.comments,
    aptKeepDownloaded: engine.aptKeepDownloaded,
  };
}

export interface Explanation {
  /** Blanks, line breaks or continuations changed between tokens both sides kept. */
  soft: string[];
  verdicts: HunkVerdict[];
  /** Operators removed without their commands, per RUN (or script). */
  opProblems: string[];
  score: number;
}

/**
 * Explains the difference between a file before and after as the tool's intended edits.
 * Any alignment that explains every change as an intended edit proves the output is the
 * input minus intended removals plus intended additions. Lines anchor the first try; when
 * that explains less (a line repeated in the RUN can anchor the wrong copy), the whole
 * file aligned token by token is the second. `score` 0: every change is explained.
 */
export function explainChange(before: string, after: string, ctx: ClassifyContext, bm: DockerfileModel | null): Explanation {
  const explain = (anchorLines: boolean): Explanation => {
    const d = diffTokens(before, after, ctx, anchorLines);
    const vs = d.hunks.map((h) => classifyHunk(h, ctx));
    const opProblems = operatorProblems(vs, bm);
    return { soft: d.softProblems, verdicts: vs, opProblems, score: d.softProblems.length + opProblems.length + vs.reduce((n, x) => n + x.problems.length, 0) };
  };
  let best = explain(true);
  if (best.score > 0) {
    const other = explain(false);
    if (other.score < best.score) best = other;
  }
  return best;
}

/**
 * Each removed `&&`, `;` or `||` goes with a removed command of the same RUN (or, in a
 * script, of the same file): a kept comment line may put the two in different hunks. A
 * RUN whose body ended with a `;` terminator may lose it too, once (its last commands
 * went and the RUN now ends on a kept one).
 */
function operatorProblems(verdicts: HunkVerdict[], bm: DockerfileModel | null): string[] {
  const groups = new Map<string, { ops: number; commands: number; spare: number }>();
  for (const x of verdicts) {
    if (!x.ops && !x.commands) continue;
    const run = bm?.runs.find((r) => x.beforeOff >= r.start && x.beforeOff <= r.end);
    const key = bm ? (run ? `RUN at line ${run.line}` : 'outside any RUN') : 'the script';
    const g = groups.get(key) ?? { ops: 0, commands: 0, spare: run && run.form === 'shell' && /;[ \t]*$/.test(bm!.text.slice(run.bodyStart, run.bodyEnd)) ? 1 : 0 };
    g.ops += x.ops;
    g.commands += x.commands;
    groups.set(key, g);
  }
  return [...groups].filter(([, g]) => g.ops > g.commands + g.spare).map(([k, g]) => `${k}: removed ${g.ops} operators for ${g.commands} removed commands`);
}

function smallDiff(a: string, b: string): string {
  const al = a.split('\n');
  const bl = b.split('\n');
  const out: string[] = [];
  for (let i = 0; i < Math.max(al.length, bl.length) && out.length < 12; i++) {
    if (al[i] !== bl[i]) out.push(`- ${JSON.stringify(al[i])}`, `+ ${JSON.stringify(bl[i])}`);
  }
  return out.join('\n');
}

/** Whole-text properties: line endings, BOM, directives, final newline. */
function checkText(f: FileResult, before: string, after: string, opts: CheckOptions, v: (k: string, f: string, d: string) => void): void {
  if (!before.includes('\r') && after.includes('\r')) v('line-endings', f.path, 'CR introduced into an LF file');
  if (before.includes('\r\n') && !/(^|[^\r])\n/.test(before) && /(^|[^\r])\n/.test(after)) v('line-endings', f.path, 'bare LF introduced into a CRLF file');
  if (before.startsWith('\uFEFF') !== after.startsWith('\uFEFF')) v('bom', f.path, 'BOM added or lost');
  if ((before.match(/\uFEFF/g) ?? []).length !== (after.match(/\uFEFF/g) ?? []).length) v('bom', f.path, 'BOM characters changed');
  if (/(\r\n|\n|\r)$/.test(before) !== /(\r\n|\n|\r)$/.test(after)) v('final-newline', f.path, 'final newline added or lost');
  if (f.kind === 'dockerfile') {
    const lines = (t: string): string[] => t.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
    const top = (t: string): string[] => {
      const out: string[] = [];
      for (const l of lines(t)) {
        if (DIRECTIVE.test(l)) out.push(l);
        else break;
      }
      return out;
    };
    const tb = top(before);
    const ta = top(after);
    if (JSON.stringify(tb) !== JSON.stringify(ta)) v('directives', f.path, `parser directives changed: ${JSON.stringify(tb)} -> ${JSON.stringify(ta)}`);
    const syntaxCount = (t: string): number => lines(t).filter((l) => /^[ \t]*#[ \t]*syntax[ \t]*=/i.test(l)).length;
    if (syntaxCount(after) !== syntaxCount(before)) v('directives', f.path, '# syntax= line added or removed');
  }
  void opts;
}

/** Pairs each RUN before with its RUN after (the docker-clean RUNs the tool added set aside, with their kind). */
function pairRuns(
  bm: DockerfileModel,
  am: DockerfileModel,
  verdicts: HunkVerdict[],
): { pairs: Array<[RunInstruction, RunInstruction]>; fixRuns: RunInstruction[]; fixKind: Map<RunInstruction, 'apply' | 'undo'> } | null {
  const added = verdicts.flatMap((x) => x.fixes.map((f) => f.off));
  const ranges = fixRanges(am.text).filter((r) => added.includes(r.start));
  const fixRuns: RunInstruction[] = [];
  const fixKind = new Map<RunInstruction, 'apply' | 'undo'>();
  const rest: RunInstruction[] = [];
  for (const r of am.runs) {
    const range = ranges.find((x) => r.start >= x.start && r.start < x.end);
    if (range) {
      fixRuns.push(r);
      fixKind.set(r, range.kind);
    } else rest.push(r);
  }
  if (rest.length !== bm.runs.length) return null;
  return { pairs: bm.runs.map((r, i) => [r, rest[i]]), fixRuns, fixKind };
}

/**
 * How a RUN runs its commands, as the checker's oracle sees it. Where its user cannot be
 * told, only what it runs through sudo may change (as root): the metadata checks make
 * sure nothing else does, so edits there are judged as root's.
 */
function settingOf(model: DockerfileModel, r: RunInstruction): RunSetting {
  let root = r.stage;
  while (root.baseStage) root = root.baseStage;
  const user = resolveUser(r.user, root.image, model.text.slice(0, r.start)) ?? { uid: 0, home: '/root' };
  return { home: normalise(r.env.get('HOME') ?? user.home), passwdHome: user.home, env: Object.fromEntries(r.env), image: root.image, uid: user.uid, text: model.text.slice(r.start, r.end) };
}

function cacheTargets(r: RunInstruction): string[] {
  return r.mounts.filter((m) => m.type === 'cache' && m.target).map((m) => normalise(m.target!));
}

function shellErrors(r: RunInstruction): number {
  return r.shells.reduce((n, s) => n + shellErrorCount(s.source.view), 0);
}

function checkDockerfile(
  f: FileResult,
  bm: DockerfileModel,
  am: DockerfileModel,
  verdicts: HunkVerdict[],
  opts: CheckOptions,
  v: (k: string, f: string, d: string) => void,
): void {
  const before = f.before!;
  const after = f.after!;
  // Instructions: the same keywords, in order, apart from added RUNs.
  if (am.stages.length !== bm.stages.length) v('unparseable', f.path, `stages ${bm.stages.length} -> ${am.stages.length}`);
  const paired = pairRuns(bm, am, verdicts);
  if (!paired) {
    v('unparseable', f.path, `RUN instructions do not pair up (${bm.runs.length} before, ${am.runs.length} after)`);
    return;
  }
  // Edits stay inside RUN instructions (or are added RUNs).
  const inRun = (runs: RunInstruction[], off: number): boolean => runs.some((r) => off >= r.start && off <= r.end);
  for (const x of verdicts) {
    for (const r of x.removals) if (!inRun(bm.runs, r.off)) v('unintended-change', f.path, `removed ${JSON.stringify(r.text)} outside any RUN`);
    if (x.mounts.length && !inRun(am.runs, x.mounts[0].off)) v('unintended-change', f.path, 'mount flag added outside a RUN');
  }
  for (const [b, a] of paired.pairs) {
    const be = shellErrors(b);
    const ae = shellErrors(a);
    if (be === 0 && ae > 0) v('unparseable', f.path, `RUN at line ${b.line} parsed cleanly before, has ${ae} shell errors after`);
    if (b.form !== a.form) v('unparseable', f.path, `RUN at line ${b.line} changed form ${b.form} -> ${a.form}`);
    if (b.shells.length !== a.shells.length) v('unparseable', f.path, `RUN at line ${b.line}: ${b.shells.length} shell pieces -> ${a.shells.length}`);
    // mounts: existing flags kept, no target twice
    const bt = cacheTargets(b);
    const at = cacheTargets(a);
    for (const t of new Set(at)) if (at.filter((x) => x === t).length > Math.max(1, bt.filter((x) => x === t).length)) v('mounts', f.path, `RUN at line ${b.line} mounts ${t} twice`);
    const bFlags = b.flags.map((x) => before.slice(x.start, x.end));
    const aFlags = a.flags.map((x) => after.slice(x.start, x.end));
    for (const fl of bFlags) if (!aFlags.includes(fl)) v('mounts', f.path, `RUN at line ${b.line} lost its flag ${fl}`);
    for (const t of at.filter((x) => !bt.includes(x))) {
      if (bt.some((e) => isUnder(t, e) || isUnder(e, t))) v('mounts', f.path, `RUN at line ${b.line}: added ${t} next to the existing cache mount(s) ${bt.join(', ')}`);
    }
  }
  // Every removal is justified by the mounts its RUN has after the rewrite.
  for (const x of verdicts) {
    for (const r of x.removals) {
      const pair = paired.pairs.find(([b]) => r.off >= b.start && r.off <= b.end);
      if (!pair) continue; // reported above as outside any RUN
      const [b, a] = pair;
      const at = cacheTargets(a);
      if (b.skip) v('unsafe-removal', f.path, `RUN at line ${b.line} is left alone by the tool (${b.skip}) but ${JSON.stringify(r.text)} was dropped`);
      else if (!justified(r, at, settingOf(bm, b)) && !(/\bsudo\b/.test(bm.text.slice(b.start, b.end)) && justified(r, at, asRoot(settingOf(bm, b))))) v('unsafe-removal', f.path, `RUN at line ${b.line}: dropped ${JSON.stringify(r.text)} but the RUN mounts only [${at.join(', ')}]`);
    }
    for (const add of x.additions) {
      const pair = paired.pairs.find(([, a]) => add.off >= a.start && add.off <= a.end);
      if (!pair) {
        v('unintended-change', f.path, `added ${JSON.stringify(add.text)} outside any RUN`);
        continue;
      }
      if (!additionJustified(add, cacheTargets(pair[1]), settingOf(bm, pair[0]))) v('unsafe-removal', f.path, `RUN at line ${pair[0].line}: added ${JSON.stringify(add.text)} but the RUN mounts only [${cacheTargets(pair[1]).join(', ')}]`);
    }
  }
  for (const r of paired.fixRuns) if (shellErrors(r) > 0) v('unparseable', f.path, 'the added docker-clean RUN does not parse');
  if (opts.bash && haveBash()) {
    const fixSet = new Set(paired.fixRuns);
    const bs = runShells(bm, () => false);
    const as = runShells(am, (r) => fixSet.has(r));
    if (bashParses(bs) && !bashParses(as)) v('unparseable', f.path, 'bash -n accepts the RUN bodies before and rejects them after');
  }
  const fixSet = new Set(paired.fixRuns);
  const names = (m: DockerfileModel, skip: (r: RunInstruction) => boolean): string[] =>
    m.runs.filter((r) => !skip(r)).flatMap((r) => r.shells.flatMap((s) => commandNames(s.source.view)));
  const removedNames = verdicts.filter((x) => x.removals.some((r) => inRun(bm.runs, r.off)) || x.removedNames.length).flatMap((x) => x.removedNames);
  for (const p of namesProblems(names(bm, () => false), names(am, (r) => fixSet.has(r)), removedNames)) v('unintended-change', f.path, p);
}

// ---------------------------------------------------------------- metadata-driven checks

function stageLineage(df: DockerfileMeta, stage: number): number[] {
  const out: number[] = [];
  for (let s: number | null = stage; s !== null; s = df.stages[s].baseStage) out.push(s);
  return out;
}

function laterWithoutUpdate(df: DockerfileMeta, run: RunMeta): RunMeta | null {
  for (const o of df.runs) {
    if (o.index <= run.index) continue;
    if (!stageLineage(df, o.stage).includes(run.stage)) continue;
    if (o.foreignHeredoc) continue;
    if (o.effects.aptDownload && !o.effects.aptUpdate) return o;
  }
  return null;
}

function checkMeta(
  meta: CaseMeta,
  opts: CheckOptions,
  result: RootResult,
  verdictsOf: Map<string, HunkVerdict[]>,
  textOf: (rel: string) => string | null,
  beforeOf: (rel: string) => string | null,
  v: (k: string, f: string, d: string) => void,
): void {
  const runsAfter = new Map<string, { pairs: Array<[RunInstruction, RunInstruction]>; fixRuns: RunInstruction[]; fixKind: Map<RunInstruction, 'apply' | 'undo'>; bm: DockerfileModel; am: DockerfileModel }>();
  for (const df of meta.dockerfiles) {
    const before = beforeOf(df.path);
    const after = textOf(df.path);
    if (before === null || after === null) continue;
    const bm = modelDockerfile(df.path, before);
    const am = modelDockerfile(df.path, after);
    if (bm.runs.length !== df.runs.length) {
      v('generator', df.path, `the model sees ${bm.runs.length} RUNs, the generator wrote ${df.runs.length}`);
      continue;
    }
    const paired = pairRuns(bm, am, verdictsOf.get(df.path) ?? []);
    if (!paired) continue; // reported by checkDockerfile
    runsAfter.set(df.path, { ...paired, bm, am });
  }
  const mountsAfter = (file: string, run: number): string[] | null => {
    const p = runsAfter.get(file);
    return p ? cacheTargets(p.pairs[run][1]) : null;
  };
  const covered = (targets: string[], p: string): boolean => targets.some((t) => isUnder(p, t));

  for (const df of meta.dockerfiles) {
    const p = runsAfter.get(df.path);
    if (!p) continue;
    const before = p.bm.text;
    const after = p.am.text;
    const verdicts = verdictsOf.get(df.path) ?? [];
    df.runs.forEach((m, k) => {
      const [b, a] = p.pairs[k];
      const bText = before.slice(b.start, b.end);
      const aText = after.slice(a.start, a.end);
      const where = `RUN at line ${b.line}`;
      // a RUN whose user cannot be told is left alone, but for commands it runs through sudo
      const unknownUser = !m.windows && m.setting === null;
      const skipped = m.windows || m.foreignHeredoc;
      if (skipped && bText !== aText) {
        v('skipped-run-changed', df.path, `${where} (${m.windows ? 'Windows stage' : 'non-shell heredoc'}) changed:\n${smallDiff(bText, aText)}`);
        return;
      }
      if (m.opaque || m.form === 'exec') {
        const bb = before.slice(b.bodyStart, b.bodyEnd);
        const ab = after.slice(a.bodyStart, a.bodyEnd);
        if (bb !== ab) v('exec-form-changed', df.path, `${where}: exec-form body changed`);
      }
      const bt = cacheTargets(b);
      const at = cacheTargets(a);
      const added = at.filter((t) => !bt.includes(t));
      const later = laterWithoutUpdate(df, m);
      const kindDirs = m.setting ? m.effects.kinds.flatMap((k) => cacheDirs(k, m.setting!).map(normalise)) : [];
      // for a user it cannot tell, the tool mounts only what runs through sudo, as root
      if (unknownUser && !(m.effects.sudoApt || m.effects.sudoPip) && added.length) v('mounts', df.path, `${where}: mounted ${added.join(', ')} although the RUN's USER is not known`);
      for (const t of added) {
        if (t === '/var/cache/apt') {
          if (!m.effects.aptDownload) v('mounts', df.path, `${where}: /var/cache/apt mounted but the RUN runs no apt download`);
        } else if (t === '/var/lib/apt') {
          if (!m.effects.aptUpdate) v('mounts', df.path, `${where}: /var/lib/apt mounted but the RUN does not run apt-get update`);
          else if (later) v('mounts', df.path, `${where}: /var/lib/apt mounted although the RUN at line ${later.line} installs without apt-get update`);
        } else if (m.effects.pipDownload && t === normalise(m.pipTarget)) {
          // fine
        } else if (kindDirs.includes(t)) {
          // another manager's cache, where the oracle says it is
        } else if (m.effects.sudoPip && m.effects.pipDownload && t === '/root/.cache/pip') {
          // pip run through sudo, as root
        } else if (m.effects.pipDownload) {
          v('mounts', df.path, `${where}: mounted ${t} for pip, but pip's cache is ${m.pipTarget} for this RUN`);
        } else {
          v('mounts', df.path, `${where}: unexpected cache mount ${t}`);
        }
      }
      // a non-root user owns its mounts
      if (m.setting && m.setting.uid !== 0 && !(m.effects.sudoApt || m.effects.sudoPip)) {
        for (const mt of a.mounts) {
          if (mt.type !== 'cache' || !added.includes(normalise(mt.target ?? ''))) continue;
          if (mt.options.get('uid') !== String(m.setting.uid)) v('mounts', df.path, `${where}: ${mt.target} mounted without uid=${m.setting.uid} for the RUN's user`);
        }
      }
      // A newly mounted cache must not be deleted (rm of the mount point or a parent fails).
      if (added.length) {
        const shells = a.shells.map((s) => s.source.view);
        for (const s of m.scripts) {
          const t = textOf(s);
          if (t !== null) shells.push(t);
        }
        const ops = shells.flatMap((s) => rmOperands(s, m.setting ? m.setting.home : null));
        for (const t of added) {
          const bad = ops.find((o) => o.startsWith('/') && !/[*?[]/.test(o) && isUnder(t, o));
          if (bad) v('mounts', df.path, `${where}: mounts ${t} but still runs rm ${bad} (deleting a mount point fails)`);
        }
      }
      // Liveness: what the RUN runs gets its cache (unless a comment says to leave it alone).
      if (!skipped && !unknownUser && !has(runIgnored(before, b.start), 'add-cache-mounts')) {
        const inside = (t: string): boolean => bt.some((e) => e !== t && isUnder(e, t));
        if (m.effects.aptDownload && !inside('/var/cache/apt') && !covered(at, '/var/cache/apt')) v('missed-mount', df.path, `${where} runs apt but does not mount /var/cache/apt`);
        if (m.effects.aptUpdate && !later && !inside('/var/lib/apt') && !covered(at, '/var/lib/apt')) v('missed-mount', df.path, `${where} runs apt-get update but does not mount /var/lib/apt`);
        const sudoPip = m.effects.sudoPip && covered(at, '/root/.cache/pip');
        if (m.effects.pipDownload && !sudoPip && !m.effects.pipParentRm && !m.effects.pipTargetRm && !m.effects.rmPaths.some((p) => isUnder(normalise(m.pipTarget), p)) && !inside(m.pipTarget) && !covered(at, normalise(m.pipTarget))) v('missed-mount', df.path, `${where} runs pip but does not mount ${m.pipTarget}`);
        for (const k of m.effects.kinds) {
          const dirs = cacheDirs(k, m.setting!).map(normalise);
          const rmPaths = m.effects.rmPaths.map((p) => normalise(p.replace(/^~(?=\/|$)/, m.setting!.home)));
          const optional = dirs.some((d) => rmPaths.some((p) => isUnder(d, p)) || inside(d));
          if (!optional && !dirs.some((d) => covered(at, d))) v('missed-mount', df.path, `${where} runs a ${k} download but mounts none of ${dirs.join(', ')}`);
        }
      }
    });
    checkFixes(df, p, verdicts, opts, v);
  }

  for (const s of meta.scripts) {
    const verdicts = verdictsOf.get(s.path);
    if (!verdicts) continue;
    const removals = verdicts.flatMap((x) => x.removals);
    if (!removals.length) continue;
    for (const ex of s.executors) {
      const df = meta.dockerfiles.find((d) => d.path === ex.file)!;
      const m = df.runs[ex.run];
      const at = mountsAfter(ex.file, ex.run);
      if (at === null) continue;
      const pr = runsAfter.get(ex.file);
      const setting = pr ? settingOf(pr.bm, pr.pairs[ex.run][0]) : null;
      for (const r of removals) {
        if (m.windows) v('unsafe-removal', s.path, `dropped ${JSON.stringify(r.text)} although ${ex.file} RUN #${ex.run + 1} (line ${m.line}) runs the script in a Windows stage`);
        // a command run with sudo in the script runs as root, as in a RUN (line 477 above)
        else if (!justified(r, at, setting) && !(underSudo(beforeOf(s.path) ?? '', r.off) && setting && justified(r, at, asRoot(setting))))
          v('unsafe-removal', s.path, `dropped ${JSON.stringify(r.text)} but ${ex.file} RUN at line ${m.line} runs the script and mounts only [${at.join(', ')}]`);
      }
      for (const add of verdicts.flatMap((x) => x.additions)) {
        if (!additionJustified(add, at, setting)) v('unsafe-removal', s.path, `added ${JSON.stringify(add.text)} but ${ex.file} RUN at line ${m.line} runs the script and mounts only [${at.join(', ')}]`);
      }
    }
    if (!s.executors.length) v('unsafe-removal', s.path, 'a script no RUN runs was edited');
  }
  void result;
}

/** The same RUN as root would run it (a command behind sudo). */
/** Whether the script line holding offset runs its command with sudo. */
function underSudo(text: string, off: number): boolean {
  const start = text.lastIndexOf('\n', off - 1) + 1;
  return /\bsudo\b/.test(text.slice(start, off));
}

function asRoot(s: RunSetting): RunSetting {
  return { ...s, uid: 0, home: s.env.HOME ?? '/root' };
}

/** Whether the RUN (its mounts after the rewrite) covers the cache a removal concerns. */
function justified(r: Removal, mounts: string[], setting: RunSetting | null): boolean {
  if (!setting) return false;
  if (r.path !== null) {
    const raw = r.text.replace(/["']/g, '');
    const path = normalise(
      raw
        .replace(/^~(?=\/|$)/, setting.home)
        .replace(/\$\{?HOME\}?(?![A-Za-z0-9_])/, setting.home)
        .replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (all, a?: string, b?: string) => setting.env[(a ?? b)!] ?? all),
    );
    return path.startsWith('/') && mounts.some((t) => isUnder(path, t));
  }
  const covered = (kind: string): boolean => cacheDirs(kind, setting).some((d) => mounts.some((t) => isUnder(normalise(d), t)));
  return r.kinds.length > 0 && (r.any ? r.kinds.some(covered) : r.kinds.every(covered));
}

/** Whether an added option is one the RUN's mounts call for (and names one of them, where it names a path). */
function additionJustified(a: Addition, mounts: string[], setting: RunSetting | null): boolean {
  if (!setting) return false;
  if (a.path !== undefined) return mounts.some((t) => isUnder(normalise(a.path!), t));
  return a.kinds.some((kind) => cacheDirs(kind, setting).some((d) => mounts.some((t) => isUnder(normalise(d), t))));
}

function checkFixes(
  df: DockerfileMeta,
  p: { pairs: Array<[RunInstruction, RunInstruction]>; fixRuns: RunInstruction[]; fixKind: Map<RunInstruction, 'apply' | 'undo'>; bm: DockerfileModel; am: DockerfileModel },
  verdicts: HunkVerdict[],
  opts: CheckOptions,
  v: (k: string, f: string, d: string) => void,
): void {
  void verdicts;
  const am = p.am;
  const stageOfAfterRun = new Map<RunInstruction, number>();
  am.stages.forEach((st, i) => st.runs.forEach((r) => stageOfAfterRun.set(r, i)));
  const fixesByStage = new Map<number, RunInstruction[]>();
  for (const r of p.fixRuns) {
    const s = stageOfAfterRun.get(r);
    if (s === undefined) continue;
    if (!opts.engine.aptKeepDownloaded) v('fix', df.path, `stage #${s}: docker-clean RUN added with the option off`);
    if (df.stages[s].windows) v('fix', df.path, `stage #${s}: docker-clean RUN in a Windows stage`);
    if (df.stages[s].nonDebian) v('fix', df.path, `stage #${s}: docker-clean RUN in a non-Debian stage`);
    if (p.fixKind.get(r) === 'apply') fixesByStage.set(s, [...(fixesByStage.get(s) ?? []), r]);
  }
  const hasFix = (s: number): boolean => df.stages[s].existingFix || fixesByStage.has(s);
  const aptUse = (k: number): boolean =>
    !df.runs[k].windows && (df.runs[k].setting?.uid === 0 || df.runs[k].effects.sudoApt) && df.runs[k].effects.aptDownload && cacheTargets(p.pairs[k][1]).some((t) => isUnder('/var/cache/apt', t));
  // a RUN whose ignore comment leaves keep-downloaded-packages out runs with the hook in place
  const stepIgnored = (k: number): boolean => has(runIgnored(p.bm.text, p.pairs[k][0].start), 'keep-downloaded-packages');
  // a fix the stage already had only helps the RUNs after it
  const ownFixBefore = (s: number, offset: number): boolean => df.runs.some((r) => r.isFix && r.stage === s && p.pairs[r.index][1].start < offset);
  for (const [s, list] of fixesByStage) {
    const where = `stage #${s}`;
    // (several only where apt runs without its mount in between: checkFixStates sees to that)
    if (ownFixBefore(s, list[0].start)) v('fix', df.path, `${where}: docker-clean fix added although the stage already has one before it`);
    // Each sits right before a RUN that runs apt under a cache mount (checkFixStates: no such RUN runs without it).
    list.forEach((fix) => {
      const next = p.pairs.find(([, a]) => a.start > fix.start);
      const k = next ? p.pairs.indexOf(next) : -1;
      if (!next || df.runs[k].stage !== s || !aptUse(k)) {
        v('fix', df.path, `${where}: docker-clean fix is not right before an apt RUN with a cache mount`);
      }
    });
  }
  const aptBare = (k: number): boolean =>
    !df.runs[k].windows && (df.runs[k].setting?.uid === 0 || df.runs[k].effects.sudoApt) && (df.runs[k].effects.aptDownload || df.runs[k].effects.aptUpdate) && !cacheTargets(p.pairs[k][1]).some((t) => isUnder('/var/cache/apt', t));
  const wantsFix = (k: number): boolean => opts.engine.aptKeepDownloaded && !df.stages[df.runs[k].stage].nonDebian && aptUse(k) && !stepIgnored(k);
  checkFixStates(df, p, aptUse, v, aptBare, wantsFix, stepIgnored);
  // Liveness: a Debian stage whose apt RUN gets a cache mount gets the fix (or has one).
  if (!opts.engine.aptKeepDownloaded) return;
  df.stages.forEach((st, s) => {
    if (st.windows || st.nonDebian) return;
    if (stageLineage(df, s).slice(1).some(hasFix) || fixesByStage.has(s)) return;
    const apt = p.pairs.findIndex((_pair, i) => df.runs[i].stage === s && aptUse(i) && !stepIgnored(i));
    if (apt >= 0 && !ownFixBefore(s, p.pairs[apt][1].start)) v('missed-fix', df.path, `stage #${s}: the apt RUN at line ${df.runs[apt].line} has a cache mount but no docker-clean fix precedes it`);
  });
}

/**
 * The docker-clean hook the tool sets aside is put back before any image ships: walking
 * each stage's RUNs after the rewrite, the tool's fix is in effect from its RUN to its
 * undo; a stage no later stage builds on must not end with it in effect; a hand-written fix
 * may only follow once the tool's fix is undone; each undo sits right after the stage's
 * last apt RUN under a cache mount, or right after FROM.
 */
function checkFixStates(
  df: DockerfileMeta,
  p: { pairs: Array<[RunInstruction, RunInstruction]>; fixKind: Map<RunInstruction, 'apply' | 'undo'>; am: DockerfileModel },
  aptUse: (k: number) => boolean,
  v: (k: string, f: string, d: string) => void,
  aptBare: (k: number) => boolean = () => false,
  wantsFix: (k: number) => boolean = () => false,
  stepIgnored: (k: number) => boolean = () => false,
): void {
  const am = p.am;
  const pairIndex = new Map(p.pairs.map(([, a], i) => [a, i]));
  const ranges = fixRanges(am.text);
  const ends = new Map<number, 'off' | 'tool' | 'hand'>();
  df.stages.forEach((st, s) => {
    const where = `stage #${s}`;
    let state = st.baseStage !== null ? ends.get(st.baseStage) ?? 'off' : 'off';
    const runs = am.stages[s]?.runs ?? [];
    runs.forEach((r, j) => {
      const kind = p.fixKind.get(r);
      if (kind === 'apply') {
        if (state !== 'off') v('fix', df.path, `${where}: docker-clean fix added while ${state === 'tool' ? "the tool's" : 'a hand-written'} fix is in effect`);
        state = 'tool';
      } else if (kind === 'undo') {
        if (state !== 'tool') v('fix', df.path, `${where}: docker-clean undo added where the tool's fix is not in effect`);
        state = 'off';
        const block = ranges.find((x) => r.start >= x.start && r.start < x.end)!;
        const prev = j > 0 ? runs[j - 1] : null;
        const k = prev ? pairIndex.get(prev) : undefined;
        if (prev && p.fixKind.get(prev) !== 'apply' && (k === undefined || (!aptUse(k) && !df.runs[pairIndex.get(runs[j + 1]) ?? -1]?.isFix)))
          v('fix', df.path, `${where}: docker-clean undo is not right after an apt RUN with a cache mount (or before a hand-written fix)`);
        const from = prev ? prev.end : am.stages[s].fromEnd;
        // only blanks and comment lines (a RUN whose tail went may end above its old comment lines)
        if (!/^[ \t]*(\r?\n([ \t]*#[^\n]*)?)*\r?\n?$/.test(am.text.slice(from, block.start))) v('fix', df.path, `${where}: docker-clean undo does not follow ${prev ? 'its RUN' : 'FROM'} directly`);
        // until a hand-written fix (or a new fix of the tool's) takes over, no apt RUN under a mount follows
        for (const later of runs.slice(j + 1)) {
          const i = pairIndex.get(later);
          if (p.fixKind.has(later) || (i !== undefined && df.runs[i].isFix)) break;
          if (i !== undefined && aptUse(i) && !stepIgnored(i)) v('fix', df.path, `${where}: docker-clean undo comes before the apt RUN at line ${df.runs[i].line}`);
        }
      } else {
        const i = pairIndex.get(r);
        // apt without its cache mount while the hook is set aside would leave its .debs in the layer
        if (state === 'off' && i !== undefined && wantsFix(i)) v('missed-fix', df.path, `${where}: the apt RUN at line ${df.runs[i].line} runs under a cache mount while docker-clean is in effect`);
        if (state === 'tool' && i !== undefined && aptBare(i)) v('unsafe', df.path, `${where}: the apt RUN at line ${df.runs[i].line} has no cache mount but runs while docker-clean is set aside, so its downloads stay in the image`);
        if (i !== undefined && df.runs[i].isFix) {
          if (state === 'tool') v('fix', df.path, `${where}: a hand-written docker-clean fix runs while the tool's fix is in effect`);
          state = 'hand';
        }
      }
    });
    ends.set(s, state);
    const ships = !df.stages.some((o) => o.baseStage === s);
    if (ships && state === 'tool') v('missed-undo', df.path, `${where} ships with the docker-clean hook still set aside`);
  });
}

export function defaultCheckOptions(meta?: CaseMeta, engine: Partial<EngineOptions> = {}): CheckOptions {
  return { engine: { ...DEFAULT_OPTIONS, ...engine }, meta, bash: true };
}

export function formatViolations(vs: Violation[]): string {
  return vs.map((x) => `[${x.kind}] ${x.file}: ${x.detail}`).join('\n');
}
