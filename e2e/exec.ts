import { spawn } from 'node:child_process';

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** stdout and stderr interleaved in arrival order (what a terminal would show). */
  output: string;
  stdout: string;
  timedOut: boolean;
  ms: number;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** Feed this to stdin; stdin is closed either way. */
  input?: string;
}

/**
 * Runs a program without a shell and collects its output.
 *
 * Always asynchronous: the pip index lives in this same process, so a
 * synchronous child_process call would block the event loop and leave a build
 * that talks to the index hanging forever.
 */
export function run(cmd: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      // Own process group, so a timeout can stop the whole tree (buildah forks).
      detached: true,
    });
    const chunks: Buffer[] = [];
    const outChunks: Buffer[] = [];
    let timedOut = false;
    let timer: NodeJS.Timeout | undefined;
    if (opts.timeoutMs) {
      timer = setTimeout(() => {
        timedOut = true;
        killGroup(child.pid, 'SIGTERM');
        setTimeout(() => killGroup(child.pid, 'SIGKILL'), 10_000).unref();
      }, opts.timeoutMs);
    }
    child.stdout!.on('data', (b: Buffer) => {
      chunks.push(b);
      outChunks.push(b);
    });
    child.stderr!.on('data', (b: Buffer) => chunks.push(b));
    child.on('error', (err) => {
      if (timer) clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({
        code,
        signal,
        output: Buffer.concat(chunks).toString('utf8'),
        stdout: Buffer.concat(outChunks).toString('utf8'),
        timedOut,
        ms: Date.now() - started,
      });
    });
    if (child.stdin) {
      child.stdin.on('error', () => undefined); // the child may exit without reading
      child.stdin.end(opts.input);
    }
  });
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (!pid) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/** Last `lines` lines of a log, for error messages. */
export function tail(text: string, lines = 60): string {
  const all = text.split('\n');
  return all.slice(Math.max(0, all.length - lines)).join('\n');
}

/** Like run(), but throws (with the output tail) unless the program exits 0. */
export async function runOk(cmd: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  const r = await run(cmd, args, opts);
  if (r.code !== 0) {
    const why = r.timedOut ? `timed out after ${opts.timeoutMs} ms` : `exited with ${r.code ?? r.signal}`;
    throw new Error(`${cmd} ${args.join(' ')} ${why}\n--- last lines of output ---\n${tail(r.output)}`);
  }
  return r;
}

/** True if `name` is an executable on PATH. */
export async function haveCommand(name: string): Promise<boolean> {
  const r = await run('sh', ['-c', 'command -v "$1" >/dev/null 2>&1', 'sh', name]);
  return r.code === 0;
}
