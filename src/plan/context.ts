import type { RunInstruction, Stage } from '../dockerfile/model';
import type { CacheContext, CacheRole, ManagerCommand } from '../managers';
import type { ImageUser } from '../images';
import type { ShellCommand } from '../shell/commands';
import { expandPath } from './paths';

/** The HOME a command sees: ENV HOME, else the home of the user it runs as. */
export function homeOf(env: ReadonlyMap<string, string>, user: ImageUser): string {
  return (env.get('HOME') ?? user.home).replace(/\/+$/, '') || '/';
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

/**
 * What a recipe needs to find a cache for one command of a RUN, run as `user`: HOME,
 * ENV plus the command's assignments, the image.
 */
export function commandContext(text: string, run: RunInstruction, command: ShellCommand | null, user: ImageUser): CacheContext {
  const own = command ? assignmentPairs(command) : [];
  const env = own.length ? new Map(run.env) : run.env;
  for (const [k, v] of own) (env as Map<string, string>).set(k, v);
  return { home: homeOf(env, user), env, image: rootImage(run.stage), user, stageText: lineageText(text, run) };
}

const lineageTexts = new WeakMap<RunInstruction, string>();

/** The text of the RUN's stage up to the RUN's end, after that of every stage it is built on. */
function lineageText(text: string, run: RunInstruction): string {
  let t = lineageTexts.get(run);
  if (t === undefined) {
    const parts = [text.slice(run.stage.fromStart, run.end)];
    for (let s = run.stage.baseStage; s; s = s.baseStage) parts.unshift(text.slice(s.fromStart, s.end));
    lineageTexts.set(run, (t = parts.join('')));
  }
  return t;
}

/** Where a role's cache lives for a command: its own option first, then the recipe's rules. */
export function locateRole(role: CacheRole, ctx: CacheContext, recognised: ManagerCommand | null): { path: string } | { unknown: string } | null {
  const own = recognised?.relocates?.[role.id];
  const loc = own !== undefined ? { path: own } : role.locate(ctx);
  if (loc === null || 'unknown' in loc) return loc;
  const path = expandPath(loc.path, ctx.home, ctx.env);
  return path ? { path } : { unknown: `its location ${loc.path} is not known before the build runs` };
}
