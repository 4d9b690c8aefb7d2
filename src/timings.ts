/**
 * Where a run's time goes, per stage, for the benchmark: set CACHEMOUNT_TIMINGS=1 and the
 * CLI prints one `@@timings={…}` line on stderr at exit (milliseconds per stage). Time is
 * charged to the innermost stage only (a parse inside modelling counts as parse), so the
 * stages add up to the run; inside verify, everything (its re-parses too) is verify.
 * Off, each call costs one flag test.
 */
export const STAGES = ['start', 'discover', 'parse', 'model', 'plan', 'edits', 'verify', 'emit'] as const;
export type Stage = (typeof STAGES)[number];

const on = process.env.CACHEMOUNT_TIMINGS === '1';
const spent = new Map<Stage | 'other', number>();
const stack: Array<Stage | 'other'> = [];
let current: Stage | 'other' = 'start';
let since = on ? performance.now() : 0;

function charge(now: number): void {
  spent.set(current, (spent.get(current) ?? 0) + (now - since));
  since = now;
}

/** Runs fn with its (synchronous) time charged to stage. */
export function timed<T>(stage: Stage, fn: () => T): T {
  if (!on || current === 'verify') return fn();
  charge(performance.now());
  stack.push(current);
  current = stage;
  try {
    return fn();
  } finally {
    charge(performance.now());
    current = stack.pop()!;
  }
}

/** Ends start-up: what follows, outside any stage, is charged to `other`. */
export function started(): void {
  if (!on || current !== 'start' || stack.length) return;
  charge(performance.now());
  current = 'other';
}

/** Milliseconds per stage so far (with the process's start-up before this module loaded). */
export function timings(): Record<string, number> | null {
  if (!on) return null;
  charge(performance.now());
  const out: Record<string, number> = {};
  // performance.now() counts from the process's start: what came before this module is start-up
  const before = performance.now() - [...spent.values()].reduce((a, b) => a + b, 0);
  for (const s of [...STAGES, 'other' as const]) out[s] = Math.round(((spent.get(s) ?? 0) + (s === 'start' ? before : 0)) * 10) / 10;
  return out;
}

/** As timed, for an async step (in one run at a time; overlapping runs blur the stages). */
export async function timedAsync<T>(stage: Stage, fn: () => Promise<T>): Promise<T> {
  if (!on || current === 'verify') return fn();
  charge(performance.now());
  stack.push(current);
  current = stage;
  try {
    return await fn();
  } finally {
    charge(performance.now());
    current = stack.pop()!;
  }
}
