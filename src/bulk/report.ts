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
  /**
   * Files the engine would change that git does not hold at the base (excluded, or in a
   * submodule): left alone, and the run made again without edits to them.
   */
  untracked?: string[];
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

/** The report as JSON text; `entryText` gives each repository's entry (indented for its place). */
function reportText(report: BulkReport, entryText: (e: RepoEntry) => string): string {
  const { repos, ...rest } = report;
  const meta = JSON.stringify(rest, null, 2);
  const list = repos.length ? `[\n    ${repos.map(entryText).join(',\n    ')}\n  ]` : '[]';
  // meta ends with "\n}": the list goes in before that brace
  return `${meta.slice(0, -2)},\n  "repos": ${list}\n}\n`;
}

const indented = (e: RepoEntry): string => JSON.stringify(e, null, 2).replace(/\n/g, '\n    ');

/** Writes the report atomically (temp file + rename): a crash leaves the last complete report. */
function writeReport(file: string, report: BulkReport, entryText: (e: RepoEntry) => string): void {
  const tmp = path.join(path.dirname(path.resolve(file)), `.${path.basename(file)}.${process.pid}.tmp`);
  fs.writeFileSync(tmp, reportText(report, entryText));
  fs.renameSync(tmp, file);
}

/**
 * Keeps a report file current while a run goes on, at a cost that does not grow with the
 * fleet: each entry is turned into JSON once, and the file is rewritten at most every
 * `everyMs` (a later change is written when that time is up; `flush` writes at once).
 * A crash loses at most that much of the run, which `--resume` redoes (branches made are
 * recognised).
 */
export class ReportFile {
  private readonly texts = new WeakMap<RepoEntry, string>();
  private lastWrite = 0;
  private timer: NodeJS.Timeout | null = null;
  private latest: BulkReport | null = null;

  constructor(
    private readonly file: string,
    private readonly everyMs = 250,
  ) {}

  /** The report changed: written now, or within `everyMs`. */
  update(report: BulkReport): void {
    this.latest = report;
    if (this.timer) return;
    const wait = this.lastWrite + this.everyMs - Date.now();
    if (wait <= 0) this.write();
    else this.timer = setTimeout(() => this.write(), wait);
  }

  /** Writes the latest report now. */
  flush(report: BulkReport): void {
    this.latest = report;
    this.write();
  }

  private write(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.latest) return;
    writeReport(this.file, this.latest, (e) => {
      let t = this.texts.get(e);
      if (t === undefined) this.texts.set(e, (t = indented(e)));
      return t;
    });
    this.lastWrite = Date.now();
  }
}
