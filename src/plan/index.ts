import type { DockerfileModel, RunInstruction, Stage } from '../dockerfile/model';
import type { CacheContext, CacheOption, ManagerCommand, StageStep } from '../managers';
import type { ExecutedUnit, Project, ShellUnit } from '../project';
import type { ShellCommand, ShellWord } from '../shell/commands';
import { planRunMounts, Recognise, rolesOfRun } from './mounts';
import { planSites } from './sites';
import { planStageSteps } from './stage-steps';
import { userDatabase } from './users';
import { classifyCommand } from '../managers';

export { deletesDirOrParent, resolvePath, isUnder, expandPath } from './paths';
export { mountPointClashes } from './clashes';

export interface PlanOptions {
  /** Neutralise Debian's docker-clean hook where apt runs under a cache mount. */
  aptKeepDownloaded: boolean;
  /** The package managers (recipe ids) to work on; absent: all. Commands of others are not recognised. */
  managers?: ReadonlySet<string>;
}

export interface CacheTarget {
  /** Path to mount, absolute. */
  target: string;
  sharing: 'locked' | 'shared';
  /** Owner of the mount for a non-root user (absent: root). */
  uid?: number;
  gid?: number;
}

export interface MountAddition {
  role: string;
  manager: string;
  target: CacheTarget;
}

/** One package-manager command a RUN executes, with where it runs and as whom. */
export interface Use {
  unit: ShellUnit;
  command: ShellCommand;
  recognised: ManagerCommand;
  ctx: CacheContext;
}

export interface RunPlan {
  run: RunInstruction;
  dockerfile: DockerfileModel;
  /** Package-manager commands this RUN executes, directly or through scripts, whose user is known. */
  uses: Use[];
  /** HOME of the RUN's user, null when the user is not known. */
  home: string | null;
  add: MountAddition[];
  /** Each role's path for this RUN (its own ENV and HOME), where a cache mount covers it after the rewrite. */
  mounted: Map<string, string>;
  /** All cache-mount targets after the rewrite, for path checks. */
  cacheTargets: string[];
  notes: string[];
}

/** A site: one command of one unit, with every RUN that executes it. */
export interface Site {
  unit: ShellUnit;
  command: ShellCommand;
  runs: RunPlan[];
}

export interface WordDrop {
  site: Site;
  words: ShellWord[];
  /** Replacement text per word (same order), where the word's other effect must stay; absent: the word goes. */
  replacements?: Array<string | undefined>;
  /** Why the words may go, e.g. `/root/.cache/pip is a cache mount`. */
  because: string;
  manager: string;
  /** Every manager whose cache the words concern (rm paths may span several). */
  managers: string[];
  /** True for rm path arguments (cleanup), false for cache-disabling flags. */
  cleanup: boolean;
}

/** An option a command needs to use its cache mount, to add where every RUN running it mounts the cache. */
export interface OptionAdd {
  site: Site;
  option: CacheOption;
  /** The option as it goes into the command (`{path}` filled in). */
  text: string;
  because: string;
  manager: string;
}

export interface CommandDrop {
  site: Site;
  label: string;
  because: string;
  managers: string[];
}

export interface Blocked {
  site: Site;
  label: string;
  reason: string;
}

/**
 * A RUN of a recipe's stage step to add: `apply` right before `before` (the stage's first
 * RUN that needs it), `undo` right after `after` (the stage's last such RUN) or, without
 * one, right after the stage's FROM.
 */
export interface StageStepPlan {
  step: StageStep;
  manager: string;
  kind: 'apply' | 'undo';
  stage: Stage;
  dockerfile: DockerfileModel;
  before?: RunInstruction;
  after?: RunInstruction;
  /** USER in effect at that place (null: root); the added RUN must run as root. */
  user: string | null;
}

export interface Plan {
  runs: Map<RunInstruction, RunPlan>;
  wordDrops: WordDrop[];
  commandDrops: CommandDrop[];
  blocked: Blocked[];
  optionAdds: OptionAdd[];
  stageSteps: StageStepPlan[];
}

/**
 * Mounts not to add, by RUN and target, with the rm that stays and would delete the mount
 * point (found after a first plan, when the shell edits had to keep that rm).
 */
export type Declined = Map<RunInstruction, Map<string, string>>;

/** Pure decisions: which mounts go where, which commands and words may go, which stage steps to add. */
export function planProject(project: Project, options: PlanOptions, declined: Declined = new Map()): Plan {
  const cache = new Map<ShellCommand, Map<string, ManagerCommand | null>>();
  const recognise: Recognise = (c, image) => {
    let byImage = cache.get(c);
    if (!byImage) cache.set(c, (byImage = new Map()));
    if (!byImage.has(image)) {
      const m = classifyCommand(c, image);
      byImage.set(image, m && (!options.managers || options.managers.has(m.manager)) ? m : null);
    }
    return byImage.get(image)!;
  };
  const runs = new Map<RunInstruction, RunPlan>();
  const sites = new Map<string, Site>();
  const users = userDatabase(project);
  for (const df of project.dockerfiles) {
    for (const run of df.runs) {
      const executed: ExecutedUnit[] = project.executes.get(run) ?? [];
      const plan = planRunMounts(project, df, run, executed, declined.get(run), recognise, users);
      runs.set(run, plan);
      // Every RUN that executes a site counts for it; a skipped one blocks removals there.
      for (const eu of executed) {
        for (const command of eu.commands) {
          const key = `${eu.unit.id}:${command.start}`;
          let site = sites.get(key);
          if (!site) sites.set(key, (site = { unit: eu.unit, command, runs: [] }));
          if (!site.runs.includes(plan)) site.runs.push(plan);
        }
      }
    }
  }
  for (const rp of runs.values()) rp.mounted = rolesOfRun(rp, users);
  const { wordDrops, commandDrops, blocked, optionAdds } = planSites([...sites.values()], recognise);
  return { runs, wordDrops, commandDrops, blocked, optionAdds, stageSteps: planStageSteps(project, runs, options) };
}

