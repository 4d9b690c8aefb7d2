/**
 * jest globalTeardown: prints the run's summary table (and keeps it in
 * /var/tmp/cachemount-e2e/last-summary.txt), then removes whatever this run
 * left in the image store. Build logs stay in the run directory until the
 * next run's setup prunes it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatBytes } from './build-log';
import { removeImage } from './buildah';
import { run } from './exec';
import { SummaryRecord, summaryFile } from './harness';
import { BUILDAH_GLOBAL_ARGS, SUMMARY_FILE } from './state';

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

export function renderSummary(records: SummaryRecord[], runDir: string, wallSeconds: number): string {
  const fixtures = [...new Set(records.map((r) => r.fixture))];
  const out: string[] = [];
  const setup = process.env.CACHEMOUNT_E2E_SETUP_SECONDS;
  out.push(
    `cachemount real-build suite, ${new Date().toISOString()}, wall time ${wallSeconds.toFixed(0)} s` +
      (setup ? ` (setup ${setup} s)` : ''),
  );
  out.push(`logs: ${path.join(runDir, 'logs')}`);
  out.push('');
  const header = ['fixture', 'build', 'seconds', '.debs fetched', 'bytes', 'apt "Need to get"', 'pip / npm / go'];
  const rows: string[][] = [];
  for (const f of fixtures) {
    for (const r of records.filter((x) => x.fixture === f && x.kind === 'build')) {
      const pip =
        r.pipUsingCached || r.pipDownloading
          ? `${r.pipUsingCached ? 'Using cached' : ''}${r.pipUsingCached && r.pipDownloading ? ' + ' : ''}${r.pipDownloading ? 'Downloading' : ''}` +
            (r.indexFileRequests !== undefined ? ` (index served ${r.indexFileRequests} wheel${r.indexFileRequests === 1 ? '' : 's'})` : '')
          : '';
      const other = [
        pip,
        r.npmTarballs !== undefined ? `npm: ${r.npmTarballs} tarball${r.npmTarballs === 1 ? '' : 's'} fetched` : '',
        r.goCompiled !== undefined ? `go: ${r.goCompiled} package${r.goCompiled === 1 ? '' : 's'} compiled` : '',
      ].filter(Boolean);
      rows.push([
        f,
        r.label ?? '',
        String(r.seconds ?? ''),
        String(r.debs ?? ''),
        formatBytes(r.debBytes ?? 0),
        `${formatBytes(r.needToGet ?? 0)} in ${r.aptInstalls ?? 0} install${r.aptInstalls === 1 ? '' : 's'}`,
        other.join('; '),
      ]);
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  out.push(header.map((h, i) => pad(h, widths[i])).join('  ').trimEnd());
  out.push(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) out.push(r.map((c, i) => pad(c, widths[i])).join('  ').trimEnd());
  out.push('');
  for (const f of fixtures) {
    const builds = records.filter((x) => x.fixture === f && x.kind === 'build');
    const get = (label: string): SummaryRecord | undefined => builds.find((b) => b.label === label);
    const o = get('original-2') ?? get('original-1');
    const w = get('rewritten-2');
    const fetch = (r: SummaryRecord | undefined): string =>
      r ? `${r.debs} .deb${r.debs === 1 ? '' : 's'} (${formatBytes(r.debBytes ?? 0)})` : 'not built';
    let line = `${f}: original ${o?.label === 'original-2' ? 'rebuild' : 'build'} fetched ${fetch(o)}; rewritten rebuild fetched ${fetch(w)}`;
    if (f === 'pip' || builds.some((b) => b.pipUsingCached || b.pipDownloading)) {
      const c = get('control-rebuild');
      const cached = (r: SummaryRecord | undefined): string => (r ? (r.pipUsingCached ? 'yes' : 'no') : 'not built');
      line += `; pip "Using cached" on rebuild: rewritten ${cached(w)}`;
      if (w?.indexFileRequests !== undefined) line += ` (index served ${w.indexFileRequests} wheel${w.indexFileRequests === 1 ? '' : 's'})`;
      if (c || f === 'pip') line += `, control (--no-cache-dir kept) ${cached(c)}`;
    }
    const count = (r: SummaryRecord | undefined, k: 'npmTarballs' | 'goCompiled'): string => (r?.[k] === undefined ? 'not built' : String(r[k]));
    if (builds.some((b) => b.npmTarballs !== undefined)) {
      line += `; npm tarballs fetched: original ${o?.label === 'original-2' ? 'rebuild' : 'build'} ${count(o, 'npmTarballs')}, rewritten rebuild ${count(w, 'npmTarballs')}`;
    }
    if (builds.some((b) => b.goCompiled !== undefined)) {
      line += `; go packages compiled: original ${o?.label === 'original-2' ? 'rebuild' : 'build'} ${count(o, 'goCompiled')}, rewritten rebuild ${count(w, 'goCompiled')}`;
    }
    out.push(line);
    for (const n of records.filter((x) => x.fixture === f && x.kind === 'note')) out.push(`    ${n.text}`);
  }
  return `${out.join('\n')}\n`;
}

export default async function teardown(): Promise<void> {
  const runDir = process.env.CACHEMOUNT_E2E_RUN_DIR;
  if (!runDir) return;
  const started = Number(process.env.CACHEMOUNT_E2E_STARTED ?? Date.now());
  const file = summaryFile(runDir);
  const records: SummaryRecord[] = fs.existsSync(file)
    ? fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as SummaryRecord)
    : [];
  if (records.length) {
    const text = renderSummary(records, runDir, (Date.now() - started) / 1000);
    fs.writeFileSync(SUMMARY_FILE, text);
    process.stdout.write(`\n${text}(also in ${SUMMARY_FILE})\n`);
  }
  // Images a failed or interrupted test did not remove itself.
  const runId = path.basename(runDir).toLowerCase();
  const imgs = await run('buildah', [...BUILDAH_GLOBAL_ARGS, 'images', '--format', '{{.Name}}:{{.Tag}}'], {
    timeoutMs: 60_000,
  });
  for (const name of imgs.stdout.split('\n')) {
    if (name.startsWith(`localhost/cachemount-e2e/t-${runId}-`)) await removeImage(name);
  }
  fs.rmSync(path.join(runDir, 'tmp'), { recursive: true, force: true });
}
