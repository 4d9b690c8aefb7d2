import type { DockerfileModel, RunInstruction } from './dockerfile/model';
import { collectCommands, ShellCommand, ShellFunction } from './shell/commands';
import { errorRanges, parseShell, protectedRanges, Tree } from './shell/parser';
import type { ShellSource } from './shell/removal';
import { topLevelStatements } from './shell/second-parser';
import { timed } from './timings';
import { commandIgnoreMarks, IgnoreMark } from './ignores';
import { TRANSFORM_IDS } from '../transforms/ids';

/** A parsed piece of shell: a RUN body, a heredoc, or a script file. */
export interface ShellUnit {
  id: number;
  /** Repo-relative path of the file that holds the text. */
  file: string;
  source: ShellSource;
  /** False where offsets do not map one to one onto the file (exec-form JSON strings). */
  editable: boolean;
  tree: Tree;
  commands: ShellCommand[];
  functions: ShellFunction[];
  /** Regions no edit may touch (view offsets): statements with parse errors, heredoc markers. */
  errors: Array<[number, number]>;
  /** How many regions the grammar could not parse. */
  errorCount: number;
  /** Regions (view offsets) that some transforms leave alone: ignore comments, ignored files and RUNs. */
  ignores: IgnoreMark[];
}

/** A unit a RUN executes, and how it gets there (for reports). */
export interface ExecutedUnit {
  unit: ShellUnit;
  /** The commands of the unit that run: top level, and functions that are called. */
  commands: ShellCommand[];
  /** `file:line` steps from the RUN to this unit, empty for the RUN's own body. */
  via: string[];
}

export interface ScriptFile {
  path: string;
  text: string;
  unit: ShellUnit;
}

export interface Project {
  dockerfiles: DockerfileModel[];
  scripts: Map<string, ScriptFile>;
  executes: Map<RunInstruction, ExecutedUnit[]>;
  /** Per unit id, the RUNs that execute it. */
  executedBy: Map<number, RunInstruction[]>;
  /** Dockerfile of each RUN. */
  dockerfileOf: Map<RunInstruction, DockerfileModel>;
}

let nextUnitId = 1;

export function makeUnit(file: string, source: ShellSource, editable: boolean): ShellUnit {
  const tree = timed('parse', () => parseShell(source.view));
  const { commands, functions } = collectCommands(tree);
  const errors = protectedRanges(tree);
  for (const r of source.protect ?? []) errors.push(r);
  const ignores = commandIgnoreMarks(source.view, tree, TRANSFORM_IDS);
  return { id: nextUnitId++, file, source, editable, tree, commands, functions, errors, errorCount: errorRanges(tree).length, ignores };
}

/**
 * The commands of a unit that actually run: those outside functions, and those in
 * functions that are called (by name, or through `trap NAME …`), transitively.
 * `extraCalls` names functions called from elsewhere (a script that sources this one).
 */
export function executedCommands(unit: ShellUnit, extraCalls: ReadonlySet<string> = new Set()): ShellCommand[] {
  const defined = new Set(unit.functions.map((f) => f.name));
  const called = new Set<string>([...extraCalls].filter((n) => defined.has(n)));
  const callsFrom = (cmds: ShellCommand[]): string[] => {
    const out: string[] = [];
    for (const c of cmds) {
      if (defined.has(c.name)) out.push(c.name);
      if (c.name === 'trap') {
        for (const a of c.args) for (const w of a.value.split(/[\s;&|]+/)) if (defined.has(w)) out.push(w);
      }
    }
    return out;
  };
  let frontier = callsFrom(unit.commands.filter((c) => c.inFunction === null));
  frontier.forEach((n) => called.add(n));
  frontier = [...called];
  while (frontier.length) {
    const next: string[] = [];
    for (const fn of frontier) {
      for (const n of callsFrom(unit.commands.filter((c) => c.inFunction === fn))) {
        if (!called.has(n)) {
          called.add(n);
          next.push(n);
        }
      }
    }
    frontier = next;
  }
  return unit.commands.filter((c) => c.inFunction === null || called.has(c.inFunction));
}

/**
 * Where tree-sitter could not parse a unit, protect the whole statements the second
 * parser sees around each error; when that parser fails too, protect the whole unit.
 */
export async function refineProtection(unit: ShellUnit): Promise<void> {
  if (unit.errorCount === 0) return;
  const view = unit.source.view;
  const stmts = await topLevelStatements(view);
  const errs = errorRanges(unit.tree);
  const out: Array<[number, number]> = [...(unit.source.protect ?? [])];
  if (!stmts) out.push([0, Math.max(view.length, 1)]);
  else {
    for (const [s, e] of errs) {
      const hit = stmts.filter(([a, b]) => s < Math.max(b, a + 1) && a < e);
      if (hit.length) out.push([Math.min(...hit.map((h) => h[0])), Math.max(...hit.map((h) => h[1]))]);
      else out.push([s, e]);
    }
  }
  unit.errors = [...unit.errors, ...out];
}
