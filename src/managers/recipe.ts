import type { ImageUser } from '../images';
import type { ShellCommand, ShellWord } from '../shell/commands';

/** What a RUN knows when it decides where a manager's cache lives for one command. */
export interface CacheContext {
  /** Home directory of the user the command runs as (`/root` for root). */
  home: string;
  /** ENV in effect for the command: the stage's (inherited from earlier stages too) plus the command's own assignments. */
  env: ReadonlyMap<string, string>;
  /** The stage's root base image as written (ARG defaults substituted), e.g. `fedora:41`. */
  image: string;
  /** The user the command runs as (uid 0 for root). */
  user: ImageUser;
  /** The Dockerfile text of the stage and the stages it is built on, up to the command's RUN: evidence such as `corepack enable`. */
  stageText: string;
}

/**
 * Where a cache lives: an absolute path (it may name ENV variables, `~`), why it cannot
 * be known or used safely (the RUN is left without it, with that note), or null when the
 * cache does not exist here at all (dnf5's cache on an EL 9 image).
 */
export type CacheLocation = { path: string } | { unknown: string } | null;

/** One cache of a manager, independent of where a given RUN finds it. */
export interface CacheRole {
  /** Unique across recipes, e.g. `apt-archives`, `pip`. */
  id: string;
  /** What it holds, for reasons: `downloaded .deb files`. */
  holds: string;
  sharing: 'locked' | 'shared';
  locate(ctx: CacheContext): CacheLocation;
  /** Where the cache is, in words, for help texts when it depends on the image (`<root prefix>/pkgs`). */
  where?: string;
  /**
   * The cache is state that later commands read (apt's package lists): it is mounted only
   * in a RUN that refreshes it, and only when no later RUN of the stage lineage reads it
   * without refreshing it (that RUN needs it in the image).
   */
  state?: boolean;
}

/** A word that turns a cache off. */
export interface DisablingWord {
  word: ShellWord;
  /** The caches it turns off: it may change where every one of them is mounted. */
  roles: string[];
  /** Text that keeps the word's other effect (apk `--no-cache` also fetches the index: `--update-cache`); without it the word goes. */
  replacement?: string;
}

/** An option (or assignment) a command needs to use its cache mount, added where every RUN running it mounts `roles`. */
export interface CacheOption {
  /** The text to add; `{path}` stands for the first role's mounted path. */
  text: string;
  roles: string[];
  /** `after`: right after the program name (`apk --cache-dir …`); `before`: as an assignment before it (`UV_LINK_MODE=copy uv …`). */
  at: 'after' | 'before';
  /** Why, for the report: `so apk keeps the packages it downloads in the mount`. */
  why: string;
  /** Only where this holds for the RUN that runs the command (default: always). */
  when?: (ctx: CacheContext) => boolean;
}

/** One command recognised as a package manager's. */
export interface ManagerCommand {
  manager: string;
  /** `download`: fetches packages or indexes; `wipe`: clears the cache; `other`: neither. */
  action: 'download' | 'wipe' | 'other';
  /** For `download`: the caches it writes; default every role of the recipe that is not state. */
  uses?: string[];
  /** State caches the command reads (apt-get install reads the package lists). */
  reads?: string[];
  /** State caches the command refreshes (apt-get update). */
  refreshes?: string[];
  /** For `wipe`: the caches it clears; it may go when all of them are mounted. */
  wipes?: string[];
  /** Cache locations the command sets with its own options, by role, as written (`--cache-dir /tmp/pip`). */
  relocates?: Record<string, string>;
  /** Words (flags, assignments) that turn a cache off; they may go where the cache is mounted. */
  disabling: DisablingWord[];
  /** For `wipe`: instead of dropping the command, replace a word (a cleanup that also clears something outside the cache: `yum clean all` → `yum clean rpmdb`). */
  narrow?: { word: ShellWord; text: string };
  /** Options the command needs to use its cache mount. */
  options?: CacheOption[];
  /** Short text naming the command for reports, e.g. `apt-get clean`. */
  label: string;
}

/** A RUN the tool adds for a stage step, and how to recognise it on a later run. */
export interface StepRun {
  /** A comment line above the RUN (without `# `). */
  comment: string;
  /** The commands it runs, joined with `&&`, one per line. */
  commands: string[];
  /** Matches the RUN's text once it is in the Dockerfile. */
  marker: RegExp;
}

/**
 * Configuration in a base image that defeats a cache mount (apt's docker-clean hook):
 * a RUN sets it aside once per stage, before the first RUN that downloads into `role`
 * under a cache mount, and another puts it back in every stage that ships (no later stage
 * builds on it), after its last such RUN. The shipped image keeps the base image's
 * configuration byte for byte.
 */
export interface StageStep {
  /** The engine option that turns the step off. */
  option: 'aptKeepDownloaded';
  role: string;
  /** Whether the stage's root base image needs the step (a Debian or Ubuntu image, say). */
  appliesTo(image: string): boolean;
  /** Text of a RUN (or of a script it runs) that does the step by hand: such a stage is left as it is. */
  handWritten: RegExp;
  apply: StepRun;
  undo: StepRun;
  /** Why each is there, for the report; `{stage}` names the stage. */
  applyReason: string;
  undoReason: string;
}

/**
 * A package manager described as data: how to recognise its commands, which caches to
 * mount, what turns them off, what wipes them, and any extra step a mount needs. Adding a
 * manager means adding one of these to the index.
 */
export interface CacheRecipe {
  id: string;
  /** Name used in reports and comments, e.g. `apt`. */
  title: string;
  roles: readonly CacheRole[];
  /** Recognises a command; `image` is the stage's root base image (`yum` is yum 3 on CentOS 7, dnf on later releases). */
  classify(cmd: ShellCommand, image: string): ManagerCommand | null;
  /** Why the locked roles are locked, for reasons: `apt takes locks in them`. */
  lockedBecause?: string;
  /** ENV that turns the cache off for the whole stage: noted, never changed (ENV is part of the image). */
  disablingEnv?: readonly string[];
  /** Said where a disabling word is dropped (a linter that will ask for it again, say). */
  dropNote?: string;
  stageStep?: StageStep;
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

/** The path a cache has under a home directory, for `locate`. */
export function underHome(ctx: CacheContext, rel: string): CacheLocation {
  return { path: `${ctx.home === '/' ? '' : ctx.home}/${rel}` };
}
