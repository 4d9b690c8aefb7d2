/**
 * fast-check arbitraries for whole cases: one or two Dockerfiles and, for part of the
 * runs, a scripts/ tree their RUNs execute. Weights favour the shapes real files have
 * (shell-form RUNs, apt and pip, && chains) while keeping the odd ones frequent enough
 * to be hit in a few hundred runs.
 */
import fc from 'fast-check';
import type { CaseSpec, CmdKind, CmdSpec, DockerfileSpec, FlagSpec, InstrSpec, RunSpec, ScriptSpec, StageSpec } from './spec';

const small = fc.nat({ max: 40 });

const cmdKind: fc.Arbitrary<CmdKind> = fc.oneof(
  { arbitrary: fc.constant<CmdKind>('echo'), weight: 2 },
  { arbitrary: fc.constant<CmdKind>('aptUpdate'), weight: 4 },
  { arbitrary: fc.constant<CmdKind>('aptInstall'), weight: 5 },
  { arbitrary: fc.constant<CmdKind>('pipInstall'), weight: 5 },
  { arbitrary: fc.constant<CmdKind>('aptClean'), weight: 3 },
  { arbitrary: fc.constant<CmdKind>('aptOther'), weight: 1 },
  { arbitrary: fc.constant<CmdKind>('rmApt'), weight: 4 },
  { arbitrary: fc.constant<CmdKind>('rmPip'), weight: 2 },
  { arbitrary: fc.constant<CmdKind>('pipPurge'), weight: 2 },
  { arbitrary: fc.constant<CmdKind>('misc'), weight: 3 },
  { arbitrary: fc.constant<CmdKind>('ifBlock'), weight: 1 },
  { arbitrary: fc.constant<CmdKind>('guard'), weight: 1 },
  { arbitrary: fc.constant<CmdKind>('export'), weight: 1 },
  { arbitrary: fc.constant<CmdKind>('runScript'), weight: 2 },
  { arbitrary: fc.constant<CmdKind>('pm'), weight: 4 },
  { arbitrary: fc.constant<CmdKind>('pmClean'), weight: 2 },
);

export const cmdSpec: fc.Arbitrary<CmdSpec> = fc.record({
  kind: cmdKind,
  v: small,
  prefix: fc.oneof({ arbitrary: fc.constant(0), weight: 3 }, { arbitrary: fc.nat({ max: 12 }), weight: 2 }),
  flag: fc.boolean(),
  flag2: fc.oneof({ arbitrary: fc.constant(false), weight: 3 }, { arbitrary: fc.constant(true), weight: 1 }),
});

const flagSpec: fc.Arbitrary<FlagSpec> = fc.record({
  kind: fc.oneof(
    { arbitrary: fc.constant<FlagSpec['kind']>('cache'), weight: 4 },
    { arbitrary: fc.constant<FlagSpec['kind']>('bind'), weight: 1 },
    { arbitrary: fc.constant<FlagSpec['kind']>('secret'), weight: 1 },
    { arbitrary: fc.constant<FlagSpec['kind']>('network'), weight: 1 },
    { arbitrary: fc.constant<FlagSpec['kind']>('tmpfs'), weight: 1 },
    { arbitrary: fc.constant<FlagSpec['kind']>('bindScripts'), weight: 1 },
  ),
  v: small,
  order: fc.nat({ max: 23 }),
  key: fc.nat({ max: 2 }),
  id: fc.boolean(),
  sharing: fc.boolean(),
});

const runSpec: fc.Arbitrary<RunSpec> = fc.record({
  form: fc.oneof(
    { arbitrary: fc.constant<RunSpec['form']>('shell'), weight: 12 },
    { arbitrary: fc.constant<RunSpec['form']>('heredoc'), weight: 3 },
    { arbitrary: fc.constant<RunSpec['form']>('exec'), weight: 1 },
  ),
  cmds: fc.array(cmdSpec, { minLength: 1, maxLength: 6 }),
  join: small,
  flags: fc.oneof({ arbitrary: fc.constant<FlagSpec[]>([]), weight: 3 }, { arbitrary: fc.array(flagSpec, { minLength: 1, maxLength: 3 }), weight: 2 }),
  flagLayout: fc.nat({ max: 2 }),
  commentAt: fc.oneof({ arbitrary: fc.constant(-1), weight: 3 }, { arbitrary: fc.nat({ max: 5 }), weight: 1 }),
  blankAt: fc.oneof({ arbitrary: fc.constant(-1), weight: 6 }, { arbitrary: fc.nat({ max: 5 }), weight: 1 }),
  trailingWs: fc.oneof({ arbitrary: fc.constant(false), weight: 4 }, { arbitrary: fc.constant(true), weight: 1 }),
  keyword: fc.oneof({ arbitrary: fc.constant(0), weight: 8 }, { arbitrary: fc.nat({ max: 2 }), weight: 1 }),
  hv: small,
  hchain: fc.boolean(),
  setE: fc.boolean(),
});

const instrSpec: fc.Arbitrary<InstrSpec> = fc.oneof(
  { arbitrary: runSpec.map((run): InstrSpec => ({ kind: 'run', run })), weight: 12 },
  { arbitrary: small.map((v): InstrSpec => ({ kind: 'user', v })), weight: 2 },
  { arbitrary: small.map((v): InstrSpec => ({ kind: 'env', v })), weight: 2 },
  { arbitrary: small.map((v): InstrSpec => ({ kind: 'comment', v })), weight: 2 },
  { arbitrary: fc.constant<InstrSpec>({ kind: 'blank' }), weight: 1 },
  { arbitrary: fc.record({ v: small, script: small }).map(({ v, script }): InstrSpec => ({ kind: 'copyScripts', v, script })), weight: 3 },
  { arbitrary: small.map((v): InstrSpec => ({ kind: 'workdir', v })), weight: 1 },
  { arbitrary: runSpec.map((run): InstrSpec => ({ kind: 'onbuild', run })), weight: 1 },
  { arbitrary: small.map((v): InstrSpec => ({ kind: 'other', v })), weight: 2 },
  { arbitrary: small.map((v): InstrSpec => ({ kind: 'shell', v })), weight: 1 },
  { arbitrary: small.map((v): InstrSpec => ({ kind: 'existingFix', v })), weight: 1 },
);

const stageSpec: fc.Arbitrary<StageSpec> = fc.record({
  base: small,
  fromStage: fc.oneof({ arbitrary: fc.constant(false), weight: 3 }, { arbitrary: fc.constant(true), weight: 1 }),
  named: fc.boolean(),
  platform: fc.oneof({ arbitrary: fc.constant(false), weight: 6 }, { arbitrary: fc.constant(true), weight: 1 }),
  instrs: fc.array(instrSpec, { minLength: 1, maxLength: 9 }),
});

const rare = fc.oneof({ arbitrary: fc.constant(false), weight: 5 }, { arbitrary: fc.constant(true), weight: 1 });

export const dockerfileSpec: fc.Arbitrary<DockerfileSpec> = fc.record({
  crlf: fc.oneof({ arbitrary: fc.constant(false), weight: 3 }, { arbitrary: fc.constant(true), weight: 1 }),
  bom: rare,
  finalNewline: fc.oneof({ arbitrary: fc.constant(true), weight: 4 }, { arbitrary: fc.constant(false), weight: 1 }),
  syntax: fc.oneof({ arbitrary: fc.constant(0), weight: 3 }, { arbitrary: fc.nat({ max: 3 }), weight: 1 }),
  escapeBacktick: fc.oneof({ arbitrary: fc.constant(false), weight: 9 }, { arbitrary: fc.constant(true), weight: 1 }),
  check: fc.oneof({ arbitrary: fc.constant(false), weight: 9 }, { arbitrary: fc.constant(true), weight: 1 }),
  header: small,
  globalArg: rare,
  indent: fc.nat({ max: 5 }),
  beforeEscape: fc.oneof({ arbitrary: fc.constant(0), weight: 6 }, { arbitrary: fc.nat({ max: 2 }), weight: 1 }),
  stages: fc.array(stageSpec, { minLength: 1, maxLength: 4 }),
});

export const scriptSpec: fc.Arbitrary<ScriptSpec> = fc.record({
  style: fc.nat({ max: 5 }),
  shebang: fc.nat({ max: 4 }),
  cmds: fc.array(cmdSpec, { minLength: 1, maxLength: 6 }),
  cleanup: fc.array(cmdSpec, { minLength: 0, maxLength: 4 }),
  calls: fc.oneof({ arbitrary: fc.constant(-1), weight: 2 }, { arbitrary: fc.nat({ max: 3 }), weight: 1 }),
  callHow: fc.nat({ max: 4 }),
  crlf: fc.oneof({ arbitrary: fc.constant(false), weight: 12 }, { arbitrary: fc.constant(true), weight: 1 }),
  indent: fc.nat({ max: 3 }),
  introComments: fc.boolean(),
});

/** A Dockerfile alone (about 60 % of cases) or Dockerfiles plus a scripts/ tree. */
export const caseSpec: fc.Arbitrary<CaseSpec> = fc.record({
  dockerfiles: fc.oneof({ arbitrary: fc.array(dockerfileSpec, { minLength: 1, maxLength: 1 }), weight: 4 }, { arbitrary: fc.array(dockerfileSpec, { minLength: 2, maxLength: 2 }), weight: 1 }),
  scripts: fc.oneof({ arbitrary: fc.constant<ScriptSpec[]>([]), weight: 3 }, { arbitrary: fc.array(scriptSpec, { minLength: 1, maxLength: 3 }), weight: 2 }),
  comments: fc.oneof({ arbitrary: fc.constant(true), weight: 3 }, { arbitrary: fc.constant(false), weight: 1 }),
  aptKeepDownloaded: fc.oneof({ arbitrary: fc.constant(true), weight: 3 }, { arbitrary: fc.constant(false), weight: 1 }),
});
