import * as fs from 'node:fs';
import * as path from 'node:path';
import { Discovered, discoverDockerfiles } from './discover';
import { DockerfileModel, modelDockerfile } from './dockerfile/model';
import { applyEdits, Edit, OverlappingEditsError, sortEdits } from './edit';
import { Declined, mountPointClashes, Plan, planProject } from './plan';
import { executedCommands, makeUnit, Project, refineProtection, ScriptFile } from './project';
import { DEFAULT_MAX_BYTES, readTextFile } from './read';

import { followScripts, ScriptNote } from './scripts';
import { timed, timedAsync } from './timings';
import { initShellParser } from './shell/parser';
import { LineTable } from './text';
import { verifyDockerfile, verifyScript } from './verify';
import { TRANSFORMS, TransformResult } from '../transforms';
import { TRANSFORM_IDS } from '../transforms/ids';
import { ignoreAbove, ignoresFile, IgnoreSet, unionIgnores } from './ignores';
import { ignoreMatcher } from './ignore-patterns';

export interface EngineOptions {
  /** Leave a comment in scripts where a cleanup was dropped. */
  comments: boolean;
  /** Neutralise apt's docker-clean hook. */
  aptKeepDownloaded: boolean;
  maxBytes: number;
  /** The package managers (recipe ids) to work on; absent: all. */
  managers?: ReadonlySet<string>;
  /** The transforms to apply; absent: all. The others leave every file alone. */
  transforms?: ReadonlySet<string>;
  /** gitignore-style patterns: matching files are never changed (a matching Dockerfile still counts for the scripts its RUNs run). */
  ignore?: readonly IgnoreRule[];
  /** Called as the run goes (reading files, checking rewrites), for a progress display. */
  onProgress?: (p: Progress) => void;
}

export interface IgnoreRule {
  /** Absolute folder the patterns are relative to. */
  base: string;
  patterns: readonly string[];
  /** Where the patterns come from, for the report (`.cachemount.yaml`, `--ignore-pattern`). */
  from: string;
  /** Why a file the patterns match is left alone (default: it matches an ignore pattern of `from`). */
  reason?: string;
}

export interface Progress {
  phase: 'reading' | 'checking';
  done: number;
  total: number;
}

export const DEFAULT_OPTIONS: EngineOptions = { comments: true, aptKeepDownloaded: true, maxBytes: DEFAULT_MAX_BYTES };

export interface ReportEdit {
  transform: string;
  line: number;
  reason: string;
  justifiedBy?: string[];
  /** The package managers (recipe ids) the edit is for. */
  managers?: string[];
  /** The replacement itself: offsets into the original text (UTF-16 code units) and the new text. Not in the JSON report. */
  fix?: { start: number; end: number; text: string };
}

export interface ReportNote {
  line: number;
  message: string;
}

export type FileStatus = 'changed' | 'unchanged' | 'skipped' | 'failed';

/** A package-manager command a RUN executes, wherever it is written. */
export interface ReportSite {
  file: string;
  line: number;
  endLine: number;
  manager: string;
  command: string;
}

export interface ReportRun {
  line: number;
  /** Cache targets mounted after the rewrite. */
  mounts: string[];
  /** The mounts the rewrite adds, with the manager each is for. */
  added: Array<{ target: string; manager: string }>;
  executes: ReportSite[];
  skipped?: string;
}

export interface FileResult {
  /** Path relative to the root, `/`-separated. */
  path: string;
  kind: 'dockerfile' | 'script';
  status: FileStatus;
  reason?: string;
  before?: string;
  after?: string;
  mode?: number;
  mtimeMs?: number;
  edits: ReportEdit[];
  notes: ReportNote[];
  /** Dockerfiles: each RUN that runs a package manager, and the command sites it executes. */
  runs?: ReportRun[];
  /** Scripts: the RUNs (`file:line`) that execute it. */
  executedBy?: string[];
  /** Skipped because an ignore comment or pattern says so (not worth a line on stderr). */
  ignored?: boolean;
}

export interface RootResult {
  root: string;
  files: FileResult[];
  /** With a batch: for each Dockerfile, the scripts its RUNs run (src/pool.ts joins batches by them). */
  reach?: Array<[string, string[]]>;
}

/** What the tool works on: a directory (searched) or a single Dockerfile. */
export interface Target {
  root: string;
  /** Only these files (named on the command line): an ignore pattern does not hide them. */
  only?: string[];
  /** Only these discovered Dockerfiles, as one project (one batch of a root split over threads). */
  batch?: readonly string[];
  /** What discovery found, when the caller has done it. */
  discovered?: Discovered;
}

/**
 * Runs the whole pipeline on one root: discover, parse, model, plan, transform,
 * apply, verify. Pure apart from reading files; writing is the caller's choice.
 */
export async function processRoot(target: Target, options: EngineOptions = DEFAULT_OPTIONS): Promise<RootResult> {
  await initShellParser();
  const root = target.root;
  const results = new Map<string, FileResult>();
  const listed = target.only ?? target.batch;
  const discovered = listed ? { files: [...listed], skipped: [], failed: [] } : (target.discovered ?? timed('discover', () => discoverDockerfiles(root)));
  for (const s of discovered.skipped) {
    results.set(s.path, { path: s.path, kind: 'dockerfile', status: 'skipped', reason: s.reason, edits: [], notes: [] });
  }
  for (const s of discovered.failed) {
    results.set(s.path, { path: s.path, kind: 'dockerfile', status: 'failed', reason: s.reason, edits: [], notes: [] });
  }

  const ignoredBy = ignoreMatcher(root, options.ignore ?? []);
  const left: Left = new Map();
  const dockerfiles: DockerfileModel[] = [];
  const meta = new Map<string, { mode: number; mtimeMs: number }>();
  discovered.files.forEach((rel, k) => {
    options.onProgress?.({ phase: 'reading', done: k, total: discovered.files.length });
    // A Dockerfile that is left alone still counts: the scripts its RUNs run keep what it needs.
    const pattern = ignoredBy(rel);
    const quiet = pattern !== null && !target.only;
    const read = timed('discover', () => readTextFile(path.join(root, rel), options.maxBytes));
    const fail = (status: FileStatus, reason: string): void => {
      if (!quiet) results.set(rel, { path: rel, kind: 'dockerfile', status, reason, edits: [], notes: [] });
    };
    if (!read.ok) return fail(read.failed ? 'failed' : 'skipped', read.reason);
    const notDockerfile = looksLikeTemplate(read.text);
    if (notDockerfile) return fail('skipped', notDockerfile);
    try {
      const model = modelDockerfile(rel, read.text);
      if (!model.stages.length && model.runs.length === 0) return fail('skipped', 'no FROM instruction: not a Dockerfile');
      const why = pattern ?? (ignoresFile(read.text) ? 'a `# cachemount ignore-file` comment' : null);
      if (why) left.set(rel, { reason: `ignored (${why})`, quiet });
      markIgnoredRuns(model, why ? 'all' : null, options.transforms);
      dockerfiles.push(model);
      meta.set(rel, { mode: read.mode, mtimeMs: read.mtimeMs });
    } catch (e) {
      fail('failed', `cannot parse: ${(e as Error).message}`);
    }
  });

  const ctx: RunContext = { root, meta, options, left, ignoredBy, reach: target.batch ? new Map() : undefined };
  try {
    await processProject(ctx, dockerfiles, results);
  } catch (e) {
    // A bug in one file must not cost the others: redo the Dockerfiles one by one.
    // Scripts stay untouched then: with one Dockerfile at a time, the rule that every
    // RUN executing a script mounts the cache could not see the other Dockerfiles.
    for (const df of dockerfiles) {
      const own = new Map<string, FileResult>();
      try {
        await processProject(ctx, [df], own);
        for (const [k, v] of own) if (v.kind === 'dockerfile') results.set(k, v);
      } catch (inner) {
        results.set(df.path, {
          path: df.path,
          kind: 'dockerfile',
          status: 'failed',
          reason: `internal error, file left untouched: ${(inner as Error).message ?? String(e)}`,
          edits: [],
          notes: [],
        });
      }
    }
  }
  const files = [...results.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return ctx.reach ? { root, files, reach: [...ctx.reach].map(([df, scripts]) => [df, [...scripts].sort()]) } : { root, files };
}

/** Files that must not change, with why; `quiet` ones (ignored by a pattern) are not reported. */
type Left = Map<string, { reason: string; quiet: boolean }>;

interface RunContext {
  root: string;
  meta: Map<string, { mode: number; mtimeMs: number }>;
  options: EngineOptions;
  left: Left;
  ignoredBy: (rel: string) => string | null;
  /** When asked for: the scripts each Dockerfile's RUNs run. */
  reach?: Map<string, Set<string>>;
}

/** The transforms that leave everything alone: those not enabled. */
function disabledTransforms(enabled: ReadonlySet<string> | undefined): IgnoreSet | null {
  if (!enabled) return null;
  const off = TRANSFORM_IDS.filter((id) => !enabled.has(id));
  return off.length ? new Set(off) : null;
}

/**
 * Ignore comments above RUNs, an ignored file, and transforms that are switched off: a RUN
 * that every transform leaves alone is skipped (it mounts nothing, so scripts it runs keep
 * their cleanups); otherwise the RUN carries the transforms that leave it alone.
 */
function markIgnoredRuns(df: DockerfileModel, file: IgnoreSet | null, enabled: ReadonlySet<string> | undefined): void {
  const off = disabledTransforms(enabled);
  for (const run of df.runs) {
    if (file) {
      run.skip ??= 'the file is ignored';
      continue;
    }
    const above = ignoreAbove(df.text, run.start, TRANSFORM_IDS);
    if (above?.unknown.length) run.skip ??= `the ignore comment above it names ${above.unknown.map((u) => `\`${u}\``).join(', ')}, which is not a transform (${TRANSFORM_IDS.join(', ')}), so nothing in it changes`;
    else if (above?.transforms === 'all') run.skip ??= 'a `# cachemount ignore` comment above it';
    else run.ignore = unionIgnores(above?.transforms ?? null, off);
  }
}

/** Model, plan, transform, apply and verify one set of Dockerfiles and the scripts they run. */
async function processProject(ctx: RunContext, dockerfiles: DockerfileModel[], results: Map<string, FileResult>): Promise<void> {
  const project: Project = {
    dockerfiles,
    scripts: new Map<string, ScriptFile>(),
    executes: new Map(),
    executedBy: new Map(),
    dockerfileOf: new Map(),
  };
  try {
    await rewriteProject(project, ctx, results);
  } finally {
    if (ctx.reach) {
      for (const [run, list] of project.executes) {
        const df = project.dockerfileOf.get(run)!.path;
        const set = ctx.reach.get(df) ?? new Set<string>();
        for (const eu of list) if (eu.unit.file !== df) set.add(eu.unit.file);
        ctx.reach.set(df, set);
      }
    }
    // tree-sitter trees live in the wasm heap: free them, or long runs run out of memory
    const units = new Set([...project.executes.values()].flatMap((list) => list.map((eu) => eu.unit)));
    for (const s of project.scripts.values()) units.add(s.unit);
    for (const unit of units) unit.tree.delete();
  }
}

async function rewriteProject(project: Project, ctx: RunContext, results: Map<string, FileResult>): Promise<void> {
  const scriptNotes = await timedAsync('model', () => modelProject(project, ctx));
  const { plan, outputs } = timed('plan', () => planAndTransform(project, ctx.options));
  await finishFiles(project, ctx, plan, outputs, scriptNotes, results);
}

/** The shell units of every RUN, the scripts they run (read and parsed), and who runs what. */
async function modelProject(project: Project, ctx: RunContext): Promise<ScriptNote[]> {
  const { root, meta, options, left } = ctx;
  const dockerfiles = project.dockerfiles;
  for (const df of dockerfiles) {
    for (const run of df.runs) {
      project.dockerfileOf.set(run, df);
      const units = run.shells.map((s) => makeUnit(df.path, s.source, s.editable));
      // what the RUN's own shell holds is part of the instruction an ignore comment names
      if (run.ignore) for (const u of units) u.ignores.push({ start: 0, end: u.source.view.length, transforms: run.ignore });
      project.executes.set(
        run,
        units.map((unit) => ({ unit, commands: executedCommands(unit), via: [] })),
      );
    }
  }
  const realRoot = fs.realpathSync(root);
  const scriptNotes = followScripts(project, root, (rel) => {
    if (!insideRoot(realRoot, path.join(root, rel))) return { ok: false, reason: 'resolves through a symbolic link to outside the PATH root' };
    const r = readTextFile(path.join(root, rel), options.maxBytes);
    if (r.ok) meta.set(rel, { mode: r.mode, mtimeMs: r.mtimeMs });
    return r;
  });
  const off = disabledTransforms(options.transforms);
  for (const script of project.scripts.values()) {
    const pattern = ctx.ignoredBy(script.path);
    const why = pattern ?? (ignoresFile(script.text) ? 'a `# cachemount ignore-file` comment' : null);
    if (why) left.set(script.path, { reason: `ignored (${why})`, quiet: false });
    const set = why ? 'all' : off;
    if (set) script.unit.ignores.push({ start: 0, end: script.text.length, transforms: set });
  }
  const units = new Set([...project.executes.values()].flatMap((list) => list.map((eu) => eu.unit)));
  for (const unit of units) await refineProtection(unit);
  for (const [run, list] of project.executes) {
    for (const eu of list) {
      const runsOf = project.executedBy.get(eu.unit.id) ?? [];
      if (!runsOf.includes(run)) runsOf.push(run);
      project.executedBy.set(eu.unit.id, runsOf);
    }
  }
  return scriptNotes;
}

/**
 * Plan, then transform. The plan expects some rm's of mount points to go; where the
 * shell edits have to keep one, that mount is declined and the whole project planned again
 * (the set of declined mounts only grows, so this ends).
 */
function planAndTransform(project: Project, options: EngineOptions): { plan: Plan; outputs: TransformResult[] } {
  const declined: Declined = new Map();
  let plan: Plan;
  let outputs: TransformResult[];
  for (;;) {
    plan = planProject(project, { aptKeepDownloaded: options.aptKeepDownloaded, managers: options.managers }, declined);
    const current = plan;
    outputs = timed('edits', () => TRANSFORMS.map((t) => t.run(current, project, { comments: options.comments })));
    const clashes = mountPointClashes(outputs.flatMap((o) => o.kept ?? [])).filter((c) => !declined.get(c.run)?.has(c.target));
    if (!clashes.length) break;
    for (const c of clashes) {
      const m = declined.get(c.run) ?? new Map<string, string>();
      m.set(c.target, c.label);
      declined.set(c.run, m);
    }
  }
  return { plan: plan!, outputs: outputs! };
}

/** Each file's edits and notes, and line numbers for offsets. */
interface Collected {
  editsByFile: Map<string, Edit[]>;
  notesByFile: Map<string, ReportNote[]>;
  lineAt: (file: string, offset: number) => number;
}

function collectEdits(project: Project, plan: Plan, outputs: TransformResult[], scriptNotes: ScriptNote[]): Collected {
  const dockerfiles = project.dockerfiles;
  const editsByFile = new Map<string, Edit[]>();
  const notesByFile = new Map<string, ReportNote[]>();
  const dockerfileByPath = new Map(dockerfiles.map((d) => [d.path, d]));
  const textOf = (file: string): string => dockerfileByPath.get(file)?.text ?? project.scripts.get(file)?.text ?? '';
  // one line table per file: reports ask for many line numbers
  const tables = new Map<string, LineTable>();
  const lineAt = (file: string, offset: number): number => {
    let t = tables.get(file);
    if (!t) tables.set(file, (t = new LineTable(textOf(file))));
    return t.lineOf(offset) + 1;
  };
  const addNoteAtLine = (file: string, line: number, message: string): void => {
    const list = notesByFile.get(file) ?? [];
    if (!list.some((n) => n.line === line && n.message === message)) list.push({ line, message });
    notesByFile.set(file, list);
  };
  const addNote = (file: string, offset: number, message: string): void => addNoteAtLine(file, lineAt(file, offset), message);
  for (const out of outputs) {
    for (const e of out.edits) {
      const list = editsByFile.get(e.file) ?? [];
      list.push(e);
      editsByFile.set(e.file, list);
    }
    for (const n of out.notes) addNote(n.file, n.offset, n.message);
  }
  for (const rp of plan.runs.values()) for (const m of rp.notes) addNote(rp.dockerfile.path, rp.run.start, m);
  for (const b of plan.blocked) addNote(b.site.unit.file, b.site.unit.source.base + b.site.command.start, `${b.label}: ${b.reason}`);
  for (const df of dockerfiles) for (const ig of df.ignored) addNoteAtLine(df.path, ig.line, ig.reason);
  for (const n of scriptNotes) addNote(n.file, n.offset, n.message);
  return { editsByFile, notesByFile, lineAt };
}

/** Applies each file's edits, verifies the result and records it. */
async function finishFiles(project: Project, ctx: RunContext, plan: Plan, outputs: TransformResult[], scriptNotes: ScriptNote[], results: Map<string, FileResult>): Promise<void> {
  const { options } = ctx;
  const dockerfiles = project.dockerfiles;
  const dockerfileByPath = new Map(dockerfiles.map((d) => [d.path, d]));
  const { editsByFile, notesByFile, lineAt } = timed('edits', () => collectEdits(project, plan, outputs, scriptNotes));
  const files: Array<{ path: string; kind: 'dockerfile' | 'script'; text: string }> = [
    ...dockerfiles.map((d) => ({ path: d.path, kind: 'dockerfile' as const, text: d.text })),
    ...[...project.scripts.values()].map((s) => ({ path: s.path, kind: 'script' as const, text: s.text })),
  ];
  const knownErrors = new Map<string, Map<string, number>>();
  for (const list of project.executes.values()) {
    for (const { unit } of list) {
      const m = knownErrors.get(unit.file) ?? new Map<string, number>();
      m.set(unit.source.view, unit.errorCount);
      knownErrors.set(unit.file, m);
    }
  }
  for (const [k, f] of files.entries()) {
    options.onProgress?.({ phase: 'checking', done: k, total: files.length });
    const r = await finishFile(f, { project, ctx, plan, df: dockerfileByPath.get(f.path), edits: editsByFile.get(f.path) ?? [], notes: notesByFile.get(f.path) ?? [], lineAt, results, knownErrors });
    if (r) results.set(f.path, r);
  }
}

/** What the report says about each RUN that runs a package manager. */
function runsReport(df: DockerfileModel, plan: Plan, lineAt: (file: string, offset: number) => number): ReportRun[] {
return df.runs
    .map((run) => plan.runs.get(run)!)
    .filter((rp) => rp.uses.length)
    .map((rp) => ({
      line: rp.run.line,
      mounts: [...new Set(rp.cacheTargets)],
      added: rp.add.map((a) => ({ target: a.target.target, manager: a.manager })),
      executes: rp.uses.map((u) => {
        return {
          file: u.unit.file,
          line: lineAt(u.unit.file, u.unit.source.base + u.command.start),
          endLine: lineAt(u.unit.file, u.unit.source.base + u.command.end),
          manager: u.recognised.manager,
          command: u.recognised.label,
        };
      }),
      ...(rp.run.skip ? { skipped: rp.run.skip } : {}),
    }));
}

interface FileWork {
  project: Project;
  ctx: RunContext;
  plan: Plan;
  df: DockerfileModel | undefined;
  edits: Edit[];
  notes: ReportNote[];
  lineAt: (file: string, offset: number) => number;
  results: Map<string, FileResult>;
  /** Per file, the error counts of its shells as read (each was parsed then): verify parses only changed ones again. */
  knownErrors: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

/** One file's result: its edits applied and verified, or why it stays as it is (null: not reported). */
async function finishFile(f: { path: string; kind: 'dockerfile' | 'script'; text: string }, w: FileWork): Promise<FileResult | null> {
  const { project, plan, df, lineAt, results } = w;
  const { meta, left } = w.ctx;
  const edits = timed('edits', () => sortEdits(df ? fuseContinuations(f.text, df.escape, w.edits) : w.edits));
  const notes = w.notes.sort((a, b) => a.line - b.line);
  const base: FileResult = { path: f.path, kind: f.kind, status: 'unchanged', edits: [], notes, ...meta.get(f.path) };
  const ignored = left.get(f.path);
  if (ignored) {
    // nothing in an ignored file changes (its RUNs were planned as left alone already)
    return ignored.quiet ? null : { ...base, status: 'skipped', reason: ignored.reason, ignored: true };
  }
  if (df) {
    base.runs = runsReport(df, plan, lineAt);
  } else {
    const script = project.scripts.get(f.path);
    if (script) base.executedBy = (project.executedBy.get(script.unit.id) ?? []).map((r) => `${project.dockerfileOf.get(r)!.path}:${r.line}`);
  }
  if (!edits.length) {
    return base;
  }
  if (!df) {
    // A script's edits rest on the mounts of the RUNs that run it: none may be lost.
    const script = project.scripts.get(f.path);
    const broken = [...new Set((script ? project.executedBy.get(script.unit.id) ?? [] : []).map((r) => project.dockerfileOf.get(r)!.path))].filter(
      (p) => results.get(p)?.status === 'failed',
    );
    if (broken.length) {
      return { ...base, status: 'failed', reason: `left untouched: ${broken.join(', ')} could not be rewritten, and this script's edits depend on its mounts` };
    }
  }
  let after: string;
  try {
    after = timed('edits', () => applyEdits(f.text, edits));
  } catch (e) {
    const msg = e instanceof OverlappingEditsError ? e.message : String(e);
    return { ...base, status: 'failed', reason: `internal error, file left untouched: ${msg}` };
  }
  if (after === f.text) {
    return base;
  }
  const errorsBefore = (d: DockerfileModel): number =>
    d.runs.reduce((n, r) => n + (project.executes.get(r) ?? []).filter((eu) => eu.unit.file === d.path).reduce((m, eu) => m + eu.unit.errorCount, 0), 0);
  const known = w.knownErrors.get(f.path) ?? new Map<string, number>();
  const problem = await timedAsync('verify', () => (df ? verifyDockerfile(df, errorsBefore(df), after, known) : verifyScript(f.text, after, known)));
  if (problem) {
    if (process.env.CACHEMOUNT_DEBUG_REJECTED) process.stderr.write(`--- rejected rewrite of ${f.path}:\n${after}\n---\n`);
    return { ...base, status: 'failed', reason: `the rewrite did not re-parse (${problem}); file left untouched` };
  }
  return {
    ...base,
    status: 'changed',
    before: f.text,
    after,
    edits: edits.map((e) => ({
      transform: e.transform,
      line: lineAt(f.path, e.start),
      reason: e.reason,
      ...(e.justifiedBy ? { justifiedBy: e.justifiedBy } : {}),
      ...(e.managers?.length ? { managers: e.managers } : {}),
      fix: { start: e.start, end: e.end, text: e.text },
    })),
  };
}

/** A reason when the text is a template or generator input rather than a Dockerfile. */
export function looksLikeTemplate(text: string): string | null {
  // Go templates inside quotes (`docker inspect -f '{{.Id}}'`) are ordinary shell text.
  const unquoted = text.replace(/'[^'\n]*'|"(?:[^"\\\n]|\\.)*"/g, '""');
  if (/\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}/.test(unquoted)) return 'template placeholders ({{ }} or {% %}): not a Dockerfile as it stands';
  if (/<%[\s\S]*?%>/.test(unquoted)) return 'template placeholders (<% %>): not a Dockerfile as it stands';
  if (/^\s*(FROM|RUN)\s+@[A-Z_]+@/m.test(text) || /%%[A-Z_]+%%/.test(text)) return 'template placeholders (@VAR@ or %%VAR%%): not a Dockerfile as it stands';
  return null;
}

/** True when abs, with every symbolic link resolved, lies inside realRoot. */
function insideRoot(realRoot: string, abs: string): boolean {
  let real: string;
  try {
    real = fs.realpathSync(abs);
  } catch {
    return false;
  }
  return real === realRoot || real.startsWith(realRoot.endsWith(path.sep) ? realRoot : realRoot + path.sep);
}

/**
 * Where a flag insertion ends with a line continuation and removals right after it leave
 * only a bare continuation (`RUN apt-get clean && \` + comment line, minus the clean), the
 * removal also takes that bare continuation (and joins whole-line removals right below),
 * so no empty `\` line remains. Before a blank line, the insertion gives up its own
 * indent or line break instead, so no line of blanks remains either.
 */
export function fuseContinuations(text: string, escape: string, edits: readonly Edit[]): Edit[] {
  const esc = escape.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
  const endsContinued = new RegExp(`${esc}\\r?\\n[ \\t]*$`);
  const bare = new RegExp(`^[ \\t]*${esc}[ \\t]*\\r?\\n[ \\t]*`);
  const bareBeforeBlank = new RegExp(`^[ \\t]*${esc}[ \\t]*(?=\\r?\\n[ \\t]*(\\r?\\n|$))`);
  const out = [...edits];
  /** Index of a removal (non-empty, no text) that `where` accepts, or -1. */
  const removal = (where: (o: Edit) => boolean): number => out.findIndex((o) => o.text === '' && o.end > o.start && where(o));
  out.forEach((first, k0) => {
    let e = first;
    let k = k0;
    if (e.start === e.end || e.text !== '') return;
    const j = out.findIndex((o) => o !== e && o.end === e.start && endsContinued.test(o.text));
    if (j < 0) return;
    // removals that touch end to end act as one: the continuation is after the last of them
    for (let next = removal((o) => o.start === e.end); next >= 0; next = removal((o) => o.start === e.end)) {
      k = next;
      e = out[next];
    }
    const rest = text.slice(e.end);
    if (/^\r?\n/.test(rest)) {
      // the removal took a whole line up to a blank one: the insertion's indent would leave
      // a line of blanks, so it ends at its line break and the blank line follows
      out[j] = { ...out[j], text: out[j].text.replace(/[ \t]*$/, '') };
      return;
    }
    // A blank line follows: the insertion's own line break and indent would leave a line of
    // blanks before it, so the insertion ends at its escape and the file's line break stays.
    const b = bareBeforeBlank.exec(rest);
    if (b) {
      out[j] = { ...out[j], text: out[j].text.replace(/\r?\n[ \t]*$/, '') };
      out[k] = { ...e, end: e.end + b[0].length };
      return;
    }
    const m = bare.exec(rest);
    if (!m) return;
    let end = e.end + m[0].length;
    // whole-line removals right below (the bare continuation's line break is theirs to
    // start after) join this one; the insertion's indent then stands for the next line's
    let joined = false;
    for (let r = removal((o) => o.start > e.end && o.start <= end); r >= 0; r = removal((o) => o.start > e.end && o.start <= end)) {
      end = Math.max(end, out[r].end);
      out[r] = { ...out[r], end: out[r].start }; // emptied, filtered out below
      joined = true;
    }
    if (joined) end += /^[ \t]*/.exec(text.slice(end))![0].length;
    out[k] = { ...e, end };
  });
  return out.filter((x) => x.start !== x.end || x.text !== '');
}
