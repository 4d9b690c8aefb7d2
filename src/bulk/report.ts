import * as fs from 'node:fs';
import * as path from 'node:path';

export type RepoStatus = 'changed' | 'unchanged' | 'failed' | 'skipped';

/** What a bulk run did with one repository. */
export interface RepoEntry {
  /** The repository as given (a path or a URL). */
  repo: string;
  status: RepoStatus;
  /** For `skipped`, and for `failed` (with `error`): why. */
  reason?: string;
  error?: string;
  /** The local clone or checkout the run used. */
  path?: string;
  branch?: string;
  /** The base commit the change was made on, and the commit on `branch`. */
  base?: string;
  commit?: string;
  /** The branch was already there with this change (an earlier run made it). */
  existing?: boolean;
  /** The remote the branch was pushed to. */
  pushed?: string;
  /** Changed files, relative to the repository. */
  files?: string[];
  /** Files that could not be processed (left untouched), with the reason. */
  fileErrors?: Array<{ path: string; reason: string }>;
  /** Pull request text. */
  title?: string;
  body?: string;
  /** Edits by transform, for the summary. */
  edits?: Record<string, number>;
  ms: number;
}

export interface BulkReport {
  version: 1;
  tool: string;
  startedAt: string;
  finishedAt?: string;
  /** The run was stopped (Ctrl-C) before every repository was done. */
  interrupted?: boolean;
  shard?: string;
  repos: RepoEntry[];
  summary: Record<RepoStatus, number>;
}

export function summarise(entries: readonly RepoEntry[]): Record<RepoStatus, number> {
  const s: Record<RepoStatus, number> = { changed: 0, unchanged: 0, failed: 0, skipped: 0 };
  for (const e of entries) s[e.status]++;
  return s;
}

/** Reads a report written by an earlier run, or why it cannot be used. */
export function readReport(file: string): BulkReport | string {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    return `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`;
  }
  try {
    const r = JSON.parse(text) as BulkReport;
    if (!r || !Array.isArray(r.repos)) return `${file} is not a cachemount bulk report`;
    return r;
  } catch (e) {
    return `${file} is not valid JSON: ${(e as Error).message}`;
  }
}

/** Writes the report atomically (temp file + rename): a crash leaves the last complete report. */
export function writeReport(file: string, report: BulkReport): void {
  const tmp = path.join(path.dirname(path.resolve(file)), `.${path.basename(file)}.${process.pid}.tmp`);
  fs.writeFileSync(tmp, `${JSON.stringify({ ...report, summary: summarise(report.repos) }, null, 2)}\n`);
  fs.renameSync(tmp, file);
}
