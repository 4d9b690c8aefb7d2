/**
 * The shape of a generated case, as plain data. fast-check builds these (see
 * arbitraries.ts) and shrinks them; render.ts turns one into files plus what the
 * properties need to know about them (which RUN runs what, as which user, where).
 *
 * Numbers named `v` pick a variant modulo the number of variants, so shrinking a
 * number towards 0 moves towards the plainest variant.
 */

export type CmdKind =
  | 'echo'
  | 'aptUpdate'
  | 'aptInstall'
  | 'pipInstall'
  | 'aptClean'
  | 'aptOther'
  | 'rmApt'
  | 'rmPip'
  | 'pipPurge'
  | 'misc'
  | 'ifBlock'
  | 'guard'
  | 'export'
  | 'runScript'
  | 'pm'
  | 'pmClean';

export interface CmdSpec {
  kind: CmdKind;
  v: number;
  /** sudo / env / VAR= prefix variant. */
  prefix: number;
  /** pip: add --no-cache-dir; apt install: multi-line package list. */
  flag: boolean;
  /** pip: PIP_NO_CACHE_DIR=…; cleanups: `|| true`. */
  flag2: boolean;
}

export type FlagKind = 'cache' | 'bind' | 'secret' | 'network' | 'tmpfs' | 'bindScripts';

export interface FlagSpec {
  kind: FlagKind;
  /** cache: which target; others: variant. */
  v: number;
  /** Permutation index of the option order. */
  order: number;
  /** target / dst / destination. */
  key: number;
  id: boolean;
  sharing: boolean;
}

export interface RunSpec {
  form: 'shell' | 'heredoc' | 'exec';
  cmds: CmdSpec[];
  /** How commands are joined (see render). */
  join: number;
  flags: FlagSpec[];
  /** 0: flags on the RUN line; 1: one per continuation line; 2: RUN \ then flags. */
  flagLayout: number;
  /** Join index where a comment line goes inside the continuation, or -1. */
  commentAt: number;
  /** Join index followed by an empty continuation line, or -1. */
  blankAt: number;
  /** Trailing blanks after one escape / at the end of the instruction. */
  trailingWs: boolean;
  keyword: number;
  /** Heredoc: operator/delimiter/command variant; exec: argv style. */
  hv: number;
  /** Heredoc: commands one per line (false) or as an `&& \` chain (true). */
  hchain: boolean;
  /** A `set -eux` (or similar) first command. */
  setE: boolean;
}

export type InstrSpec =
  | { kind: 'run'; run: RunSpec }
  | { kind: 'user'; v: number }
  | { kind: 'env'; v: number }
  | { kind: 'comment'; v: number }
  | { kind: 'blank' }
  | { kind: 'copyScripts'; v: number; script: number }
  | { kind: 'workdir'; v: number }
  | { kind: 'onbuild'; run: RunSpec }
  | { kind: 'other'; v: number }
  | { kind: 'shell'; v: number }
  | { kind: 'existingFix'; v: number };

export interface StageSpec {
  /** Index into the image pool, or into the earlier stages when `fromStage`. */
  base: number;
  fromStage: boolean;
  named: boolean;
  platform: boolean;
  instrs: InstrSpec[];
}

export interface ScriptSpec {
  style: number;
  shebang: number;
  cmds: CmdSpec[];
  cleanup: CmdSpec[];
  /** Index of a later script this one runs through a sibling idiom, or -1. */
  calls: number;
  callHow: number;
  crlf: boolean;
  indent: number;
  introComments: boolean;
}

export interface DockerfileSpec {
  crlf: boolean;
  bom: boolean;
  finalNewline: boolean;
  syntax: number;
  escapeBacktick: boolean;
  check: boolean;
  header: number;
  globalArg: boolean;
  indent: number;
  beforeEscape: number;
  stages: StageSpec[];
}

export interface CaseSpec {
  dockerfiles: DockerfileSpec[];
  scripts: ScriptSpec[];
  comments: boolean;
  aptKeepDownloaded: boolean;
}
