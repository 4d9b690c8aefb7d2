#!/usr/bin/env node
/**
 * Benchmark (`npm run bench`), in one run:
 *  1. trees of 1, 20 and 200 Dockerfiles (multi-stage, apt and pip RUNs, half of them with
 *     an install script): median wall time, files/s, peak memory; per-file cost at 200 vs
 *     1 file, --write vs dry run;
 *  2. one small Dockerfile's dry run, median of many, beside `node -e 0`;
 *  3. a large tree (BENCH_LARGE Dockerfiles, default 2,000, of five kinds: apt+pip with
 *     scripts, apk, dnf, npm, Go), cachemount's dry run (all cores, and one thread) and
 *     tally 0.45 (a Go linter, its cache-mount rule only) on the same files: files/s,
 *     peak RSS, and the time ratio;
 *  4. peak memory on a tree of BENCH_MEMORY Dockerfiles (default 5,000);
 *  5. where the time goes, per stage (CACHEMOUNT_TIMINGS=1), for one file and for the
 *     large tree on one thread.
 * tally is installed on demand from npm into ~/.cache/cachemount-bench (it is not a
 * dependency: it is a native binary for one platform); where that fails, its rows say why.
 */
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const REPO = path.resolve(__dirname, '..');
const BIN = path.join(REPO, 'bin', 'cachemount.js');
const HOOK = path.join(__dirname, 'rss-hook.js');
const RUNS = Number(process.env.BENCH_RUNS || 5);
const LARGE = Number(process.env.BENCH_LARGE || 2000);
const ONE_RUNS = Number(process.env.BENCH_ONE_RUNS || 21);
const MEMORY = Number(process.env.BENCH_MEMORY || 5000);
const TALLY_VERSION = '0.45.0';
const TALLY_ARGS = ['lint', '--no-config', '--ignore', '*', '--select', 'tally/prefer-package-cache-mounts', '--fail-level', 'none', '--format', 'json'];

const DOCKERFILE = (i) => `FROM python:3.12-slim-bookworm AS base
ENV PYTHONUNBUFFERED=1
RUN apt-get update \\
    && apt-get install -y --no-install-recommends build-essential libpq-dev pkg${i} \\
    && apt-get clean \\
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt docker/install.sh /tmp/
RUN pip install --no-cache-dir --upgrade pip \\
    && pip install --no-cache-dir -r /tmp/requirements.txt
${i % 2 ? 'RUN bash /tmp/install.sh' : 'RUN echo no script'}
FROM base AS runtime
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 \\
    && rm -rf /var/lib/apt/lists/*
USER nobody
CMD ["python", "-m", "app"]
`;
const SCRIPT = `#!/bin/bash
set -euo pipefail
cleanup() {
  apt-get clean
  rm -rf /var/lib/apt/lists/* /tmp/*
  pip3 cache purge || true
}
trap cleanup EXIT
apt-get update
apt-get install -y --no-install-recommends curl jq
pip3 install --no-cache-dir requests
`;

function makeTree(n, dir = fs.mkdtempSync(path.join(os.tmpdir(), `cachemount-bench-${n}-`))) {
  for (let i = 0; i < n; i++) {
    const d = path.join(dir, `svc${i}`);
    fs.mkdirSync(path.join(d, 'docker'), { recursive: true });
    fs.writeFileSync(path.join(d, 'Dockerfile'), DOCKERFILE(i));
    fs.writeFileSync(path.join(d, 'requirements.txt'), 'flask==3.0.3\n');
    fs.writeFileSync(path.join(d, 'docker', 'install.sh'), SCRIPT);
  }
  return dir;
}

const KINDS = [
  null, // the apt + pip Dockerfile above, with its script
  (i) => `FROM alpine:3.20\nRUN apk add --no-cache curl git pkg${i} \\\n    && rm -rf /var/cache/apk/*\nCOPY . /app\n`,
  (i) => `FROM rockylinux:9\nRUN dnf install -y gcc make pkg${i} \\\n    && dnf clean all\nCOPY . /src\nRUN make -C /src\n`,
  (i) => `FROM node:20-bookworm-slim AS build\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci --omit=dev && npm cache clean --force\nCOPY . .\nRUN npm run build${i % 3 ? '' : ' && rm -rf /root/.npm'}\nFROM node:20-bookworm-slim\nCOPY --from=build /app /app\n`,
  (i) => `FROM golang:1.22 AS build\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app${i} ./cmd/app\nFROM gcr.io/distroless/static\nCOPY --from=build /out/app${i} /app\n`,
];

/** A tree of n Dockerfiles of the five kinds, in folders of 50 (as a monorepo's services). */
function makeLargeTree(n, dir = fs.mkdtempSync(path.join(os.tmpdir(), `cachemount-bench-large-`))) {
  for (let i = 0; i < n; i++) {
    const d = path.join(dir, `team${Math.floor(i / 50)}`, `svc${i}`);
    fs.mkdirSync(path.join(d, 'docker'), { recursive: true });
    const kind = KINDS[i % KINDS.length];
    fs.writeFileSync(path.join(d, 'Dockerfile'), kind ? kind(i) : DOCKERFILE(i));
    if (!kind) {
      fs.writeFileSync(path.join(d, 'requirements.txt'), 'flask==3.0.3\n');
      fs.writeFileSync(path.join(d, 'docker', 'install.sh'), SCRIPT);
    }
  }
  return dir;
}

function run(args, cwd, env = {}) {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--require', HOOK, BIN, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, ...env } });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`cachemount ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const rss = Number(/@@maxrss_kb=(\d+)/.exec(r.stderr)?.[1] ?? 0);
  const timings = /@@timings=(\{.*\})/.exec(r.stderr);
  return { ms, rss, timings: timings ? JSON.parse(timings[1]) : null, stdout: r.stdout };
}

/** Wall time of a command, and its peak RSS through GNU time where there is one. */
function runExternal(cmd, args, cwd) {
  const gnuTime = fs.existsSync('/usr/bin/time');
  const t = process.hrtime.bigint();
  const r = gnuTime
    ? spawnSync('/usr/bin/time', ['-f', '@@maxrss_kb=%M', cmd, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 30 })
    : spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.error) throw r.error;
  const rss = Number(/@@maxrss_kb=(\d+)/.exec(r.stderr)?.[1] ?? 0);
  return { ms, rss, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The tally binary, installed on first use; or a string saying why there is none. */
function tallyBinary() {
  if (process.platform !== 'linux' || process.arch !== 'x64') return `tally's npm build used here is for linux-x64 (this is ${process.platform}-${process.arch})`;
  const dir = path.join(os.homedir(), '.cache', 'cachemount-bench', `tally-${TALLY_VERSION}`);
  const bin = path.join(dir, 'node_modules', '@wharflab', 'tally-linux-x64', 'bin', 'tally');
  if (!fs.existsSync(bin)) {
    fs.mkdirSync(dir, { recursive: true });
    const r = spawnSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', dir, `@wharflab/tally-linux-x64@${TALLY_VERSION}`], { encoding: 'utf8' });
    if (r.status !== 0 || !fs.existsSync(bin)) return `could not install @wharflab/tally-linux-x64@${TALLY_VERSION}: ${(r.stderr || '').trim().split('\n').pop()}`;
  }
  return { bin };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

module.exports = { makeTree, makeLargeTree };

function main() {
  const rows = [];
  for (const n of [1, 20, 200]) {
    const dir = makeTree(n);
    const dry = [];
    for (let k = 0; k < RUNS; k++) dry.push(run([dir]));
    const write = [];
    for (let k = 0; k < Math.min(RUNS, 3); k++) {
      const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'cachemount-bench-w-'));
      fs.cpSync(dir, copy, { recursive: true });
      write.push(run(['--write', copy]));
      fs.rmSync(copy, { recursive: true, force: true });
    }
    fs.rmSync(dir, { recursive: true, force: true });
    rows.push({
      files: n,
      dryMs: median(dry.map((x) => x.ms)),
      writeMs: median(write.map((x) => x.ms)),
      rssMb: Math.max(...dry.map((x) => x.rss)) / 1024,
    });
  }

  console.log(`cachemount benchmark (${RUNS} runs each, median; node ${process.version}, ${os.cpus().length} cores)`);
  console.log('Dockerfiles  dry run ms  files/s  --write ms  peak RSS MB');
  for (const r of rows) {
    console.log(
      `${String(r.files).padStart(11)}  ${r.dryMs.toFixed(0).padStart(10)}  ${(r.files / (r.dryMs / 1000)).toFixed(0).padStart(7)}  ${r.writeMs.toFixed(0).padStart(10)}  ${r.rssMb.toFixed(0).padStart(11)}`,
    );
  }
  const one = rows[0];
  const big = rows[rows.length - 1];
  console.log(`ratio: per-file cost at ${big.files} files vs 1 file = ${((big.dryMs / big.files) / one.dryMs).toFixed(3)}`);
  console.log(`ratio: ${big.files}-file run vs 1-file run (wall) = ${(big.dryMs / one.dryMs).toFixed(2)}`);
  console.log(`ratio: --write vs dry run at ${big.files} files = ${(big.writeMs / big.dryMs).toFixed(2)}`);
  console.log(`ratio: peak memory at ${big.files} files vs 1 file = ${(big.rssMb / one.rssMb).toFixed(2)}`);

  // 2. one small file, beside Node's own start
  const oneDir = makeTree(1);
  const oneFile = path.join(oneDir, 'svc0', 'Dockerfile');
  run([oneFile]); // warm the file system cache
  const oneMs = [];
  const nodeMs = [];
  for (let k = 0; k < ONE_RUNS; k++) {
    oneMs.push(run([oneFile]).ms);
    nodeMs.push(runExternal(process.execPath, ['-e', '0'], oneDir).ms);
  }
  const oneTimings = run([oneFile], oneDir, { CACHEMOUNT_TIMINGS: '1' }).timings;
  console.log(`\none small Dockerfile, dry run (median of ${ONE_RUNS}): ${median(oneMs).toFixed(0)} ms; node -e 0: ${median(nodeMs).toFixed(0)} ms; ratio ${(median(oneMs) / median(nodeMs)).toFixed(2)}`);

  // 3. a large tree: cachemount on all cores and on one, and tally
  const large = makeLargeTree(LARGE);
  const scripts = Math.ceil(LARGE / KINDS.length);
  const all = run(['--jobs', String(os.cpus().length), large]);
  const single = run(['--jobs', '1', large], large, { CACHEMOUNT_TIMINGS: '1' });
  if (all.stdout !== single.stdout) throw new Error('the multi-threaded dry run printed something else than the one-thread run');
  console.log(`\nlarge tree: ${LARGE} Dockerfiles, ${scripts} scripts (${os.cpus().length} cores)`);
  console.log('tool                          wall ms  files/s  peak RSS MB');
  const row = (name, r) => console.log(`${name.padEnd(28)}${r.ms.toFixed(0).padStart(9)}${(LARGE / (r.ms / 1000)).toFixed(0).padStart(9)}${(r.rss / 1024).toFixed(0).padStart(13)}`);
  row(`cachemount --jobs ${os.cpus().length}`, all);
  row('cachemount --jobs 1', single);
  const tally = tallyBinary();
  if (typeof tally === 'string') console.log(`tally ${TALLY_VERSION}: not run: ${tally}`);
  else {
    runExternal(tally.bin, [...TALLY_ARGS, large], large); // warm
    const t = runExternal(tally.bin, [...TALLY_ARGS, large], large);
    row(`tally ${TALLY_VERSION}`, t);
    let findings = '?';
    try {
      findings = String(JSON.parse(t.stdout).files?.reduce?.((n, f) => n + (f.violations?.length ?? 0), 0) ?? '?');
    } catch {
      /* tally's JSON shape may change: the count is informative only */
    }
    console.log(`tally findings: ${findings}; cachemount files changed: ${(all.stdout.match(/^\+\+\+ /gm) || []).length}`);
    console.log(`ratio: cachemount --jobs ${os.cpus().length} / tally wall time = ${(all.ms / t.ms).toFixed(3)}`);
    console.log(`ratio: cachemount --jobs 1 / tally wall time = ${(single.ms / t.ms).toFixed(3)} (goal for the best of the two: at most 0.3)`);
  }

  // memory on a tree of BENCH_MEMORY Dockerfiles (goal: at most 250 MB at 5,000)
  const big5 = makeLargeTree(MEMORY);
  const mem = run(['--jobs', String(os.cpus().length), big5]);
  const mem1 = run(['--jobs', '1', big5]);
  fs.rmSync(big5, { recursive: true, force: true });
  console.log(`peak RSS on ${MEMORY} Dockerfiles: ${(mem.rss / 1024).toFixed(0)} MB with --jobs ${os.cpus().length} (${(mem.ms / 1000).toFixed(1)} s), ${(mem1.rss / 1024).toFixed(0)} MB with --jobs 1 (${(mem1.ms / 1000).toFixed(1)} s) (goal: at most 250 MB at 5,000); ratio to the ${LARGE}-file run: ${(mem.rss / all.rss).toFixed(2)}`);

  // 5. where the time goes
  console.log('\nper stage, ms (one thread; start = loading code and parsers, other = the rest)');
  console.log(`stage     ${'one file'.padStart(10)}${`${LARGE} files`.padStart(14)}${'share'.padStart(8)}`);
  const sum = Object.values(single.timings).reduce((a, b) => a + b, 0);
  for (const k of Object.keys(single.timings)) {
    console.log(`${k.padEnd(10)}${String(oneTimings[k]).padStart(10)}${String(single.timings[k]).padStart(14)}${`${((100 * single.timings[k]) / sum).toFixed(1)}%`.padStart(8)}`);
  }
  fs.rmSync(large, { recursive: true, force: true });
  fs.rmSync(oneDir, { recursive: true, force: true });
}

if (require.main === module) main();
