import * as path from 'node:path';
import ignore from 'ignore';
import type { IgnoreRule } from './engine';

/**
 * A matcher over paths relative to a root: which rule (by where it comes from) ignores a
 * file, or null. Patterns are gitignore-style, relative to their rule's base folder; a
 * file outside that folder is not matched by the rule.
 */
export function ignoreMatcher(root: string, rules: readonly IgnoreRule[]): (rel: string) => string | null {
  if (!rules.length) return () => null;
  const compiled = rules.map((r) => ({ base: r.base, reason: r.reason ?? `matches an ignore pattern of ${r.from}`, ig: ignore().add([...r.patterns]) }));
  return (rel: string): string | null => {
    const abs = path.join(root, rel);
    for (const r of compiled) {
      const sub = path.relative(r.base, abs);
      if (!sub || sub.startsWith('..') || path.isAbsolute(sub)) continue;
      if (r.ig.ignores(sub.split(path.sep).join('/'))) return r.reason;
    }
    return null;
  };
}

/** A gitignore-style pattern that matches exactly the file at `rel` (a path relative to the rule's base, with `/`). */
export function literalPattern(rel: string): string {
  return `/${rel.replace(/[\\*?[\]!#]/g, (c) => `\\${c}`).replace(/ +$/, (spaces) => spaces.replace(/ /g, '\\ '))}`;
}
