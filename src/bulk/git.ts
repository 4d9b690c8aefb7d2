import { ChildProcess, execFile, ExecFileOptions, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface GitOptions {
  /** Bytes for git's standard input (none: empty). */
  input?: string | Buffer;
  env?: NodeJS.ProcessEnv;
}

/** Runs git in `cwd`; never throws for a non-zero exit (the caller decides). */
export function git(cwd: string, args: string[], opts: GitOptions = {}): Promise<GitResult> {
  return (launcher ?? direct)(cwd, args, opts);
}

/** Like git(), but throws with git's own message when it fails. */
export async function gitOk(cwd: string, args: string[], opts: GitOptions = {}): Promise<string> {
  const r = await git(cwd, args, opts);
  if (r.code !== 0) throw gitFailure(args, r);
  return r.stdout;
}

/** The git command `args` run (its first word that is not an option). */
const commandOf = (args: string[]): string => args.find((a) => !a.startsWith('-')) ?? 'git';

/** An error that names the command and ends with git's own last lines. */
export function gitFailure(args: string[], r: GitResult): Error {
  return new Error(`git ${commandOf(args)} failed: ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' ')}`);
}

/** The environment git runs in: never a prompt for credentials. */
const gitEnv = (extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv => ({ ...process.env, GIT_TERMINAL_PROMPT: '0', ...extra });

type Launch = (cwd: string, args: string[], opts: GitOptions) => Promise<GitResult>;

/** git started by Node itself: a fork of this whole process per command. */
const direct: Launch = (cwd, args, opts) =>
  new Promise((resolve) => {
    const options: ExecFileOptions = { cwd, env: gitEnv(opts.env), maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' };
    const child = execFile('git', args, options, (err, stdout, stderr) => {
      const code = err ? (typeof (err as NodeJS.ErrnoException & { code?: unknown }).code === 'number' ? ((err as unknown as { code: number }).code) : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
    child.stdin?.end(opts.input ?? '');
  });

let launcher: Launch | null = null;

/** A shell word that stands for `s` exactly. */
const word = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

const DONE = '@@cachemount-git ';

/** One long-lived `sh` that starts git commands when told, each with its input and outputs in files. */
class Shell {
  private readonly child: ChildProcess;
  private out = '';
  private waiting: ((code: number) => void) | null = null;
  dead = false;

  constructor() {
    this.child = spawn('sh', [], { stdio: ['pipe', 'pipe', 'ignore'], env: gitEnv() });
    this.child.stdout!.setEncoding('utf8');
    this.child.stdout!.on('data', (d: string) => {
      this.out += d;
      const at = this.out.indexOf('\n');
      if (at < 0 || !this.waiting) return;
      const line = this.out.slice(0, at);
      this.out = this.out.slice(at + 1);
      const w = this.waiting;
      this.waiting = null;
      w(line.startsWith(DONE) ? Number(line.slice(DONE.length)) : -1);
    });
    const died = (started: boolean) => (): void => {
      this.dead = true;
      const w = this.waiting;
      this.waiting = null;
      w?.(started ? -1 : -2);
    };
    // 'error': sh could not be started, so nothing ran
    this.child.on('error', died(false));
    this.child.on('close', died(true));
    this.child.stdin!.on('error', died(true));
  }

  /** Runs one line of shell; resolves to its exit status, -1 when the shell ended while running it, -2 when it never ran. */
  run(line: string): Promise<number> {
    if (this.dead) return Promise.resolve(-2);
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.child.stdin!.write(`${line}; printf '${DONE}%s\\n' "$?"\n`);
    });
  }

  close(): void {
    this.dead = true;
    this.child.stdin!.end();
  }
}

/**
 * git started by small long-lived shells rather than by Node: a fork of a large Node
 * process costs more than the git command it starts (11 ms against 5.5 ms per command
 * on this project's 2-core machine). Each call takes an idle shell (or starts one), so
 * calls run at once as they do with direct starts. Input and output go through files in
 * a private temporary folder. A shell that dies is replaced; if none can start, git is
 * started directly.
 */
class ShellLauncher {
  private readonly idle: Shell[] = [];
  private readonly all: Shell[] = [];
  private readonly dir = ShellLauncher.folder();
  private seq = 0;

  launch: Launch = async (cwd, args, opts) => {
    const n = ++this.seq;
    const file = (s: string): string => path.join(this.dir, `${n}.${s}`);
    const input = opts.input !== undefined ? file('in') : '/dev/null';
    if (opts.input !== undefined) fs.writeFileSync(input, opts.input);
    const env = Object.entries(opts.env ?? {})
      .filter(([k]) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(k))
      .map(([k, v]) => `${k}=${word(String(v ?? ''))} `)
      .join('');
    let shell = this.idle.pop();
    while (shell?.dead) shell = this.idle.pop();
    shell ??= this.start();
    const code = await shell.run(`{ cd -- ${word(cwd)} && ${env}git ${args.map(word).join(' ')}; } <${word(input)} >${word(file('out'))} 2>${word(file('err'))}`);
    const read = (f: string): string => {
      try {
        return fs.readFileSync(f, 'utf8');
      } catch {
        return '';
      }
    };
    const result = { code, stdout: read(file('out')), stderr: read(file('err')) };
    for (const s of ['in', 'out', 'err']) fs.rmSync(file(s), { force: true });
    // a shell that could not start ran nothing: git starts directly; one that ended
    // during the command (Ctrl-C) may have run part of it, so it is not run again
    if (code === -2) return direct(cwd, args, opts);
    if (code === -1) return { code: 1, stdout: result.stdout, stderr: `${result.stderr}the shell running git ${commandOf(args)} ended`.trim() };
    if (!shell.dead) this.idle.push(shell);
    return result;
  };

  /** A private folder for the commands' files: in memory where the system has one (/dev/shm), else the temp dir. */
  private static folder(): string {
    for (const base of ['/dev/shm', os.tmpdir()]) {
      try {
        return fs.mkdtempSync(path.join(base, 'cachemount-git-'));
      } catch {
        // not there, or not writable: the next
      }
    }
    throw new Error('no writable temporary folder');
  }

  private start(): Shell {
    const s = new Shell();
    this.all.push(s);
    return s;
  }

  close(): void {
    for (const s of this.all) if (!s.dead) s.close();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * Runs `work` with git started through long-lived shells (on systems with `sh`), which
 * are ended when it is done.
 */
export async function withGitShells<T>(work: () => Promise<T>): Promise<T> {
  if (process.platform === 'win32' || launcher) return work();
  let shells: ShellLauncher;
  try {
    shells = new ShellLauncher();
  } catch {
    return work();
  }
  launcher = shells.launch;
  // a second Ctrl-C exits at once: the shells' folder goes all the same
  const atExit = (): void => shells.close();
  process.once('exit', atExit);
  try {
    return await work();
  } finally {
    process.removeListener('exit', atExit);
    launcher = null;
    shells.close();
  }
}
