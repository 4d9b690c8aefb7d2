/**
 * Every small continued-RUN shape, enumerated rather than drawn at random: the removal
 * code's hard cases are the places where a dropped cleanup meets a line break, a comment
 * line, a blank continuation line or trailing blanks, and random generation reaches some of
 * those combinations only once in tens of thousands of cases.
 *
 *   npx tsc -p property/tsconfig.json && node dist/property/shapes.js [--workers W] [--every2 K] [--every3 K] [--max N]
 *
 * A shape is `apt-get update` followed by up to three commands (kept ones and cleanups of
 * every kind the tool drops, whole or in part), joined in one of three styles (trailing
 * `&&`, leading `&&`, `;`), with each gap between two commands one of: same line, a line
 * break, a comment line, two comment lines around a blank line, a blank line, trailing
 * blanks after the escape; and the body on the RUN line, after a flag, or on a line of its
 * own below a flag. Every shape goes through the property checker (property/check.ts):
 * no crash, no refused file, re-parse, only intended edits, idempotence.
 *
 * All shapes of one command after the first are checked, every K-th of two (`--every2`,
 * default 8) and of three (`--every3`, default 800): a fixed choice, so every run checks
 * the same shapes (`--every2 1 --every3 1` checks all 1.4 million or so, for hours). Prints
 * the count and, per kind of violation, how often and the first shape that shows it;
 * exits 1 when any shape fails.
 */
import { checkFiles, defaultCheckOptions } from './check';
import { markedJson, runChild, runMain } from './entry';

const COMMANDS: Record<string, string> = {
  K: 'echo hi',
  C: 'apt-get clean',
  R: 'rm -rf /var/lib/apt/lists/*',
  D: 'apt-get clean >/dev/null',
  T: 'apt-get clean || true',
  M: 'rm -rf /tmp/x /var/lib/apt/lists/*',
  P: 'pip install --no-cache-dir x',
  Q: 'pip cache purge',
  X: 'rm -rf /root/.cache/pip',
  A: 'apk add --no-cache curl',
  I: 'npm ci',
  N: 'npm cache clean --force',
  U: 'uv pip install --no-cache x',
};

/** What stands between two commands after the escape (or the operator, in leading style). */
const GAPS: Record<string, string | null> = {
  same: null,
  nl: ' \\\n',
  comment: ' \\\n    # note\n',
  comments: ' \\\n    # a\n\n    # b\n',
  blank: ' \\\n\n',
  trailing: ' \\  \n',
};

const STYLES = ['trailing-and', 'leading-and', 'semicolon'] as const;
const HEADS = ['run-line', 'after-flag', 'own-line'] as const;

export interface Shape {
  name: string;
  text: string;
}

/** Every shape starts with this (so the RUN gets the apt mounts its cleanups need). */
const FIRST = 'apt-get update';

function body(cmds: string[], gaps: string[], style: (typeof STYLES)[number]): string {
  const op = style === 'semicolon' ? ';' : '&&';
  let out = FIRST;
  for (let i = 0; i < cmds.length; i++) {
    const gap = GAPS[gaps[i]];
    const c = COMMANDS[cmds[i]];
    if (gap === null) out += ` ${op} ${c}`;
    else if (style === 'leading-and') out += `${gap}    ${op} ${c}`;
    else out += ` ${op}${gap}    ${c}`;
  }
  return out;
}

function dockerfile(b: string, head: (typeof HEADS)[number]): string {
  const run =
    head === 'run-line' ? `RUN ${b}\n` : head === 'after-flag' ? `RUN --mount=type=bind,source=.,target=/src ${b}\n` : `RUN --mount=type=bind,source=.,target=/src \\\n    ${b}\n`;
  // an image of no known family: every manager's commands may run there
  return `FROM registry.example.org/base:1\n${run}COPY a /b\n`;
}

/** What a shape is made of: its commands (letters of COMMANDS), the gaps after them, style and RUN layout. */
interface ShapeParts {
  cmds: string[];
  gaps: string[];
  style: (typeof STYLES)[number];
  head: (typeof HEADS)[number];
}

function render(p: ShapeParts): Shape {
  return { name: `${p.cmds.join('')} ${p.gaps.join(',')} ${p.style} ${p.head}`, text: dockerfile(body(p.cmds, p.gaps, p.style), p.head) };
}

/** Every shape with `n` commands after `apt-get update`, in a fixed order (rendered by `render`). */
export function* shapes(n: number): Generator<ShapeParts> {
  const letters = Object.keys(COMMANDS);
  const gapNames = Object.keys(GAPS);
  const seqCount = letters.length ** n;
  const gapCount = gapNames.length ** n;
  for (let s = 0; s < seqCount; s++) {
    const cmds: string[] = [];
    for (let k = 0, x = s; k < n; k++, x = Math.floor(x / letters.length)) cmds.push(letters[x % letters.length]);
    for (let g = 0; g < gapCount; g++) {
      const gaps: string[] = [];
      for (let k = 0, x = g; k < n; k++, x = Math.floor(x / gapNames.length)) gaps.push(gapNames[x % gapNames.length]);
      for (const style of STYLES) {
        // `x || true ; y` is not a chain the semicolon style means
        if (style === 'semicolon' && cmds.includes('T')) continue;
        for (const head of HEADS) {
          yield { cmds, gaps, style, head };
        }
      }
    }
  }
}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

/** The shapes one worker checks: all of one command, every K-th of two and of three (spread by a hash of the index). */
function* selected(every: [number, number], worker: number, workers: number): Generator<Shape> {
  let i = 0;
  for (const n of [1, 2, 3]) {
    const k = n === 1 ? 1 : every[n - 2];
    for (const s of shapes(n)) {
      const at = i++;
      if (k > 1 && (Math.imul(at, 2654435761) >>> 0) % k !== 0) continue;
      // only the shapes checked here are rendered (the three-command ones number 1.3 million)
      if (at % workers === worker) yield render(s);
    }
  }
}

interface Result {
  checked: number;
  failing: number;
  kinds: Record<string, { count: number; first: Shape }>;
}

async function runWorker(every: [number, number], worker: number, workers: number, max: number): Promise<Result> {
  const r: Result = { checked: 0, failing: 0, kinds: {} };
  for (const s of selected(every, worker, workers)) {
    if (r.checked >= max) break;
    r.checked++;
    const report = await checkFiles({ Dockerfile: s.text }, defaultCheckOptions(undefined, { aptKeepDownloaded: false }));
    if (!report.violations.length) continue;
    r.failing++;
    for (const v of report.violations) {
      const key = `${v.kind}: ${v.detail.split('\n')[0].replace(/line \d+/g, 'line N').replace(/"[^"]*"/g, '"…"').slice(0, 100)}`;
      r.kinds[key] ??= { count: 0, first: s };
      r.kinds[key].count++;
    }
  }
  return r;
}

async function main(): Promise<number> {
  const every: [number, number] = [arg('--every2', 8), arg('--every3', 800)];
  const max = arg('--max', Infinity);
  if (process.argv.includes('--child')) {
    const r = await runWorker(every, arg('--worker', 0), arg('--of', 1), max);
    console.log(`SHAPES-JSON ${JSON.stringify(r)}`);
    return 0;
  }
  const workers = arg('--workers', 2);
  const t0 = Date.now();
  const results = await Promise.all(
    Array.from({ length: workers }, async (_x, w) => {
      const args = ['--child', '--worker', String(w), '--of', String(workers), '--every2', String(every[0]), '--every3', String(every[1]), ...(Number.isFinite(max) ? ['--max', String(max)] : [])];
      const { code, out } = await runChild(__filename, args, 'inherit');
      const r = markedJson<Result>(out, 'SHAPES-JSON');
      if (!r) throw new Error(`shape worker ${w} exited with ${code} and no result`);
      return r;
    }),
  );
  const checked = results.reduce((n, r) => n + r.checked, 0);
  const failing = results.reduce((n, r) => n + r.failing, 0);
  const kinds = new Map<string, { count: number; first: Shape }>();
  for (const r of results) {
    for (const [k, e] of Object.entries(r.kinds)) {
      const x = kinds.get(k);
      if (x) x.count += e.count;
      else kinds.set(k, { ...e });
    }
  }
  const secs = (Date.now() - t0) / 1000;
  console.log(`shapes: ${checked} RUN shapes checked (all of one command, 1 in ${every[0]} of two, 1 in ${every[1]} of three), ${failing} failing, ${secs.toFixed(1)} s, ${workers} workers`);
  for (const [k, e] of [...kinds].sort((a, b) => b[1].count - a[1].count)) {
    console.log(`\n=== ${e.count}x ${k}\n--- first: ${e.first.name}\n${e.first.text}--- (JSON) ${JSON.stringify(e.first.text)}`);
  }
  return failing ? 1 : 0;
}

if (require.main === module) {
  runMain(main);
}
