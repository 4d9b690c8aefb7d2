import { structuredPatch } from 'diff';
import type { FileResult, RootResult } from './engine';

/** A unified diff of one file with a/ and b/ paths, as `git apply` reads it. */
export function fileDiff(file: FileResult, prefix = ''): string {
  if (file.status !== 'changed' || file.before === undefined || file.after === undefined) return '';
  const p = prefix ? `${prefix.split(/[\\/]/).join('/')}/${file.path}` : file.path;
  const patch = structuredPatch(`a/${p}`, `b/${p}`, file.before, file.after, '', '', { context: 3 });
  let out = `diff --git a/${p} b/${p}\n--- a/${p}\n+++ b/${p}\n`;
  for (const h of patch.hunks) {
    const range = (start: number, len: number): string => (len === 1 ? `${start}` : `${len === 0 ? start : start},${len}`);
    out += `@@ -${range(h.oldStart, h.oldLines)} +${range(h.newStart, h.newLines)} @@\n`;
    for (const l of h.lines) out += l.endsWith('\n') ? l : `${l}\n`;
  }
  return out;
}

/** The diff of every changed file of a root; `prefix` goes before each path. */
export function rootDiff(result: RootResult, prefix = ''): string {
  return result.files.map((f) => fileDiff(f, prefix)).join('');
}

export interface JsonReport {
  version: 1;
  roots: Array<{
    root: string;
    files: Array<{
      path: string;
      kind: string;
      status: string;
      reason?: string;
      edits: FileResult['edits'];
      notes: FileResult['notes'];
      runs?: FileResult['runs'];
      executedBy?: FileResult['executedBy'];
    }>;
  }>;
  summary: Record<'changed' | 'unchanged' | 'skipped' | 'failed', number>;
}

export function summarise(results: RootResult[]): JsonReport['summary'] {
  const s = { changed: 0, unchanged: 0, skipped: 0, failed: 0 };
  for (const r of results) for (const f of r.files) s[f.status]++;
  return s;
}

export function jsonReport(results: RootResult[]): JsonReport {
  return {
    version: 1,
    roots: results.map((r) => ({
      root: r.root,
      files: r.files.map((f) => ({
        path: f.path,
        kind: f.kind,
        status: f.status,
        ...(f.reason ? { reason: f.reason } : {}),
        // the report's edit fields as they always were (the replacement text is for SARIF)
        edits: f.edits.map(({ fix: _fix, ...e }) => e),
        notes: f.notes,
        ...(f.runs ? { runs: f.runs } : {}),
        ...(f.executedBy ? { executedBy: f.executedBy } : {}),
      })),
    })),
    summary: summarise(results),
  };
}
