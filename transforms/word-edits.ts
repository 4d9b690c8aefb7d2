import type { Edit } from '../src/edit';
import type { ShellUnit } from '../src/project';
import type { ShellWord } from '../src/shell/commands';
import type { TransformNote } from './types';
import { ignoredAt } from '../src/ignores';

/** Why a unit's text cannot take a word edit at [start, end), or null when it can. */
function refusal(transform: string, unit: ShellUnit, start: number, end: number): string | null {
  if (!unit.editable) return 'exec-form and heredoc-line RUNs are not edited';
  if (ignoredAt(unit.ignores, start, end, transform)) return 'an ignore comment or setting leaves it alone';
  if (unit.errors.some(([a, b]) => start < b && a < Math.max(end, start + 1))) return 'the shell around it could not be parsed';
  return null;
}

/** An edit that replaces one word of a unit, or a note saying why it cannot. */
export function replaceWord(transform: string, unit: ShellUnit, word: ShellWord, text: string, reason: string): { edit?: Edit; note?: TransformNote } {
  const why = refusal(transform, unit, word.start, word.end);
  if (why) return { note: { file: unit.file, offset: unit.source.base + word.start, message: `kept \`${word.raw}\`: ${why}` } };
  return { edit: { file: unit.file, start: unit.source.base + word.start, end: unit.source.base + word.end, text, transform, reason } };
}

/**
 * An edit that adds text right after a word (` --opt`) or right before it (`VAR=x `), or
 * a note saying why it cannot. The edit rewrites the word itself, so that a line
 * inserted at the start of the same line (a comment) stays before it.
 */
export function insertAtWord(transform: string, unit: ShellUnit, word: ShellWord, before: string[], after: string[], reason: string): { edit?: Edit; note?: TransformNote } {
  const text = [...before, word.raw, ...after].join(' ');
  const why = refusal(transform, unit, word.start, word.end);
  if (why) return { note: { file: unit.file, offset: unit.source.base + word.start, message: `did not add \`${[...before, ...after].join(' ')}\`: ${why}` } };
  const base = unit.source.base;
  return { edit: { file: unit.file, start: base + word.start, end: base + word.end, text, transform, reason } };
}
