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
      (result) => port.postMessage({ id: req.id, result } satisfies WorkerReply),
      (e: unknown) => port.postMessage({ id: req.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) } satisfies WorkerReply),
    );
  });
}
