import type { Progress } from './engine';

const DELAY_MS = 700;
const EVERY_MS = 100;

/**
 * A one-line progress display on stderr, only when stderr is a terminal and only once a
 * run has taken more than a moment; it redraws at most ten times a second and clears its
 * line when done, so nothing of it stays in the terminal or reaches a pipe or a log.
 */
export function progressPrinter(stream: NodeJS.WriteStream, now: () => number = Date.now): {
  update: (root: number, roots: number) => (p: Progress) => void;
  done: () => void;
} {
  const live = !!stream.isTTY && !process.env.CI;
  const start = now();
  let last = 0;
  let drawn = false;
  return {
    update: (root, roots) => (p) => {
      if (!live) return;
      const t = now();
      if (t - start < DELAY_MS || t - last < EVERY_MS) return;
      last = t;
      const what = p.phase === 'reading' ? 'reading Dockerfiles' : 'checking rewritten files';
      const where = roots > 1 ? ` (PATH ${root + 1} of ${roots})` : '';
      stream.write(`\r\x1b[Kcachemount: ${what} ${p.done}/${p.total}${where}`);
      drawn = true;
    },
    done: () => {
      if (drawn) stream.write('\r\x1b[K');
      drawn = false;
    },
  };
}
