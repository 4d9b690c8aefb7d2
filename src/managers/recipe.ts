import type { ShellCommand, ShellWord } from '../shell/commands';

/** What a RUN knows when it decides where a manager's cache lives. */
export interface TargetContext {
  /** Home directory of the user the RUN runs as (`/root` for root). */
  home: string;
  /** ENV in effect for the RUN's stage (inherited from earlier stages too). */
  env: ReadonlyMap<string, string>;
}

export interface CacheTarget {
  /** Path to mount, absolute. */
  target: string;
  sharing: 'locked' | 'shared';
}

/** One command recognised as a package manager's. */
export interface ManagerCommand {
  manager: string;
  /** `download`: fetches packages or indexes; `wipe`: clears the cache; `other`: neither. */
  action: 'download' | 'wipe' | 'other';
  /** apt: this command refreshes the package index (`apt-get update`). */
  updatesIndex?: boolean;
  /** For `wipe`: the cache roles it clears; it may go when all of them are mounted. */
  wipes?: string[];
  /** Words (flags, assignments) that turn the cache off; they may go where the cache is mounted. */
  disabling: ShellWord[];
  /** Short text naming the command for reports, e.g. `apt-get clean`. */
  label: string;
}

/**
 * A package manager described as data: how to recognise its commands, which caches to
 * mount, what turns them off, what wipes them. Adding a manager means adding one of these.
 */
export interface CacheRecipe {
  id: string;
  /** Name used in reports and comments, e.g. `apt`. */
  title: string;
  classify(cmd: ShellCommand): ManagerCommand | null;
  /**
   * Every cache this manager has, by role (`apt-archives`, `apt-lists`, `pip`): a role
   * names a cache independently of where a given RUN finds it.
   */
  roles(ctx: TargetContext): Map<string, CacheTarget>;
  /** The roles a RUN should mount, given the manager's commands it executes. */
  wanted(commands: readonly ManagerCommand[]): string[];
}

/** First argument that is not an option, skipping the values of the options listed. */
export function firstOperand(args: readonly ShellWord[], optionsWithValue: ReadonlySet<string>): { index: number; word: ShellWord } | null {
  for (let i = 0; i < args.length; i++) {
    const v = args[i].value;
    if (v === '--') return i + 1 < args.length ? { index: i + 1, word: args[i + 1] } : null;
    if (v.startsWith('-') && v.length > 1) {
      if (optionsWithValue.has(v)) i++;
      continue;
    }
    return { index: i, word: args[i] };
  }
  return null;
}
