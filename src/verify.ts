import { secondParserProblem } from './shell/second-parser';
import { DockerfileModel, modelDockerfile, RunInstruction } from './dockerfile/model';
import { errorRanges, parseShell } from './shell/parser';
import { RECIPES } from './managers';

function shellErrors(text: string): number {
  const tree = parseShell(text);
  const n = errorRanges(tree).length;
  tree.delete();
  return n;
}

/**
 * Error counts already known for shell texts (from the parse of the file as it was read):
 * the same text parses the same way, so only the shells an edit changed are parsed again.
 */
export type KnownErrors = ReadonlyMap<string, number>;

function errorsOf(text: string, known: KnownErrors): number {
  return known.get(text) ?? shellErrors(text);
}

/** Syntax errors of every RUN's shell in a Dockerfile model. */
export function runShellErrors(model: DockerfileModel, known: KnownErrors = new Map()): number {
  return model.runs.reduce((n, r) => n + r.shells.reduce((m, s) => m + errorsOf(s.source.view, known), 0), 0);
}

/** RUNs a recipe's stage step adds (and the tool recognises on a later run). */
function isStepRun(text: string, r: RunInstruction): boolean {
  const t = text.slice(r.start, r.end);
  return RECIPES.some((x) => !!x.stageStep && (x.stageStep.apply.marker.test(t) || x.stageStep.undo.marker.test(t)));
}

/**
 * Re-reads a rewritten Dockerfile: the instructions must be the same apart from added
 * RUNs (and the USER lines that make a stage step's RUN run as root), and no RUN's shell
 * may parse worse than before. Returns a problem or null.
 */
export async function verifyDockerfile(before: DockerfileModel, beforeErrors: number, after: string, known: KnownErrors = new Map()): Promise<string | null> {
  const model = modelDockerfile(before.path, after);
  const a = before.keywords;
  let j = 0;
  for (const k of model.keywords) {
    if (j < a.length && a[j] === k) j++;
    else if (k !== 'RUN' && k !== 'USER') return `instruction ${k} appeared`;
  }
  if (j !== a.length) return 'instructions went missing';
  const eb = runShellErrors(model, known);
  // Each RUN shell that changed must also satisfy the second parser, if it did before.
  // The RUNs pair up once the stage steps' RUNs are set aside on both sides.
  const oldRuns = before.runs.filter((r) => !isStepRun(before.text, r));
  const newRuns = model.runs.filter((r) => !isStepRun(after, r));
  if (eb > beforeErrors) {
    // name the RUN whose shell got worse, when the RUNs pair up
    if (newRuns.length === oldRuns.length) {
      for (let k = 0; k < newRuns.length; k++) {
        const was = oldRuns[k].shells.reduce((m, s) => m + errorsOf(s.source.view, known), 0);
        const now = newRuns[k].shells.reduce((m, s) => m + errorsOf(s.source.view, known), 0);
        if (now > was) return `shell syntax errors in the RUN at line ${oldRuns[k].line} went from ${was} to ${now}`;
      }
    }
    return `shell syntax errors went from ${beforeErrors} to ${eb}`;
  }
  if (newRuns.length !== oldRuns.length) return 'RUN instructions went missing or appeared';
  const changed: Array<{ old: string; now: string; line: number }> = [];
  for (let k = 0; k < newRuns.length; k++) {
    const old = oldRuns[k].shells;
    const now = newRuns[k].shells;
    for (let m = 0; m < Math.min(old.length, now.length); m++) {
      if (old[m].source.view !== now[m].source.view) changed.push({ old: old[m].source.view, now: now[m].source.view, line: newRuns[k].line });
    }
  }
  if (!changed.length) return null;
  for (const c of changed) {
    const problem = await secondParserProblem(c.now);
    // only a new rejection counts (the input itself may use syntax sh-syntax refuses)
    if (problem && (await secondParserProblem(c.old)) === null) return `sh-syntax rejects the RUN at line ${c.line}: ${problem}`;
  }
  return null;
}

/**
 * Re-parses a rewritten script with tree-sitter and with a second, independent parser
 * (sh-syntax, mvdan/sh): it must not parse worse than before under either.
 */
export async function verifyScript(before: string, after: string, known: KnownErrors = new Map()): Promise<string | null> {
  const ea = errorsOf(before, known);
  const eb = shellErrors(after);
  if (eb > ea) return `shell syntax errors went from ${ea} to ${eb}`;
  const problem = await secondParserProblem(after);
  if (problem && (await secondParserProblem(before)) === null) return `sh-syntax: ${problem}`;
  return null;
}
