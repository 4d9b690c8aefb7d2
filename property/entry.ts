import { spawn } from 'node:child_process';

/** Runs a command-line entry point: its result is the exit code; a throw prints and exits 2. */
export function runMain(main: () => Promise<number>): void {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      console.error(e);
      process.exitCode = 2;
    },
  );
}

/** Runs a node script as a child process: its exit code and everything it printed on stdout. */
export function runChild(script: string, args: string[], stderr: 'inherit' | 'ignore'): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', stderr] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => resolve({ code, out }));
  });
}

/** The JSON a child printed after `marker ` on a line of its own, or null. */
export function markedJson<T>(out: string, marker: string): T | null {
  const line = out.split('\n').find((l) => l.startsWith(`${marker} `));
  return line ? (JSON.parse(line.slice(marker.length + 1)) as T) : null;
}

/** Runs the jobs in order, `workers` at a time, until they are done or `stop()` says so. */
export async function pool<J>(jobs: readonly J[], workers: number, run: (job: J) => Promise<void>, stop: () => boolean = () => false): Promise<void> {
  const queue = [...jobs];
  await Promise.all(
    Array.from({ length: Math.min(workers, queue.length) }, async () => {
      while (queue.length && !stop()) await run(queue.shift()!);
    }),
  );
}

/** `total` cases cut into chunks of `chunk`, each with its own seed derived from `base`. */
export function seedChunks(base: number, total: number, chunk: number): Array<{ seed: number; n: number }> {
  const out: Array<{ seed: number; n: number }> = [];
  for (let done = 0, k = 0; done < total; done += chunk, k++) out.push({ seed: (base + k * 7919) % 2 ** 31, n: Math.min(chunk, total - done) });
  return out;
}
