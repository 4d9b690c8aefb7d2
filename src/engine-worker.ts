/**
 * A worker thread of the engine pool (src/pool.ts): runs processRoot for each request it
 * is sent and posts the result back. It loads the parsers once and keeps them.
 */
import { parentPort } from 'node:worker_threads';
import { processRoot } from './engine';
import type { WorkerRequest, WorkerReply } from './pool';

// Process-wide V8 flags (bin/cachemount.js sets --liftoff-only) hold in workers too.
const port = parentPort;
if (port) {
  port.on('message', (req: WorkerRequest) => {
    processRoot(req.target, req.options).then(
      (result) => {
        port.postMessage({ id: req.id, result } satisfies WorkerReply);
        // once a job has compiled the engine, the loader may keep that compiled code (bin/bundle-loader.js)
        (globalThis as Record<symbol, (() => void) | undefined>)[Symbol.for('cachemount.saveCodeCache')]?.();
      },
      (e: unknown) => port.postMessage({ id: req.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) } satisfies WorkerReply),
    );
  });
}
