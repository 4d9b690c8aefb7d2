import type { IgnoreSet } from '../ignores';
import { DockerfileParser, Instruction } from 'dockerfile-ast';
import { timed } from '../timings';
import { detectEol, Eol, LineTable } from '../text';
import type { ShellSource } from '../shell/removal';
import { hasGlob } from '../glob';

/** One option list of a `--mount=` flag. */
export interface MountSpec {
  type: string;
  target: string | null;
  options: Map<string, string>;
}

export interface RunFlag {
  name: string;
  value: string | null;
  start: number;
  end: number;
}

/** A COPY or ADD from the build context, as written; resolved against the repo later. */
export interface CopyMapping {
  sources: string[];
  /** Absolute container path (WORKDIR applied). */
  dest: string;
  /** The destination is a directory: it ends with `/`, or there are several sources. */
  destIsDir: boolean;
  line: number;
  /** COPY --from or a heredoc: what lands at dest does not come from the repo. */
  fromOtherStage: boolean;
}

export interface Stage {
  index: number;
  name: string | null;
  /** Base image reference as written, ARG defaults substituted. */
  image: string;
  /** The earlier stage this one is built FROM, if any. */
  baseStage: Stage | null;
  line: number;
  /** Offsets where the FROM instruction starts and ends. */
  fromStart: number;
  fromEnd: number;
  /** Offset where the stage ends (the next FROM, or the end of the file). */
  end: number;
  /** USER in effect right after FROM (the base stage's last USER), null for root. */
  initialUser: string | null;
  /** Why the stage is skipped (Windows), or null. */
  skip: string | null;
  runs: RunInstruction[];
  /** ENV in effect at the end of the stage (inherits from baseStage). */
  env: Map<string, string>;
  /** COPY/ADD from the build context so far, oldest first (inherits from baseStage). */
  copies: CopyMapping[];
  workdir: string;
}

export type RunForm = 'shell' | 'exec' | 'heredoc';

/** A piece of shell the RUN executes, with where it sits in the Dockerfile. */
export interface RunShell {
  source: ShellSource;
  /** Offsets of `source` map to the file one to one, so removals may be edited in place. */
  editable: boolean;
}

export interface RunInstruction {
  /** 1-based line of the RUN keyword. */
  line: number;
  start: number;
  end: number;
  flags: RunFlag[];
  mounts: MountSpec[];
  form: RunForm;
  /** Offset where the command (after the flags) starts, and where it ends. */
  bodyStart: number;
  bodyEnd: number;
  shells: RunShell[];
  stage: Stage;
  /** USER in effect, null when none was set (root). */
  user: string | null;
  /** ENV in effect at this RUN. */
  env: Map<string, string>;
  /** WORKDIR in effect at this RUN. */
  workdir: string;
  /** COPY/ADD from the build context that happened before this RUN in its stage lineage. */
  copies: CopyMapping[];
  /** Why the RUN is left alone, or null. */
  skip: string | null;
  /** Transforms an ignore comment above the RUN names (a comment ignoring all of them sets skip instead). */
  ignore: IgnoreSet | null;
}

export interface ContinuationStyle {
  /** Text before the escape character at the end of a continued line, e.g. one space. */
  beforeEscape: string;
  /** Leading whitespace of continuation lines. */
  indent: string;
}

export interface DockerfileModel {
  path: string;
  text: string;
  eol: Eol;
  escape: string;
  stages: Stage[];
  runs: RunInstruction[];
  /** RUNs not modelled, with reasons (ONBUILD RUN…). */
  ignored: Array<{ line: number; reason: string }>;
  style: ContinuationStyle;
  /** Every instruction's keyword, in order (for verification). */
  keywords: string[];
}

export function parseMount(value: string): MountSpec {
  const options = new Map<string, string>();
  for (const part of value.split(',')) {
    const eq = part.indexOf('=');
    const key = (eq === -1 ? part : part.slice(0, eq)).trim().toLowerCase();
    const val = eq === -1 ? 'true' : part.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
    if (key) options.set(key, val);
  }
  const target = options.get('target') ?? options.get('dst') ?? options.get('destination') ?? null;
  return { type: options.get('type') ?? 'bind', target: target ? normalisePath(target) : null, options };
}

export function normalisePath(p: string): string {
  if (!p.includes('//') && !p.endsWith('/') && !p.endsWith('/.')) return p; // nothing to change
  const out = p.replace(/\/+/g, '/').replace(/\/\.$/, '');
  return out.length > 1 ? out.replace(/\/$/, '') : out;
}

const WINDOWS_IMAGE = /(^|[/:-])(windows|nanoserver|servercore|windowsservercore|windowsserver)([/:-]|$)|mcr\.microsoft\.com\/windows/i;
const NON_POSIX_SHELL = /^(powershell|pwsh|cmd)(\.exe)?$/i;

function isRoot(user: string | null): boolean {
  if (user === null) return true;
  const name = user.split(':')[0].trim();
  return name === 'root' || name === '0';
}

export { isRoot };

/**
 * Reads a RUN's flags and where its command starts and ends. Faster than asking
 * dockerfile-ast for arguments, which re-tokenises the instruction on every call.
 */
export function scanRunFlags(
  text: string,
  from: number,
  to: number,
  escape: string,
): { flags: RunFlag[]; bodyStart: number; bodyEnd: number } {
  const flags: RunFlag[] = [];
  let i = from;
  const skipGap = (): void => {
    for (;;) {
      while (i < to && (text[i] === ' ' || text[i] === '\t')) i++;
      if (text[i] === escape) {
        let k = i + 1;
        while (k < to && (text[k] === ' ' || text[k] === '\t')) k++;
        if (text[k] === '\r' && text[k + 1] === '\n') k++;
        if (text[k] === '\n' || text[k] === '\r') {
          i = k + 1;
          // lines Docker drops inside a continued instruction
          for (;;) {
            let e = i;
            while (e < to && text[e] !== '\n') e++;
            const line = text.slice(i, e).replace(/\r$/, '');
            if (e < to && (/^[ \t]*$/.test(line) || /^[ \t]*#/.test(line))) i = e + 1;
            else break;
          }
          continue;
        }
      }
      return;
    }
  };
  for (;;) {
    skipGap();
    if (!(text.startsWith('--', i) && /[A-Za-z]/.test(text[i + 2] ?? ''))) break;
    const start = i;
    let quote: string | null = null;
    while (i < to) {
      const c = text[i];
      if (quote) {
        if (c === quote) quote = null;
      } else if (c === '"' || c === "'") quote = c;
      else if (c === ' ' || c === '\t' || c === '\n' || c === '\r') break;
      // `--mount=…\` at the end of a line: the escape continues the line, it is not the value's
      else if (c === escape && /^[ \t]*(\r?\n|$)/.test(text.slice(i + 1, Math.min(to, i + 200)))) break;
      i++;
    }
    const tok = text.slice(start + 2, i);
    const eq = tok.indexOf('=');
    flags.push({ name: eq === -1 ? tok : tok.slice(0, eq), value: eq === -1 ? null : tok.slice(eq + 1), start, end: i });
  }
  let end = to;
  for (;;) {
    const before = end;
    while (end > i && /[ \t\r\n]/.test(text[end - 1])) end--;
    if (end > i && text[end - 1] === escape) end--;
    if (end === before) break;
  }
  return { flags, bodyStart: i, bodyEnd: Math.max(end, i) };
}

/** Blanks what Docker drops from a continued instruction, so a shell parser sees the command. */
export function shellView(text: string, start: number, end: number, escape: string): string {
  const body = text.slice(start, end);
  const lines = body.split(/(?<=\n)/);
  let out = '';
  let continued = false;
  for (let idx = 0; idx < lines.length; idx++) {
    const line = lines[idx];
    const content = line.replace(/\r?\n$/, '');
    if (idx > 0 && continued && (/^[ \t]*$/.test(content) || /^[ \t]*#/.test(content))) {
      out += ' '.repeat(line.length);
      continue;
    }
    const m = new RegExp(`${escape === '`' ? '`' : '\\\\'}([ \\t]*)$`).exec(content);
    if (m && idx < lines.length - 1) {
      // move the escape after trailing blanks so the shell sees a line continuation
      const at = content.length - m[0].length;
      out += content.slice(0, at) + m[1] + '\\' + line.slice(content.length);
      continued = true;
    } else {
      out += line;
      continued = false;
    }
  }
  return out;
}

function detectStyle(text: string, escape: string): ContinuationStyle {
  const lines = text.split(/\r?\n/);
  const before = new Map<string, number>();
  const indents = new Map<string, number>();
  const esc = escape === '`' ? '`' : '\\\\';
  const endRe = new RegExp(`(\\s*)${esc}[ \\t]*$`);
  for (let i = 0; i < lines.length - 1; i++) {
    const m = endRe.exec(lines[i]);
    if (!m || /^\s*#/.test(lines[i])) continue;
    const b = m[1].includes('\t') ? '\t' : m[1].length > 0 ? ' ' : '';
    before.set(b, (before.get(b) ?? 0) + 1);
    const next = lines[i + 1];
    if (/^\s*(#|$)/.test(next)) continue;
    const ind = /^[ \t]*/.exec(next)![0];
    if (ind) indents.set(ind, (indents.get(ind) ?? 0) + 1);
  }
  const top = (m: Map<string, number>, d: string): string =>
    [...m.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? d;
  return { beforeEscape: top(before, ' '), indent: top(indents, '    ') };
}

function substituteArgs(s: string, args: Map<string, string>): string {
  return s.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}?/g, (all, name: string, def?: string) => {
    const v = args.get(name);
    if (v !== undefined && v !== '') return v;
    return def ?? all;
  });
}

/** Reads an ENV instruction's pairs, both `ENV K=V …` and `ENV K V`. */
function envPairs(ins: Instruction): Array<[string, string]> {
  const raw = (ins.getArgumentsContent() ?? '').trim();
  const out: Array<[string, string]> = [];
  if (!raw) return out;
  const first = /^([A-Za-z_][A-Za-z0-9_]*)(=|\s+)/.exec(raw);
  if (first && first[2] !== '=') {
    out.push([first[1], raw.slice(first[0].length).trim().replace(/^"(.*)"$/, '$1')]);
    return out;
  }
  const re = /([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|'[^']*'|\S*)/g;
  for (let m = re.exec(raw); m; m = re.exec(raw)) out.push([m[1], m[2].replace(/^(["'])(.*)\1$/, '$2')]);
  return out;
}

function jsonShell(text: string): string[] | null {
  const t = text.trim();
  if (!t.startsWith('[')) return null;
  try {
    const v: unknown = JSON.parse(t);
    return Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : null;
  } catch {
    return null;
  }
}

/** Joins a container path onto a directory, resolving `.` and `..`. */
export function joinContainer(dir: string, p: string): string {
  const parts = (p.startsWith('/') ? p : `${dir}/${p}`).split('/');
  const out: string[] = [];
  for (const x of parts) {
    if (x === '' || x === '.') continue;
    if (x === '..') out.pop();
    else out.push(x);
  }
  return `/${out.join('/')}`;
}

function copyMapping(ins: Instruction, stage: Stage, line: number): CopyMapping | null {
  const withFlags = ins as Instruction & { getFlags?(): Array<{ getName(): string }> };
  const fromOtherStage = (withFlags.getFlags?.() ?? []).some((f) => f.getName().toLowerCase() === 'from');
  const raw = (ins.getArgumentsContent() ?? '').trim();
  const withHeredocs = ins as Instruction & { getHeredocs?(): Array<{ getContentRange(): { start: { line: number } } | null }> };
  const heredocs = withHeredocs.getHeredocs?.() ?? [];
  // `COPY <<EOF /dest`: the heredoc's lines are the file's content, not sources
  const firstBody = Math.min(...heredocs.map((h) => h.getContentRange()?.start.line ?? Infinity));
  const json = heredocs.length ? null : jsonShell(raw);
  const rest = json ?? ins.getArguments().filter((a) => a.getRange().start.line < firstBody).map((a) => a.getValue());
  if (rest.length < 2) return null;
  const destRaw = substituteArgs(rest[rest.length - 1], stage.env);
  const fromContext = rest.slice(0, -1).filter((s) => !/^[a-z]+:\/\//i.test(s) && !s.startsWith('<<'));
  // a file written from a heredoc is not a repository file, and hides one copied there before
  const inline = rest.slice(0, -1).filter((s) => s.startsWith('<<')).map((s) => s.replace(/^<<-?\s*(["']?)(.*)\1$/, '$2'));
  const sources = fromContext.length ? fromContext : inline;
  if (!sources.length) return null;
  return {
    sources,
    dest: joinContainer(stage.workdir, destRaw),
    destIsDir: destRaw.endsWith('/') || destRaw === '.' || rest.length > 2 || hasGlob(sources.join('')),
    line,
    fromOtherStage: fromOtherStage || !fromContext.length,
  };
}

/** A heredoc marker as written on a RUN line: `<<EOF`, `<<-EOF`, `<<'EOF'`, `<<"EOF"`. */
const HEREDOC_MARKER = /<<-?\s*(["']?)[A-Za-z_][A-Za-z0-9_]*\1/g;

/** The program a heredoc marker at `at` feeds: the command of its `&&`/`;`/`|` segment. */
function heredocOwner(line: string, at: number): string {
  const ops = /&&|\|\||;|\|/g;
  let from = 0;
  let to = line.length;
  for (let m = ops.exec(line); m; m = ops.exec(line)) {
    if (m.index < at) from = m.index + m[0].length;
    else {
      to = m.index;
      break;
    }
  }
  const words = line
    .slice(from, to)
    .replace(HEREDOC_MARKER, ' ')
    .replace(/\d*[<>]+&?\s*\S+/g, ' ')
    .trim()
    .split(/\s+/)
    .filter((w) => w && !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w));
  return words[0] ?? '';
}

const SHELLS = /^(\/usr)?(\/bin\/)?(ba)?sh$|^(\/usr)?\/bin\/env (ba)?sh$|^(ba)?sh$/;

/** Builds the model of one Dockerfile. Throws only on programming errors. */
export function modelDockerfile(path: string, text: string): DockerfileModel {
  return timed('model', () => modelParsed(path, text, timed('parse', () => DockerfileParser.parse(text))));
}

function modelParsed(path: string, text: string, doc: ReturnType<typeof DockerfileParser.parse>): DockerfileModel {
  const lines = new LineTable(text);
  const escape = doc.getEscapeCharacter();
  const eol = detectEol(text);
  const off = (p: { line: number; character: number }): number => lines.offsetAt(p.line, p.character);
  const stages: Stage[] = [];
  const runs: RunInstruction[] = [];
  const ignored: Array<{ line: number; reason: string }> = [];
  const globalArgs = new Map<string, string>();
  for (const a of doc.getInitialARGs()) {
    const p = a.getProperty();
    if (p && p.getName()) globalArgs.set(p.getName(), p.getValue() ?? '');
  }

  let stage: Stage | null = null;
  let user: string | null = null;
  let shellIsPosix = true;
  const stageUser = new Map<Stage, string | null>();
  const stageShell = new Map<Stage, boolean>();

  const keywords: string[] = [];
  for (const ins of doc.getInstructions()) {
    const keyword = ins.getKeyword();
    keywords.push(keyword);
    const range = ins.getRange();
    const line = range.start.line + 1;
    if (keyword === 'FROM') {
      const args = ins.getArguments().map((a) => a.getValue());
      const withFlags = ins as Instruction & { getFlags?(): Array<{ getName(): string; getValue(): string | null }> };
      const flags = [
        ...args.filter((a) => a.startsWith('--')),
        ...(withFlags.getFlags?.() ?? []).map((f) => `--${f.getName()}=${f.getValue() ?? ''}`),
      ];
      const rest = args.filter((a) => !a.startsWith('--'));
      const image = substituteArgs(rest[0] ?? '', globalArgs);
      const name = rest.length >= 3 && rest[1].toLowerCase() === 'as' ? rest[2] : null;
      const baseStage = stages.find((s) => s.name !== null && s.name.toLowerCase() === image.toLowerCase()) ?? null;
      const windows =
        WINDOWS_IMAGE.test(image) || flags.some((f) => /--platform=windows/i.test(f)) || (baseStage?.skip ?? null) !== null;
      user = baseStage ? stageUser.get(baseStage) ?? null : null;
      stage = {
        index: stages.length,
        name,
        image,
        baseStage,
        line,
        fromStart: off(range.start),
        fromEnd: off(range.end),
        end: text.length,
        initialUser: user,
        skip: windows ? 'the stage is built on a Windows image, where cache mounts are not supported' : null,
        runs: [],
        env: new Map(baseStage?.env ?? []),
        copies: [...(baseStage?.copies ?? [])],
        workdir: baseStage?.workdir ?? '/',
      };
      if (stages.length) stages[stages.length - 1].end = off(range.start);
      stages.push(stage);
      shellIsPosix = baseStage ? stageShell.get(baseStage) ?? true : true;
      stageUser.set(stage, user);
      stageShell.set(stage, shellIsPosix);
      continue;
    }
    if (!stage) continue;
    if (keyword === 'USER') {
      user = substituteArgs((ins.getArgumentsContent() ?? '').trim(), globalArgs) || null;
      stageUser.set(stage, user);
      continue;
    }
    if (keyword === 'SHELL') {
      const argv = jsonShell(ins.getArgumentsContent() ?? '');
      shellIsPosix = !argv || !NON_POSIX_SHELL.test((argv[0] ?? '').replace(/^.*[\\/]/, ''));
      stageShell.set(stage, shellIsPosix);
      if (!shellIsPosix && !stage.skip) stage.skip = 'the stage uses a PowerShell or cmd SHELL (Windows)';
      continue;
    }
    if (keyword === 'ENV') {
      for (const [k, v] of envPairs(ins)) stage.env.set(k, substituteArgs(v, stage.env));
      continue;
    }
    if (keyword === 'WORKDIR') {
      const w = substituteArgs((ins.getArgumentsContent() ?? '').trim(), stage.env);
      if (w) stage.workdir = joinContainer(stage.workdir, w);
      continue;
    }
    if (keyword === 'COPY' || keyword === 'ADD') {
      const m = copyMapping(ins, stage, line);
      if (m) stage.copies.push(m);
      continue;
    }
    if (keyword === 'ONBUILD') {
      if (/^\s*run\b/i.test(ins.getArgumentsContent() ?? '')) {
        ignored.push({ line, reason: 'ONBUILD RUN runs in a later build of another Dockerfile; it is left alone' });
      }
      continue;
    }
    if (keyword !== 'RUN') continue;

    const run = ins as Instruction & { getFlags(): Array<{ getName(): string; getValue(): string | null; getRange(): { start: { line: number; character: number }; end: { line: number; character: number } } }>; getHeredocs(): Array<{ getName(): string; getContentRange(): { start: { line: number; character: number }; end: { line: number; character: number } } | null; getStartRange(): { start: { line: number; character: number }; end: { line: number; character: number } } }> };
    const scan = scanRunFlags(text, off(ins.getInstructionRange().end), off(range.end), escape);
    const flags = scan.flags;
    const mounts = flags.filter((f) => f.name === 'mount' && f.value !== null).map((f) => parseMount(f.value!));
    const bodyStart = scan.bodyStart;
    const bodyEnd = scan.bodyEnd;
    const heredocs = /<<-?\s*["']?[A-Za-z_]/.test(text.slice(bodyStart, bodyEnd)) ? run.getHeredocs() : [];
    const bodyText = text.slice(bodyStart, bodyEnd);
    // JSON may be continued over lines like any instruction: read it as Docker joins it
    const joined = shellView(text, bodyStart, bodyEnd, escape).replace(/\\[ \t]*\r?\n/g, '');
    const argvOfExec = heredocs.length ? null : jsonShell(joined);
    const form: RunForm = heredocs.length ? 'heredoc' : argvOfExec ? 'exec' : 'shell';
    const r: RunInstruction = {
      line,
      start: off(range.start),
      end: off(range.end),
      flags,
      mounts,
      form,
      bodyStart,
      bodyEnd,
      shells: [],
      stage,
      user,
      env: new Map(stage.env),
      workdir: stage.workdir,
      copies: [...stage.copies],
      skip: null,
      ignore: null,
    };
    if (stage.skip) r.skip = stage.skip;

    if (form === 'shell') {
      r.shells.push({
        source: { view: shellView(text, bodyStart, bodyEnd, escape), original: bodyText, base: bodyStart, kind: 'run', eol, escape, trailingBlanks: /^[ \t]*(?=\r|\n|$)/.exec(text.slice(bodyEnd))?.[0].length ?? 0, ownLine: /[\r\n][ \t]*$/.test(text.slice(off(range.start), bodyStart)), indentBefore: flags.length ? /[ \t]*$/.exec(text.slice(off(range.start), bodyStart))![0].length : 0 },
        editable: true,
      });
    } else if (form === 'exec') {
      const argv = argvOfExec!;
      // Exec form is read for what it runs (mounts are flags, so they can still be added),
      // but never edited: its offsets do not map onto JSON escapes.
      let cmd: string;
      if (argv.length >= 3 && SHELLS.test(argv[0]) && /^-[a-z]*c$/.test(argv[1])) cmd = argv[2];
      else cmd = argv.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
      r.shells.push({ source: { view: cmd, original: cmd, base: bodyStart, kind: 'run', eol }, editable: false });
    } else {
      // Heredoc. The RUN line is shell: its markers become same-length input redirections
      // (`<<EOF` -> `< EOF`) so the parser reads the commands around them, and the markers
      // are protected from edits. A heredoc fed to a shell, or run as the script itself
      // (`RUN <<EOF` alone), is shell too; any other heredoc is data and never edited.
      const nl = text.indexOf('\n', bodyStart);
      const firstLineEnd = nl === -1 || nl > bodyEnd ? bodyEnd : nl;
      const lineText = text.slice(bodyStart, firstLineEnd).replace(/\r$/, '');
      const protect: Array<[number, number]> = [];
      const owners: string[] = [];
      const view = lineText.replace(/<<(-?)(\s*)(["']?)([A-Za-z_][A-Za-z0-9_]*)\3/g, (m: string, dash: string, sp: string, q: string, name: string, at: number) => {
        protect.push([at, at + m.length]);
        owners.push(heredocOwner(lineText, at));
        return `< ${dash ? ' ' : ''}${sp}${q}${name}${q}`;
      });
      r.shells.push({ source: { view, original: lineText, base: bodyStart, kind: 'run', eol, protect }, editable: true });
      const onlyScript = owners.length === 1 && lineText.replace(HEREDOC_MARKER, '').trim() === '';
      heredocs.forEach((h, k) => {
        const owner = owners[k] ?? '';
        if (!(onlyScript || /^((\/usr)?\/bin\/)?(ba|da)?sh$/.test(owner))) return;
        const cr = h.getContentRange();
        if (!cr) return;
        const s = off(cr.start);
        const e = off(cr.end);
        const content = text.slice(s, e);
        const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(content);
        const interp = shebang ? (shebang[1].endsWith('/env') ? shebang[2] ?? '' : shebang[1]) : 'sh';
        if (/(^|\/)(ba|da)?sh$/.test(interp)) {
          r.shells.push({ source: { view: content, original: content, base: s, kind: 'script', eol }, editable: true });
        }
      });
    }
    stage.runs.push(r);
    runs.push(r);
  }
  return { path, text, eol, escape, stages, runs, ignored, style: detectStyle(text, escape), keywords };
}
