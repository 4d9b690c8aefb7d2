import * as fs from 'node:fs';
import * as path from 'node:path';
import { DockerfileModel, joinContainer, RunInstruction } from './dockerfile/model';
import { executedCommands, ExecutedUnit, makeUnit, Project, ShellUnit } from './project';
import type { ReadResult } from './read';
import { copySegmentMatches, hasGlob } from './glob';
import type { ShellCommand, ShellWord } from './shell/commands';

export interface ScriptNote {
  file: string;
  offset: number;
  message: string;
}

/** Where a container path comes from in the repository (null: from another stage). */
interface PathMapping {
  container: string;
  repo: string | null;
  isDir: boolean;
  /**
   * For a folder: other folders it may be, first choice first. The build context of
   * `docker/Dockerfile` may be `docker/` or the repository root, so `COPY . /src` maps
   * `/src/x.sh` to whichever of them holds `x.sh`.
   */
  alts?: string[];
}

const PATH_DIRS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/**
 * Repository paths a COPY source with wildcards matches, segment by segment as Docker
 * matches them (Go's filepath.Match), resolved against the first context folder (the
 * Dockerfile's, then its ancestors) that holds the part before the first wildcard.
 */
function globSources(root: string, dockerfile: string, source: string): string[] {
  const segments = source.replace(/^\.\/+/, '').split('/').filter((x) => x !== '' && x !== '.');
  const fixed = segments.findIndex((x) => hasGlob(x));
  if (fixed === -1) return [];
  const dir = resolveContextSource(root, dockerfile, segments.slice(0, fixed).join('/') || '.');
  if (dir === null) return [];
  let found = [dir];
  for (const seg of segments.slice(fixed)) {
    const next: string[] = [];
    for (const d of found) {
      let names: string[];
      try {
        names = fs.readdirSync(path.join(root, d || '.')).sort();
      } catch {
        continue;
      }
      for (const n of names) if (hasGlob(seg) ? copySegmentMatches(seg, n) : seg === n) next.push(d ? `${d}/${n}` : n);
    }
    found = next;
  }
  return found;
}

const SHELL_NAMES = new Set(['bash', 'sh', 'dash', 'ash', 'ksh', 'zsh']);
const SHELL_OPTS_WITH_VALUE = new Set(['-o', '+o', '-O', '+O', '--rcfile', '--init-file']);

/** Repo-relative `/` path, or null when it escapes the root. */
function inRoot(rel: string): string | null {
  const n = path.posix.normalize(rel);
  if (n === '..' || n.startsWith('../') || path.posix.isAbsolute(n)) return null;
  return n === '.' ? '' : n;
}

/** What the path is, following links (reading through them is checked separately). */
/**
 * stat results while followScripts runs (it is synchronous, so nothing else sees them):
 * COPY sources are looked up in every folder above each Dockerfile, the same misses again
 * and again across a tree's Dockerfiles.
 */
let statCache: Map<string, fs.Stats | null> | null = null;

function existsIn(root: string, rel: string): fs.Stats | null {
  const abs = path.join(root, rel);
  const known = statCache?.get(abs);
  if (known !== undefined) return known;
  let st: fs.Stats | null;
  try {
    st = fs.statSync(abs);
  } catch {
    st = null;
  }
  statCache?.set(abs, st);
  return st;
}

/**
 * Resolves a build-context source: against the Dockerfile's folder, then each ancestor up
 * to the root, the first where it exists.
 */
function resolveContextSource(root: string, dockerfile: string, source: string): string | null {
  return contextCandidates(root, dockerfile, source)[0] ?? null;
}

/** Every place a build-context source may be, nearest to the Dockerfile first. */
function contextCandidates(root: string, dockerfile: string, source: string): string[] {
  const out: string[] = [];
  let dir = path.posix.dirname(dockerfile);
  for (;;) {
    const rel = inRoot(path.posix.join(dir === '.' ? '' : dir, source.replace(/^\.\/+/, '')));
    if (rel !== null && !out.includes(rel) && existsIn(root, rel || '.')) out.push(rel);
    if (dir === '.' || dir === '') return out;
    dir = path.posix.dirname(dir);
  }
}

function mappingsFor(root: string, df: DockerfileModel, run: RunInstruction): PathMapping[] {
  const out: PathMapping[] = [];
  for (const c of run.copies) {
    if (c.fromOtherStage) {
      // shadows whatever the repo put there before
      for (const src of c.sources) {
        const container = c.destIsDir ? joinContainer(c.dest, path.posix.basename(src)) : c.dest;
        out.push({ container, repo: null, isDir: false });
        if (c.destIsDir && src.endsWith('/')) out.push({ container: c.dest, repo: null, isDir: true });
      }
      continue;
    }
    for (const src of c.sources) {
      const candidates = hasGlob(src) ? [] : contextCandidates(root, df.path, src);
      const repos = hasGlob(src) ? globSources(root, df.path, src) : candidates.slice(0, 1);
      for (const repo of repos) {
        const st = existsIn(root, repo || '.');
        if (!st) continue;
        if (st.isDirectory()) out.push({ container: c.dest, repo, isDir: true, alts: candidates.slice(1).filter((x) => existsIn(root, x || '.')?.isDirectory()) });
        else out.push({ container: c.destIsDir ? joinContainer(c.dest, path.posix.basename(repo)) : c.dest, repo, isDir: false });
      }
    }
  }
  // Bind mounts of the RUN itself win over what was copied.
  for (const m of run.mounts) {
    if (m.type !== 'bind' || !m.target || m.options.has('from')) continue;
    const src = m.options.get('source') ?? m.options.get('src') ?? '.';
    const repo = resolveContextSource(root, df.path, src);
    if (repo === null) continue;
    const st = existsIn(root, repo || '.');
    if (!st) continue;
    out.push({ container: joinContainer(run.workdir, m.target), repo, isDir: st.isDirectory() });
  }
  return out;
}

function mapContainerPath(p: string, mappings: readonly PathMapping[], root: string): string | null {
  for (let i = mappings.length - 1; i >= 0; i--) {
    const m = mappings[i];
    if (m.isDir) {
      if (p === m.container) return m.repo;
      const prefix = m.container === '/' ? '/' : `${m.container}/`;
      if (!p.startsWith(prefix)) continue;
      if (m.repo === null) return null;
      const rest = p.slice(prefix.length);
      const first = inRoot(path.posix.join(m.repo || '.', rest));
      for (const alt of first !== null && existsIn(root, first) ? [] : m.alts ?? []) {
        const rel = inRoot(path.posix.join(alt || '.', rest));
        if (rel !== null && existsIn(root, rel)) return rel;
      }
      return first;
    } else if (p === m.container) return m.repo;
  }
  return null;
}

/** How a command runs another script, if it does: the path word and the way. */
function scriptInvocation(cmd: ShellCommand): { word: ShellWord; how: 'run' | 'source' | 'path' | 'inline' } | null {
  if (cmd.name === 'source' || cmd.name === '.') return cmd.args[0] ? { word: cmd.args[0], how: 'source' } : null;
  if (SHELL_NAMES.has(cmd.name)) {
    for (let i = 0; i < cmd.args.length; i++) {
      const v = cmd.args[i].value;
      if (v === '-c' || /^-[a-z]*c$/.test(v)) return cmd.args[i + 1] && cmd.args[i + 1].literal ? { word: cmd.args[i + 1], how: 'inline' } : null;
      if (v === '--') return cmd.args[i + 1] ? { word: cmd.args[i + 1], how: 'run' } : null;
      if (/^[-+]/.test(v) && v.length > 1) {
        if (SHELL_OPTS_WITH_VALUE.has(v)) i++;
        continue;
      }
      return { word: cmd.args[i], how: 'run' };
    }
    return null;
  }
  if (cmd.nameWord.value.includes('/')) return { word: cmd.nameWord, how: 'run' };
  if (cmd.nameWord.literal && /^[A-Za-z0-9_.+-]+$/.test(cmd.nameWord.value)) return { word: cmd.nameWord, how: 'path' };
  return null;
}

/** Variables a script sets to its own directory (`SCRIPT_DIR=$(dirname "${BASH_SOURCE[0]}")` and kin). */
function scriptDirVariables(unit: ShellUnit): Set<string> {
  const out = new Set<string>();
  const re = /(?:^|[\s;&|(])(?:export\s+|local\s+|readonly\s+|declare\s+(?:-\w+\s+)*)?([A-Za-z_][A-Za-z0-9_]*)=(["']?)(\$\((?:[^\n]*?)dirname[^\n]*?(?:BASH_SOURCE|\$0|\$\{0\})[^\n]*)$/gm;
  for (let m = re.exec(unit.source.view); m; m = re.exec(unit.source.view)) out.add(m[1]);
  return out;
}

/**
 * Turns a script path as written into a container or repo location:
 * `{ repo }` for the sibling idioms (relative to the calling script's own file),
 * `{ container }` for a path in the container.
 */
function locate(
  word: ShellWord,
  env: ReadonlyMap<string, string>,
  cwd: string,
  self: { repo: string; dirVars: Set<string> } | null,
): { repo: string } | { container: string } | null {
  let v = word.value;
  if (self) {
    const sib = /^(.*)\)\/+(.+)$/.exec(v);
    if (sib && /dirname/.test(sib[1]) && /BASH_SOURCE|\$0|\$\{0\}/.test(sib[1]) && !/[$`]/.test(sib[2])) {
      const rel = inRoot(path.posix.join(path.posix.dirname(self.repo), sib[2]));
      return rel === null ? null : { repo: rel };
    }
    const dv = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?\/+(.+)$/.exec(v);
    if (dv && self.dirVars.has(dv[1]) && !/[$`]/.test(dv[2])) {
      const rel = inRoot(path.posix.join(path.posix.dirname(self.repo), dv[2]));
      return rel === null ? null : { repo: rel };
    }
  }
  v = v.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (all, a?: string, b?: string) => env.get((a ?? b)!) ?? all);
  if (/[$`*?[]/.test(v) || v === '') return null;
  return { container: joinContainer(cwd, v) };
}

function isShellScript(text: string, rel: string): boolean {
  const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(text);
  if (shebang) {
    const interp = shebang[1].endsWith('/env') ? shebang[2] ?? '' : shebang[1];
    return /(^|\/)(ba|da|k)?sh$/.test(interp);
  }
  return /\.(sh|bash)$/.test(rel) || !/\.[a-z0-9]+$/i.test(path.posix.basename(rel));
}

/**
 * Follows every RUN into the scripts it executes (COPY/ADD, bind mounts, WORKDIR,
 * `bash x.sh`, `./x.sh`, `source`, sibling idioms), transitively and without looping,
 * adding each script to the project and to the RUN's executed units.
 */
export function followScripts(project: Project, root: string, read: (rel: string) => ReadResult): ScriptNote[] {
  statCache = new Map();
  try {
    return followAll(project, root, read);
  } finally {
    statCache = null;
  }
}

function followAll(project: Project, root: string, read: (rel: string) => ReadResult): ScriptNote[] {
  const notes: ScriptNote[] = [];
  const failed = new Set<string>();
  const load = (rel: string, from: ShellUnit, at: number): ShellUnit | null => {
    const known = project.scripts.get(rel);
    if (known) return known.unit;
    if (failed.has(rel)) return null;
    const r = read(rel);
    if (!r.ok) {
      failed.add(rel);
      notes.push({ file: from.file, offset: from.source.base + at, message: `script ${rel} not followed: ${r.reason}` });
      return null;
    }
    if (!isShellScript(r.text, rel)) {
      failed.add(rel);
      notes.push({ file: from.file, offset: from.source.base + at, message: `script ${rel} not followed: not a POSIX/bash shell script` });
      return null;
    }
    const unit = makeUnit(rel, { view: r.text, original: r.text, base: 0, kind: 'script', eol: r.text.includes('\r\n') ? '\r\n' : '\n' }, true);
    project.scripts.set(rel, { path: rel, text: r.text, unit });
    return unit;
  };

  for (const df of project.dockerfiles) {
    for (const run of df.runs) {
      const executed = project.executes.get(run) ?? [];
      const mappings = mappingsFor(root, df, run);
      const seen = new Set<number>(executed.map((e) => e.unit.id));
      const queue: Array<{ eu: ExecutedUnit; self: { repo: string; dirVars: Set<string> } | null }> = executed.map((eu) => ({ eu, self: null }));
      while (queue.length) {
        const { eu, self } = queue.shift()!;
        for (const cmd of eu.commands) {
          const inv = scriptInvocation(cmd);
          if (!inv) continue;
          if (inv.how === 'inline') {
            // `sh -c '…'`: read what it runs (not edited: quotes sit between it and the file)
            const text = inv.word.value;
            const unit = makeUnit(eu.unit.file, { view: text, original: text, base: eu.unit.source.base + inv.word.start, kind: 'run', eol: '\n' }, false);
            const next: ExecutedUnit = { unit, commands: executedCommands(unit), via: eu.via };
            executed.push(next);
            queue.push({ eu: next, self });
            continue;
          }
          let rel: string | null = null;
          if (inv.how === 'path') {
            // a bare name runs from PATH: only a file copied into a PATH folder counts
            for (const dir of PATH_DIRS) {
              rel = mapContainerPath(`${dir}/${inv.word.value}`, mappings, root);
              if (rel) break;
            }
          } else {
            const loc = locate(inv.word, run.env, run.workdir, self);
            if (!loc) continue;
            rel = 'repo' in loc ? loc.repo : mapContainerPath(loc.container, mappings, root);
          }
          if (rel === null || rel === '') continue;
          const st = existsIn(root, rel);
          if (!st || st.isDirectory()) continue;
          const unit = load(rel, eu.unit, cmd.start);
          if (!unit || seen.has(unit.id)) continue;
          seen.add(unit.id);
          // A sourced script's functions may be called by the script that sources it.
          const callers = new Set(eu.commands.map((c) => c.name));
          const commands = executedCommands(unit, inv.how === 'source' ? callers : new Set());
          const via = [...eu.via, `${eu.unit.file}:${lineOf(project, eu.unit, cmd.start)}`];
          const next: ExecutedUnit = { unit, commands, via };
          executed.push(next);
          queue.push({ eu: next, self: { repo: rel, dirVars: scriptDirVariables(unit) } });
        }
      }
      project.executes.set(run, executed);
    }
  }
  return notes;
}

function lineOf(project: Project, unit: ShellUnit, offset: number): number {
  const text = project.dockerfiles.find((d) => d.path === unit.file)?.text ?? unit.source.original;
  return text.slice(0, unit.source.base + offset).split('\n').length;
}
