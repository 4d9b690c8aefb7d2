#!/usr/bin/env node
/**
 * Benchmark: runs the built CLI over generated trees of 1, 20 and 200 Dockerfiles (each
 * a multi-stage file with apt and pip RUNs, half of them with install scripts), several
 * times, and prints median wall time, files per second, peak memory, and ratios:
 * per-file cost at 200 vs 1 file, and --write vs dry run. Run with `npm run bench`.
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

function run(args, cwd) {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--require', HOOK, BIN, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`cachemount ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const rss = Number(/@@maxrss_kb=(\d+)/.exec(r.stderr)?.[1] ?? 0);
  return { ms, rss };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

module.exports = { makeTree };

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
}

if (require.main === module) main();
