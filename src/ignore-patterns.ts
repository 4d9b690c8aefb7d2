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
  const compiled = rules.map((r) => ({ base: r.base, from: r.from, ig: ignore().add([...r.patterns]) }));
  return (rel: string): string | null => {
    const abs = path.join(root, rel);
    for (const r of compiled) {
      const sub = path.relative(r.base, abs);
      if (!sub || sub.startsWith('..') || path.isAbsolute(sub)) continue;
      if (r.ig.ignores(sub.split(path.sep).join('/'))) return `matches an ignore pattern of ${r.from}`;
    }
    return null;
  };
}
