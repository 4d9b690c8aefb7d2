import { secondParserProblem } from './shell/second-parser';
import { DockerfileModel, modelDockerfile } from './dockerfile/model';
import { errorRanges, parseShell } from './shell/parser';

function shellErrors(text: string): number {
  const tree = parseShell(text);
  const n = errorRanges(tree).length;
  tree.delete();
  return n;
}

/** Syntax errors of every RUN's shell in a Dockerfile model. */
export function runShellErrors(model: DockerfileModel): number {
  return model.runs.reduce((n, r) => n + r.shells.reduce((m, s) => m + shellErrors(s.source.view), 0), 0);
}

/**
 * Re-reads a rewritten Dockerfile: the instructions must be the same apart from added
 * RUNs, and no RUN's shell may parse worse than before. Returns a problem or null.
 */
export function verifyDockerfile(before: DockerfileModel, beforeErrors: number, after: string): string | null {
  const model = modelDockerfile(before.path, after);
  const a = before.keywords;
  let j = 0;
  for (const k of model.keywords) {
    if (j < a.length && a[j] === k) j++;
    else if (k !== 'RUN') return `instruction ${k} appeared`;
  }
  if (j !== a.length) return 'instructions went missing';
  const eb = runShellErrors(model);
  if (eb > beforeErrors) return `shell syntax errors went from ${beforeErrors} to ${eb}`;
  return null;
}

/**
 * Re-parses a rewritten script with tree-sitter and with a second, independent parser
 * (sh-syntax, mvdan/sh): it must not parse worse than before under either.
 */
export async function verifyScript(before: string, after: string): Promise<string | null> {
  const ea = shellErrors(before);
  const eb = shellErrors(after);
  if (eb > ea) return `shell syntax errors went from ${ea} to ${eb}`;
  if ((await secondParserProblem(before)) === null) {
    const problem = await secondParserProblem(after);
    if (problem) return `sh-syntax: ${problem}`;
  }
  return null;
}
