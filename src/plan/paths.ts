import { normalisePath } from '../dockerfile/model';
import { hasGlob, shellSegmentMatches } from '../glob';
import type { ShellCommand, ShellWord } from '../shell/commands';

export function isUnder(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir.endsWith('/') ? dir : `${dir}/`);
}

/**
 * Resolves an rm operand to an absolute path pattern, or null when it is not known
 * statically: `~` and `$HOME` are the RUN's home, other variables come from ENV.
 */
export function resolvePath(word: ShellWord, home: string | null, env: ReadonlyMap<string, string> = new Map()): string | null {
  let v = word.value;
  if (home === null && /^(~(\/|$)|\$\{?HOME\b)/.test(v)) return null;
  if (home === null) home = '';
  v = v.replace(/^~(?=\/|$)/, home).replace(/^\$\{HOME\}|^\$HOME(?![A-Za-z0-9_])/, home);
  v = v.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (all, a?: string, b?: string) => env.get((a ?? b)!) ?? all);
  if (/[$`]/.test(v) || !v.startsWith('/')) return null;
  return normalisePath(v);
}

/**
 * A cache location as written in ENV or an option (`~/.cache/x`, `$HOME/.npm`,
 * `${GOPATH}/pkg/mod`), with `~` and variables from `env` expanded; null when it stays
 * relative or names a variable that is not known.
 */
export function expandPath(value: string, home: string, env: ReadonlyMap<string, string>): string | null {
  // most paths are plain: no home, no variables
  if (value.startsWith('/') && !value.includes('$') && !value.includes('`')) return normalisePath(value);
  let unknown = false;
  let v = value.replace(/^~(?=\/|$)/, home);
  v = v.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_all, a?: string, b?: string) => {
    const name = (a ?? b)!;
    const val = name === 'HOME' ? env.get('HOME') ?? home : env.get(name);
    if (val === undefined) unknown = true;
    return val ?? '';
  });
  if (unknown || /[$`]/.test(v) || !v.startsWith('/')) return null;
  return normalisePath(v);
}

function componentMatches(pattern: string, name: string): boolean {
  return hasGlob(pattern) ? shellSegmentMatches(pattern, name) : pattern === name;
}

/** True when the rm pattern would delete `dir` itself or one of its parents. */
export function deletesDirOrParent(pattern: string, dir: string): boolean {
  const p = pattern.split('/').filter(Boolean);
  const d = dir.split('/').filter(Boolean);
  if (p.length > d.length) return false;
  return p.every((c, k) => componentMatches(c, d[k]));
}

/** The operands of an `rm` command, or null when the command is not rm. */
export function rmOperands(cmd: ShellCommand): ShellWord[] | null {
  if (cmd.name !== 'rm') return null;
  const out: ShellWord[] = [];
  let opts = true;
  for (const a of cmd.args) {
    if (opts && a.value === '--') {
      opts = false;
      continue;
    }
    if (opts && a.value.startsWith('-') && a.value.length > 1) continue;
    out.push(a);
  }
  return out;
}
