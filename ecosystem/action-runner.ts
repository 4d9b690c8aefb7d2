/**
 * Runs a composite action's steps as a GitHub runner does, enough for action.yml: inputs
 * with their defaults, `${{ inputs.x }}`, `${{ github.* }}`, `${{ runner.temp }}` and
 * `${{ steps.id.outputs.x }}` in env, with and working-directory; `shell: bash` as
 * `bash --noprofile --norc -eo pipefail FILE`; GITHUB_OUTPUT per step; the first failing
 * step ends the action; outputs from their `value` expressions. Steps with `uses:` or
 * `if:` and other shells are refused (action.yml has none), so a change that needs more
 * of the runner fails here instead of passing untested.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { run } from './support';

export interface ActionStep {
  id?: string;
  name?: string;
  shell?: string;
  run?: string;
  uses?: string;
  if?: string;
  env?: Record<string, string>;
  'working-directory'?: string;
}

export interface ActionFile {
  name: string;
  description: string;
  inputs?: Record<string, { description?: string; required?: boolean; default?: string }>;
  outputs?: Record<string, { description?: string; value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

export interface StepRun {
  id: string;
  code: number | null;
  /** stdout only: where the runner reads workflow commands. */
  stdout: string;
  /** stdout and stderr interleaved. */
  output: string;
  outputs: Record<string, string>;
}

export interface ActionRun {
  /** 0 when every step passed, else the failing step's exit code. */
  code: number | null;
  steps: StepRun[];
  outputs: Record<string, string>;
}

export function loadAction(file: string): ActionFile {
  return parse(fs.readFileSync(file, 'utf8')) as ActionFile;
}

/** Reads a GITHUB_OUTPUT file: `name=value` lines and `name<<DELIM` blocks. */
export function readOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line) continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const body: string[] = [];
      for (i++; i < lines.length && lines[i] !== heredoc[2]; i++) body.push(lines[i]!);
      out[heredoc[1]!] = body.join('\n');
      continue;
    }
    const eq = line.indexOf('=');
    if (eq < 0) throw new Error(`GITHUB_OUTPUT: cannot read line '${line}'`);
    out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}

export interface RunActionOptions {
  actionPath: string;
  workspace: string;
  with?: Record<string, string>;
  env?: NodeJS.ProcessEnv;
  runnerTemp: string;
  timeoutMs?: number;
}

export async function runAction(opts: RunActionOptions): Promise<ActionRun> {
  const action = loadAction(path.join(opts.actionPath, 'action.yml'));
  if (action.runs.using !== 'composite') throw new Error(`runs.using is ${action.runs.using}, not composite`);
  const inputs: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.inputs ?? {})) inputs[name] = spec.default ?? '';
  for (const [name, value] of Object.entries(opts.with ?? {})) {
    if (!(name in inputs)) throw new Error(`the action has no input '${name}'`);
    inputs[name] = value;
  }
  const stepOutputs: Record<string, Record<string, string>> = {};
  const contexts = (name: string): string => {
    const m = /^(inputs|github|runner|steps)\.(.+)$/.exec(name);
    if (m?.[1] === 'inputs' && m[2]! in inputs) return inputs[m[2]!]!;
    if (m?.[1] === 'github' && m[2] === 'action_path') return opts.actionPath;
    if (m?.[1] === 'github' && m[2] === 'workspace') return opts.workspace;
    if (m?.[1] === 'runner' && m[2] === 'temp') return opts.runnerTemp;
    const so = m?.[1] === 'steps' ? /^([\w-]+)\.outputs\.([\w-]+)$/.exec(m[2]!) : null;
    if (so) return stepOutputs[so[1]!]?.[so[2]!] ?? '';
    throw new Error(`expression not known to this runner: ${name}`);
  };
  const evaluate = (text: string): string => text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expr: string) => contexts(expr));

  const steps: StepRun[] = [];
  const temp = fs.mkdtempSync(path.join(opts.runnerTemp, '_runner-'));
  for (const [index, step] of action.runs.steps.entries()) {
    if (step.uses || step.if) throw new Error(`step ${index}: uses/if are not supported by this runner`);
    if (step.shell !== 'bash') throw new Error(`step ${index}: shell '${step.shell}' is not supported by this runner`);
    const id = step.id ?? `__${index}`;
    const script = path.join(temp, `step-${index}.sh`);
    fs.writeFileSync(script, evaluate(step.run ?? ''));
    const outputFile = path.join(temp, `output-${index}`);
    fs.writeFileSync(outputFile, '');
    const env: NodeJS.ProcessEnv = {
      ...(opts.env ?? process.env),
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_ACTION_PATH: opts.actionPath,
      GITHUB_WORKSPACE: opts.workspace,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: path.join(temp, `summary-${index}`),
      RUNNER_TEMP: opts.runnerTemp,
    };
    for (const [name, value] of Object.entries(step.env ?? {})) env[name] = evaluate(String(value));
    const cwd = step['working-directory'] ? path.resolve(opts.workspace, evaluate(step['working-directory'])) : opts.workspace;
    const r = await run('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd, env, timeoutMs: opts.timeoutMs ?? 10 * 60_000 });
    const outputs = readOutputFile(fs.readFileSync(outputFile, 'utf8'));
    stepOutputs[id] = outputs;
    steps.push({ id, code: r.code, stdout: r.stdout, output: r.output, outputs });
    if (r.code !== 0) return { code: r.code, steps, outputs: actionOutputs(action, evaluate) };
  }
  return { code: 0, steps, outputs: actionOutputs(action, evaluate) };
}

function actionOutputs(action: ActionFile, evaluate: (text: string) => string): Record<string, string> {
  return Object.fromEntries(Object.entries(action.outputs ?? {}).map(([name, spec]) => [name, evaluate(spec.value)]));
}
