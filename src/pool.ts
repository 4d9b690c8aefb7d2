/**
 * Several cores for one run: a pool of worker threads, each running the engine
 * (src/engine-worker.ts), and a way to split one large root across them whose result is
 * the same, byte for byte, as processing it in one piece.
 *
 * Splitting is safe because the engine's decisions only couple Dockerfiles through the
 * scripts their RUNs execute: a script's cleanup goes only if every RUN that runs it mounts
 * the cache, and a mount is declined where such a script keeps an rm of its target. So the
 * root is cut into batches of Dockerfiles (in path order, which keeps a folder's files
 * together), each batch is processed as one project in a worker, and each worker also says
 * which scripts each Dockerfile reached. Dockerfiles joined through shared scripts form a
 * component; a component whose files fell into different batches is processed again as
 * one project, and its results replace the batches'. Results are sorted by path, so the
 * output does not depend on which worker finished first.
 */
import * as path from 'node:path';
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { discoverDockerfiles } from './discover';
import { EngineOptions, FileResult, processRoot, RootResult, Target } from './engine';
import { timed } from './timings';

export interface WorkerRequest {
  id: number;
  target: Target;
  options: EngineOptions;
}
export type WorkerReply = { id: number; result: RootResult } | { id: number; error: string };

interface Job {
  req: WorkerRequest;
  resolve: (r: RootResult) => void;
  reject: (e: Error) => void;
}

/**
 * The default number of engine threads: one less than the cores this process may use.
 * V8's own background threads (concurrent marking and sweeping, compilation) keep about
 * one core busy already: measured on 2 cores over 2,000 Dockerfiles, one thread took
 * 3.5 s (6.6 s of CPU) and two took 3.8 s (8.7 s of CPU).
 */
export function defaultJobs(): number {
  return Math.max(1, availableParallelism() - 1);
}

/** Worker threads that run processRoot; started as work arrives, stopped by close(). */
export class EnginePool {
  private readonly idle: Worker[] = [];
  private readonly running = new Map<Worker, Job>();
  private readonly queue: Job[] = [];
  private started = 0;
  private nextId = 1;

  constructor(readonly size: number) {}

  /** processRoot in a worker. onProgress is not passed on (functions do not cross threads). */
  run(target: Target, options: EngineOptions): Promise<RootResult> {
    const { onProgress: _drop, ...plain } = options;
    return new Promise((resolve, reject) => {
      this.queue.push({ req: { id: this.nextId++, target, options: plain }, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.queue.length) {
      let w = this.idle.pop();
      if (!w) {
        if (this.started >= this.size) return;
        w = this.spawn();
      }
      const job = this.queue.shift()!;
      this.running.set(w, job);
      w.postMessage(job.req);
    }
  }

  private spawn(): Worker {
    this.started++;
    // loaded when a thread is first needed
    const { Worker } = require('node:worker_threads') as typeof import('node:worker_threads');
    // the bundled worker (through the loader that keeps its compiled code) beside the
    // bundled CLI, else the plain module
    const loader = path.join(__dirname, '..', '..', 'bin', 'bundle-loader.js');
    const w = __filename.endsWith('.cjs')
      ? new Worker(`require(${JSON.stringify(loader)}).loadBundle('engine-worker', 'manual');`, { eval: true })
      : new Worker(path.join(__dirname, 'engine-worker.js'));
    w.on('message', (reply: WorkerReply) => {
      const job = this.running.get(w);
      this.running.delete(w);
      this.idle.push(w);
      if (job) {
        if ('result' in reply) job.resolve(reply.result);
        else job.reject(new Error(reply.error));
      }
      this.pump();
    });
    // A worker that dies fails its job; a new one takes its place for the rest.
    const lost = (e: Error): void => {
      const job = this.running.get(w);
      this.running.delete(w);
      const at = this.idle.indexOf(w);
      if (at >= 0) this.idle.splice(at, 1);
      this.started--;
      job?.reject(e);
      this.pump();
    };
    w.on('error', lost);
    w.on('exit', (code) => {
      if (this.running.has(w)) lost(new Error(`engine worker exited with code ${code}`));
    });
    return w;
  }

  async close(): Promise<void> {
    const all = [...this.idle, ...this.running.keys()];
    this.idle.length = 0;
    await Promise.all(all.map((w) => w.terminate()));
  }
}

/**
 * Dockerfiles per batch: on threads, a few batches per thread, so a slow one does not hold
 * up the run; in one thread, large batches, only so that memory stays bounded.
 */
function batchSize(files: number, jobs: number): number {
  const forced = Number(process.env.CACHEMOUNT_BATCH_FILES);
  if (forced > 0) return forced;
  if (jobs < 2) return 500;
  return Math.min(200, Math.max(24, Math.ceil(files / (jobs * 3))));
}

/** Union-find over file paths. */
class Components {
  private readonly parent = new Map<string, string>();
  find(x: string): string {
    let p = this.parent.get(x) ?? x;
    if (p !== x) {
      p = this.find(p);
      this.parent.set(x, p);
    }
    return p;
  }
  join(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  }
}

/**
 * processRoot for one root, its Dockerfiles spread over the pool when there are enough of
 * them to pay for it (without a pool, in batches one after the other, to bound memory);
 * the same result as processRoot(target, options).
 */
export async function processRootInParallel(target: Target, options: EngineOptions, pool: EnginePool | null): Promise<RootResult> {
  if (target.only || target.batch) return processRoot(target, options);
  const discovered = timed('discover', () => discoverDockerfiles(target.root));
  const size = batchSize(discovered.files.length, pool?.size ?? 1);
  if (discovered.files.length < 2 * size) return processRoot({ ...target, discovered }, options);

  const batches: string[][] = [];
  for (let i = 0; i < discovered.files.length; i += size) batches.push(discovered.files.slice(i, i + size));
  let done = 0;
  const total = discovered.files.length;
  // a worker that fails (it should not) costs time, not the result: the batch runs here
  const run = (files: string[]): Promise<RootResult> =>
    pool ? pool.run({ root: target.root, batch: files }, options).catch(() => processRoot({ root: target.root, batch: files }, options)) : processRoot({ root: target.root, batch: files }, options);
  const runBatch = async (files: string[]): Promise<RootResult> => {
    const r = await run(files);
    done += files.length;
    options.onProgress?.({ phase: 'checking', done: Math.min(done, total), total });
    return r;
  };
  // in this thread one batch at a time, so that only one batch's files are held at once
  const parts: RootResult[] = [];
  if (pool) parts.push(...(await Promise.all(batches.map(runBatch))));
  else for (const b of batches) parts.push(await runBatch(b));

  // which batch each Dockerfile and script was seen in, and the components they form
  const seenIn = new Map<string, Set<number>>();
  const components = new Components();
  parts.forEach((part, k) => {
    for (const f of part.files) seenIn.set(f.path, (seenIn.get(f.path) ?? new Set()).add(k));
    for (const [dockerfile, scripts] of part.reach ?? []) for (const s of scripts) components.join(dockerfile, s);
  });
  const batchesOf = new Map<string, Set<number>>();
  for (const [file, ks] of seenIn) {
    const c = components.find(file);
    const set = batchesOf.get(c) ?? new Set<number>();
    for (const k of ks) set.add(k);
    batchesOf.set(c, set);
  }
  const results = new Map<string, FileResult>();
  for (const part of parts) for (const f of part.files) results.set(f.path, f);

  // components cut across batches: once more, each as one project
  const isDockerfile = new Set(discovered.files);
  const redo = new Map<string, string[]>();
  for (const file of seenIn.keys()) {
    const c = components.find(file);
    if (batchesOf.get(c)!.size < 2 || !isDockerfile.has(file)) continue;
    redo.set(c, [...(redo.get(c) ?? []), file]);
  }
  const again: RootResult[] = [];
  if (pool) again.push(...(await Promise.all([...redo.values()].map((files) => run(files.sort())))));
  else for (const files of redo.values()) again.push(await run(files.sort()));
  for (const part of again) for (const f of part.files) results.set(f.path, f);

  for (const s of discovered.skipped) results.set(s.path, { path: s.path, kind: 'dockerfile', status: 'skipped', reason: s.reason, edits: [], notes: [] });
  for (const s of discovered.failed) results.set(s.path, { path: s.path, kind: 'dockerfile', status: 'failed', reason: s.reason, edits: [], notes: [] });
  return { root: target.root, files: [...results.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)) };
}
