#!/usr/bin/env node
/**
 * Bulk benchmark: a fleet of small git repositories (a Dockerfile with apt and pip RUNs,
 * one repository in four with nothing to change), `cachemount bulk` over all of them,
 * and, in the same run, the shell loop people write without it (`cachemount --write`
 * then `git commit` per repository, Node started each time) over a sample. Prints the
 * wall time, repositories per second, peak memory, and the per-repository cost ratio.
 *
 *   npm run bench:bulk                  1,000 repositories, a loop sample of 40
 *   BULK_REPOS=200 BULK_SAMPLE=20 npm run bench:bulk
 *   BULK_JOBS=1 npm run bench:bulk        bulk's --jobs (default: its own, the cores)
 */
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const REPO = path.resolve(__dirname, '..');
const BIN = path.join(REPO, 'bin', 'cachemount.js');
const HOOK = path.join(__dirname, 'rss-hook.js');
const COUNT = Number(process.env.BULK_REPOS || 1000);
const SAMPLE = Number(process.env.BULK_SAMPLE || 40);
const ENV = { ...process.env, GIT_AUTHOR_NAME: 'Bench', GIT_AUTHOR_EMAIL: 'bench@example.org', GIT_COMMITTER_NAME: 'Bench', GIT_COMMITTER_EMAIL: 'bench@example.org' };

const NEEDS = `FROM python:3.12-slim-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends curl \\
    && rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
`;
const NOTHING = 'FROM scratch\nCOPY app /app\n';

function git(cwd, ...args) {
  const r = spawnSync('git', args, { cwd, env: ENV, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** One template repository per kind, copied: the fleet is ready in seconds. */
function makeFleet(dir, count) {
  const templates = {};
  for (const [kind, text] of [['needs', NEEDS], ['nothing', NOTHING]]) {
    const t = path.join(dir, `template-${kind}`);
    fs.mkdirSync(t, { recursive: true });
    git(t, 'init', '-q', '-b', 'main');
    fs.writeFileSync(path.join(t, 'Dockerfile'), text);
    fs.writeFileSync(path.join(t, 'requirements.txt'), 'flask\n');
    git(t, 'add', '-A');
    git(t, 'commit', '-q', '-m', 'init');
    templates[kind] = t;
  }
  const names = [];
  for (let i = 0; i < count; i++) {
    const name = `repo-${String(i).padStart(4, '0')}`;
    fs.cpSync(templates[i % 4 === 3 ? 'nothing' : 'needs'], path.join(dir, 'fleet', name), { recursive: true });
    names.push(path.join('fleet', name));
  }
  return names;
}

function timed(cmd, args, cwd) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd, env: ENV, encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  return { ms, r };
}

function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cachemount-bench-bulk-'));
  try {
    const t0 = Date.now();
    const names = makeFleet(dir, COUNT);
    console.log(`fleet: ${COUNT} repositories made in ${((Date.now() - t0) / 1000).toFixed(1)} s (${os.cpus().length} cores)`);
    fs.writeFileSync(path.join(dir, 'fleet.txt'), names.join('\n') + '\n');

    const bulk = timed(process.execPath, ['-r', HOOK, BIN, 'bulk', ...(process.env.BULK_JOBS ? ['--jobs', process.env.BULK_JOBS] : []), '--repos', 'fleet.txt', '--report', 'report.json'], dir);
    if (bulk.r.status !== 0) throw new Error(`bulk failed (${bulk.r.status}): ${bulk.r.stderr.slice(-2000)}`);
    const report = JSON.parse(fs.readFileSync(path.join(dir, 'report.json'), 'utf8'));
    const peak = /@@maxrss_kb=(\d+)/.exec(bulk.r.stderr);
    const bulkPer = bulk.ms / COUNT;

    // the shell loop, on a sample of fresh copies (the bulk run made branches in the fleet)
    const sample = names.slice(0, SAMPLE).map((n, i) => {
      const to = path.join(dir, 'loop', `r${i}`);
      fs.cpSync(path.join(dir, n), to, { recursive: true });
      return to;
    });
    const loopScript = `set -e\nfor d in ${sample.map((s) => `'${s}'`).join(' ')}; do\n  ( cd "$d" && git switch -q -c loop/cache-mounts && node '${BIN}' --write . 2>/dev/null && if ! git diff --quiet; then git commit -qam 'Use BuildKit cache mounts'; fi )\ndone\n`;
    const loop = timed('bash', ['-c', loopScript], dir);
    if (loop.r.status !== 0) throw new Error(`shell loop failed: ${loop.r.stderr}`);
    const loopPer = loop.ms / SAMPLE;

    const s = report.summary;
    console.log(`cachemount bulk: ${COUNT} repositories in ${(bulk.ms / 1000).toFixed(1)} s, ${(COUNT / (bulk.ms / 1000)).toFixed(1)} repos/s (${s.changed} changed, ${s.unchanged} unchanged, ${s.skipped} skipped, ${s.failed} failed), peak RSS ${peak ? Math.round(Number(peak[1]) / 1024) : '?'} MB`);
    console.log(`shell loop (cachemount --write + git commit per repository, ${SAMPLE} of them): ${(loop.ms / 1000).toFixed(1)} s`);
    console.log(`per repository: bulk ${bulkPer.toFixed(1)} ms, shell loop ${loopPer.toFixed(1)} ms; ratio bulk/loop ${(bulkPer / loopPer).toFixed(3)}`);
    console.log(`goal: ${COUNT} repositories in at most 60 s: ${bulk.ms <= 60_000 ? 'met' : 'NOT met'} (${(bulk.ms / 1000).toFixed(1)} s)`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main();
