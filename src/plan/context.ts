import type { RunInstruction, Stage } from '../dockerfile/model';
import type { CacheContext, CacheRole, ManagerCommand } from '../managers';
import type { ShellCommand } from '../shell/commands';
import { expandPath } from './paths';

const ROOT_HOME = '/root';

/** The HOME a RUN's commands see. */
export function homeOf(run: RunInstruction, env: ReadonlyMap<string, string> = run.env): string {
  return (env.get('HOME') ?? ROOT_HOME).replace(/\/+$/, '') || '/';
}

/** The image a stage is built on, through the stages it is built FROM. */
export function rootImage(stage: Stage): string {
  let root = stage;
  while (root.baseStage) root = root.baseStage;
  return root.image;
}

/** A command's assignments (`PIP_CACHE_DIR=/tmp/pip pip …`) as name and value, quotes removed. */
function assignmentPairs(command: ShellCommand): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const a of command.assignments) {
    const eq = a.raw.indexOf('=');
    if (eq <= 0) continue;
    const raw = a.raw.slice(eq + 1);
    out.push([a.raw.slice(0, eq), raw.replace(/^"(.*)"$/s, '$1').replace(/^'(.*)'$/s, '$1')]);
  }
  return out;
}

/** What a recipe needs to find a cache for one command of a RUN: HOME, ENV plus the command's assignments, the image. */
export function commandContext(run: RunInstruction, command: ShellCommand | null): CacheContext {
  const own = command ? assignmentPairs(command) : [];
  const env = own.length ? new Map(run.env) : run.env;
  for (const [k, v] of own) (env as Map<string, string>).set(k, v);
  return { home: homeOf(run, env), env, image: rootImage(run.stage) };
}

/** Where a role's cache lives for a command: its own option first, then the recipe's rules. */
export function locateRole(role: CacheRole, ctx: CacheContext, recognised: ManagerCommand | null): { path: string } | { unknown: string } {
  const own = recognised?.relocates?.[role.id];
  const loc = own !== undefined ? { path: own } : role.locate(ctx);
  if ('unknown' in loc) return loc;
  const path = expandPath(loc.path, ctx.home, ctx.env);
  return path ? { path } : { unknown: `its location ${loc.path} is not known before the build runs` };
}
