/**
 * Reports for the places teams already look: SARIF 2.1.0 for code scanning, GitHub
 * Actions workflow commands for annotations. Both describe the same edits the diff shows.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FileResult, ReportEdit, RootResult } from './engine';
import { LineTable } from './text';
import { TRANSFORMS } from '../transforms';

export interface PackageInfo {
  version: string;
  /** The project's web page. */
  homepage: string;
  /** The transforms' documentation (anchors are the transform ids). */
  docsUrl: string;
}

let info: PackageInfo | null = null;

/** The package's name, version and where its docs are, from package.json (read once). */
export function packageInfo(): PackageInfo {
  if (info) return info;
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string; homepage: string; repository?: { url?: string } };
  const home = pkg.homepage.replace(/#.*$/, '');
  info = { version: pkg.version, homepage: home, docsUrl: `${home}/blob/main/docs/transforms.md` };
  return info;
}

/** Where an edit sits: 1-based lines and columns (UTF-16 code units, end column exclusive). */
interface Span {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
  charOffset: number;
  charLength: number;
}

function spanOf(table: LineTable, start: number, end: number): Span {
  const sl = table.lineOf(start);
  const el = table.lineOf(end);
  return { startLine: sl + 1, startColumn: start - table.starts[sl] + 1, endLine: el + 1, endColumn: end - table.starts[el] + 1, charOffset: start, charLength: end - start };
}

/** The lines an edit concerns, for a reader: a replacement that ends at a line start ends on the line before. */
function linesOf(table: LineTable, e: ReportEdit): { line: number; endLine: number } {
  if (!e.fix) return { line: e.line, endLine: e.line };
  const start = table.lineOf(e.fix.start) + 1;
  let endAt = e.fix.end;
  if (e.fix.end > e.fix.start && table.starts.includes(e.fix.end)) endAt = e.fix.end - 1;
  return { line: start, endLine: Math.max(start, table.lineOf(endAt) + 1) };
}

/** The text of lines first..last (1-based, inclusive), line breaks included. */
function linesText(table: LineTable, first: number, last: number): string {
  const end = last < table.starts.length ? table.starts[last] : table.text.length;
  return table.text.slice(table.starts[first - 1], end);
}

/** Each changed file with its path as the user sees it (relative to the current folder) and its edits. */
function changedFiles(results: RootResult[]): Array<{ shown: string; abs: string; file: FileResult; table: LineTable }> {
  const out: Array<{ shown: string; abs: string; file: FileResult; table: LineTable }> = [];
  for (const r of results) {
    for (const f of r.files) {
      if (f.status !== 'changed' || f.before === undefined) continue;
      const abs = path.join(r.root, f.path);
      out.push({ shown: path.relative(process.cwd(), abs).split(path.sep).join('/') || f.path, abs, file: f, table: new LineTable(f.before) });
    }
  }
  return out;
}

/** GitHub's escaping of a workflow command's message, and of its property values. */
function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** One `::warning` workflow command per edit, and nothing else. */
export function githubAnnotations(results: RootResult[]): string {
  let out = '';
  for (const { shown, file, table } of changedFiles(results)) {
    for (const e of file.edits) {
      const { line, endLine } = linesOf(table, e);
      out += `::warning file=${escapeProperty(shown)},line=${line},endLine=${endLine},title=${escapeProperty(`cachemount ${e.transform}`)}::${escapeData(e.reason)}\n`;
    }
  }
  return out;
}

/** A rule's id as SARIF viewers show it next to its name: the transform id, and a PascalCase name. */
function ruleName(id: string): string {
  return id.replace(/(^|-)([a-z])/g, (_, _d: string, c: string) => c.toUpperCase());
}

/** A file URI relative to %SRCROOT% (the current folder) where it lies inside, else absolute. */
function artifactLocation(shown: string, abs: string): { uri: string; uriBaseId?: string } {
  if (shown.startsWith('../') || path.isAbsolute(shown)) return { uri: pathToFileURL(abs).href };
  return { uri: shown.split('/').map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

/** A SARIF 2.1.0 log: one rule per transform, one result per edit, each with its fix. */
export function sarifLog(results: RootResult[], info: PackageInfo): object {
  const rules = TRANSFORMS.map((t) => ({
    id: t.id,
    name: ruleName(t.id),
    shortDescription: { text: t.title },
    fullDescription: { text: t.summary },
    help: { text: `${t.summary} Silence it for one instruction or command with a \`# cachemount ignore=${t.id}\` comment on the line above.`, markdown: `${t.summary}\n\nSilence it for one instruction or command with \`# cachemount ignore=${t.id}\` on the line above, or for a repository with \`transforms:\` in \`.cachemount.yaml\`. [Documentation](${info.docsUrl}#${t.id})` },
    helpUri: `${info.docsUrl}#${t.id}`,
    defaultConfiguration: { level: 'warning' },
  }));
  const index = new Map(rules.map((r, k) => [r.id, k]));
  const sarifResults: object[] = [];
  for (const { shown, abs, file, table } of changedFiles(results)) {
    const location = artifactLocation(shown, abs);
    for (const e of file.edits) {
      const { line, endLine } = linesOf(table, e);
      const region = { startLine: line, endLine, snippet: { text: linesText(table, line, endLine) } };
      const contextRegion = { startLine: Math.max(1, line - 2), endLine: Math.min(table.starts.length, endLine + 2), snippet: { text: linesText(table, Math.max(1, line - 2), Math.min(table.starts.length, endLine + 2)) } };
      const result: Record<string, unknown> = {
        ruleId: e.transform,
        ruleIndex: index.get(e.transform) ?? -1,
        level: 'warning',
        message: { text: e.reason },
        locations: [{ physicalLocation: { artifactLocation: location, region, contextRegion } }],
      };
      if (e.fix) {
        const deleted = spanOf(table, e.fix.start, e.fix.end);
        result.fixes = [
          {
            description: { text: e.reason },
            artifactChanges: [{ artifactLocation: location, replacements: [{ deletedRegion: deleted, ...(e.fix.text ? { insertedContent: { text: e.fix.text } } : {}) }] }],
          },
        ];
      }
      sarifResults.push(result);
    }
  }
  const failed = results.flatMap((r) => r.files.filter((f) => f.status === 'failed').map((f) => ({ f, abs: path.join(r.root, f.path) })));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'cachemount',
            version: info.version,
            semanticVersion: info.version,
            informationUri: info.homepage,
            rules,
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: `${pathToFileURL(process.cwd()).href.replace(/\/?$/, '/')}` } },
        invocations: [
          {
            executionSuccessful: failed.length === 0,
            toolExecutionNotifications: failed.map(({ f, abs }) => ({
              level: 'error',
              message: { text: `${f.path} was left untouched: ${f.reason ?? 'failed'}` },
              locations: [{ physicalLocation: { artifactLocation: artifactLocation(path.relative(process.cwd(), abs).split(path.sep).join('/'), abs) } }],
            })),
          },
        ],
        columnKind: 'utf16CodeUnits',
        results: sarifResults,
      },
    ],
  };
}
