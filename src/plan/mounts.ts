import { DockerfileModel, normalisePath, RunInstruction } from '../dockerfile/model';
import { CacheRecipe, CacheRole, ManagerCommand, RECIPES, roleById } from '../managers';
import type { ExecutedUnit, Project } from '../project';
import type { ShellCommand } from '../shell/commands';
import { canRemoveCommand, runsOnlyOnFailure } from '../shell/removal';
import { commandContext, locateRole, rootImage } from './context';
import type { RunPlan, Use } from './index';
import type { Users } from './users';
import { describeIgnore, ignoresTransform } from '../ignores';
import { ID as MOUNTS_ID } from '../../transforms/add-cache-mounts';
import { deletesDirOrParent, isUnder, resolvePath, rmOperands } from './paths';

export type Recognise = (c: ShellCommand, image: string) => ManagerCommand | null;

/** The roles a download command writes or refreshes. */
function wantsRole(m: ManagerCommand, recipe: CacheRecipe, role: CacheRole): boolean {
  if (m.action !== 'download') return false;
  if (role.state) return !!m.refreshes?.includes(role.id);
  return (m.uses ?? recipe.roles.filter((r) => !r.state).map((r) => r.id)).includes(role.id);
}

interface RmPath {
  path: string;
  label: string;
  /** Whether the rm could go if a cache at `t` were mounted (else it would hit the mount point). */
  canGo: (t: string) => boolean;
}

/** rm operands of what the RUN executes, and whether each rm could go. */
function rmPathsOf(project: Project, run: RunInstruction, executed: ExecutedUnit[], home: string | null): RmPath[] {
  const out: RmPath[] = [];
  for (const eu of executed) {
    const shared = (project.executedBy.get(eu.unit.id) ?? [run]).length > 1;
    for (const c of eu.commands) {
      const ops = rmOperands(c) ?? [];
      const resolved = ops.map((w) => resolvePath(w, home, run.env));
      const protectedHere = eu.unit.errors.some(([a, b]) => c.start < b && a < c.end);
      // (an rm after a || is a recovery step: shell-removals keeps it, so the plan must not count on it going)
      const editable = eu.unit.editable && !shared && !protectedHere && !c.inCondition && !runsOnlyOnFailure(c.node);
      for (const [k, w] of ops.entries()) {
        const p = resolved[k];
        if (!p) continue;
        // the whole command goes when every operand is in the cache; else only the word
        const canGo = (t: string): boolean => editable && (!resolved.every((q) => q !== null && isUnder(q, t)) || canRemoveCommand(c.node));
        out.push({ path: p, label: `rm ${w.raw}`, canGo });
      }
    }
  }
  return out;
}

/** A later RUN of the stage lineage that reads a state role without refreshing it (it needs the state in the image). */
function laterReader(project: Project, df: DockerfileModel, run: RunInstruction, role: string, recognise: Recognise): { run: RunInstruction; label: string } | null {
  const inLineage = (s: RunInstruction['stage'] | null): boolean => {
    for (let x = s; x; x = x.baseStage) if (x === run.stage) return true;
    return false;
  };
  for (const other of df.runs) {
    if (other.start <= run.start || !inLineage(other.stage)) continue;
    let reader: string | null = null;
    let refreshes = false;
    for (const eu of project.executes.get(other) ?? []) {
      for (const c of eu.commands) {
        const m = recognise(c, rootImage(other.stage));
        if (!m) continue;
        if (m.reads?.includes(role) && reader === null) reader = m.label;
        if (m.refreshes?.includes(role)) refreshes = true;
      }
    }
    if (reader !== null && !refreshes) return { run: other, label: reader };
  }
  return null;
}

interface Writer {
  run: RunInstruction;
  path: string;
  label: string;
}

/** Commands whose path arguments do not put content there. */
const NOT_WRITING = new Set(['rm', 'mkdir', 'chown', 'chmod', 'chgrp', 'ls', 'test', '[', 'echo', 'printf', 'cat', 'cd', 'stat', 'du', 'find', 'rmdir', 'export']);

/**
 * Paths earlier RUNs of the stage lineage write into: an absolute path argument (or a
 * redirection target) of a command that is not a package manager's (those write their
 * own caches, which a mount may hide) and not one that only inspects or removes.
 */
function earlierWriters(project: Project, run: RunInstruction, recognise: Recognise): Writer[] {
  const out: Writer[] = [];
  const lineage: RunInstruction[] = run.stage.runs.filter((r) => r.start < run.start);
  for (let s = run.stage.baseStage; s; s = s.baseStage) lineage.unshift(...s.runs);
  for (const other of lineage) {
    for (const eu of project.executes.get(other) ?? []) {
      for (const c of eu.commands) {
        if (recognise(c, rootImage(other.stage))) continue;
        const targets = [...(NOT_WRITING.has(c.name) ? [] : c.args.filter((a) => a.literal).map((a) => a.value)), ...redirectTargets(c)];
        for (const v of targets) {
          if (!v.startsWith('/') || /[*?[$`]/.test(v)) continue;
          out.push({ run: other, path: normalisePath(v), label: c.node.text.split('\n')[0].slice(0, 80) });
        }
      }
    }
  }
  return out;
}

/** Where a command's output redirections write (`> /root/.m2/settings.xml`). */
function redirectTargets(c: ShellCommand): string[] {
  const out: string[] = [];
  // tree-sitter puts a simple command's redirections in a redirected_statement around it
  const parent = c.node.parent;
  if (parent?.type !== 'redirected_statement') return out;
  for (let i = 0; i < parent.namedChildCount; i++) {
    const r = parent.namedChild(i);
    if (r?.type !== 'file_redirect' || !/^\d*>/.test(r.text)) continue;
    const dest = r.childForFieldName('destination') ?? r.namedChild(r.namedChildCount - 1);
    if (dest) out.push(dest.text.replace(/^["']|["']$/g, ''));
  }
  return out;
}

/** Per RUN: what it runs, and which mounts to add. */
export function planRunMounts(
  project: Project,
  df: DockerfileModel,
  run: RunInstruction,
  executed: ExecutedUnit[],
  declined: ReadonlyMap<string, string> | undefined,
  recognise: Recognise,
  users: Users,
): RunPlan {
  const uses: Use[] = [];
  const unknown = new Set<string>();
  for (const eu of executed) {
    for (const command of eu.commands) {
      const recognised = recognise(command, rootImage(run.stage));
      if (!recognised) continue;
      const who = users.ofCommand(run, command);
      if ('unknown' in who) {
        if (recognised.action === 'download') unknown.add(command.runAs !== null ? `${recognised.label} runs as ${command.runAs}: ${who.unknown}` : `it runs as USER ${run.user}: ${who.unknown}`);
        continue;
      }
      uses.push({ unit: eu.unit, command, recognised, ctx: commandContext(df.text, run, command, who.user) });
    }
  }
  const runWho = users.ofRun(run);
  const home = 'user' in runWho ? commandContext(df.text, run, null, runWho.user).home : null;
  const existing = run.mounts.filter((m) => m.type === 'cache' && m.target).map((m) => m.target!);
  const plan: RunPlan = { run, dockerfile: df, uses, home, add: [], mounted: new Map(), cacheTargets: [...existing], notes: [] };
  if (run.skip) {
    if (uses.some((u) => u.recognised.action === 'download') || unknown.size) plan.notes.push(`left alone: ${run.skip}`);
    return plan;
  }
  for (const u of unknown) plan.notes.push(`left alone: ${u}`);
  if (ignoresTransform(run.ignore, MOUNTS_ID)) {
    if (uses.some((u) => u.recognised.action === 'download')) plan.notes.push(`no cache mount added: ${describeIgnore(run.ignore!)} above it`);
    return plan;
  }
  const rmPaths = rmPathsOf(project, run, executed, home);
  let writers: Writer[] | undefined;
  for (const recipe of RECIPES) {
    const mine = uses.filter((u) => u.recognised.manager === recipe.id);
    let envNoted = false;
    for (const role of recipe.roles) {
      const needed = new Map<string, Use>();
      for (const u of mine) {
        if (!wantsRole(u.recognised, recipe, role)) continue;
        const loc = locateRole(role, u.ctx, u.recognised);
        if (loc === null) continue;
        if ('unknown' in loc) {
          plan.notes.push(`${recipe.title}'s ${role.holds} not mounted: ${loc.unknown}`);
          continue;
        }
        const t = normalisePath(loc.path);
        if (!needed.has(t)) needed.set(t, u);
      }
      let later: { run: RunInstruction; label: string } | null | undefined;
      for (const [t, u] of needed) {
        const why = refuseMount(run, existing, rmPaths, declined, t, (writers ??= earlierWriters(project, run, recognise)));
        if (why === 'covered') continue;
        if (why) {
          plan.notes.push(`${t} not mounted: ${why}`);
          continue;
        }
        if (role.state && (later ??= laterReader(project, df, run, role.id, recognise))) {
          plan.notes.push(`${t} not mounted: the RUN at line ${later.run.line} runs ${later.label} without refreshing the ${role.holds.replace(/ \(.*\)$/, '')} and needs them in the image`);
          continue;
        }
        const clash = plan.add.find((a) => a.target.target === t);
        if (clash) {
          if (clash.target.uid !== (u.ctx.user.uid || undefined)) plan.notes.push(`${t} is used by two users in this RUN; mounted for the first`);
          continue;
        }
        const off = recipe.disablingEnv?.find((e) => run.env.has(e));
        if (off && !envNoted) {
          envNoted = true;
          plan.notes.push(`ENV ${off} is set for this stage: ${recipe.title} will not use the cache mount until it is removed (the tool does not change ENV, which is part of the image)`);
        }
        const owner = u.ctx.user.uid !== 0 ? { uid: u.ctx.user.uid, gid: u.ctx.user.gid } : {};
        plan.add.push({ role: role.id, manager: recipe.id, target: { target: t, sharing: role.sharing, ...owner } });
        plan.cacheTargets.push(t);
      }
    }
  }
  return plan;
}

/** Why a cache at `t` cannot be mounted in the RUN; `covered` when an existing cache mount already covers it; null when it can. */
function refuseMount(run: RunInstruction, existing: string[], rmPaths: RmPath[], declined: ReadonlyMap<string, string> | undefined, t: string, writers: Writer[]): string | null {
  if (existing.some((m) => isUnder(t, m))) return 'covered';
  // what an earlier COPY, ADD or RUN put there would be hidden by the mount
  // (a folder copied from another stage onto a parent of the cache may bring the cache along)
  const copied = run.copies.find((c) => isUnder(c.dest, t) || (c.fromOtherStage && c.destIsDir && isUnder(t, c.dest) && c.dest !== '/'));
  if (copied) return `the ${copied.fromOtherStage ? 'COPY --from' : 'COPY'} at line ${copied.line} writes into it, and a mount would hide that from this RUN`;
  const wrote = writers.find((w) => isUnder(w.path, t));
  if (wrote) return `the RUN at line ${wrote.run.line} writes into it (\`${wrote.label}\`), and a mount would hide that from this RUN`;
  if (existing.some((m) => isUnder(m, t))) return 'the RUN already mounts a cache inside it';
  const other = run.mounts.find((m) => m.type !== 'cache' && m.target && (isUnder(m.target, t) || isUnder(t, m.target)));
  if (other) return `the RUN already has a ${other.type} mount at ${other.target}`;
  const clash = rmPaths.find((r) => deletesDirOrParent(r.path, t) && (r.path !== t || !r.canGo(t)));
  if (clash) return `\`${clash.label}\` would try to delete the mount point and fail`;
  const kept = declined?.get(t);
  if (kept) return `${kept}, and it would try to delete the mount point and fail`;
  return null;
}

/** Each role's path for the RUN (its own ENV and user) where a cache mount covers it. */
export function rolesOfRun(rp: RunPlan, users: Users): Map<string, string> {
  const out = new Map<string, string>();
  // a RUN with no cache mount has no role a mount covers
  if (rp.run.skip || !rp.cacheTargets.length) return out;
  const who = users.ofRun(rp.run);
  if (!('user' in who)) return out;
  const ctx = commandContext(rp.dockerfile.text, rp.run, null, who.user);
  for (const recipe of RECIPES) {
    for (const role of recipe.roles) {
      const loc = locateRole(role, ctx, null);
      if (loc && 'path' in loc && rp.cacheTargets.some((t) => isUnder(loc.path, t))) out.set(role.id, loc.path);
    }
  }
  return out;
}

/**
 * The path of a role for a command as one RUN runs it, and the cache mount that covers it
 * (if any); `applies` is false where the cache does not exist for that command there.
 */
export function roleCover(rp: RunPlan, command: ShellCommand, recognised: ManagerCommand, roleId: string): { path: string | null; cover: string | null; applies: boolean } {
  const { role } = roleById(roleId);
  const use = rp.uses.find((u) => u.command === command);
  if (!use) return { path: null, cover: null, applies: true };
  const loc = locateRole(role, use.ctx, recognised);
  if (loc === null) return { path: null, cover: null, applies: false };
  if (!('path' in loc)) return { path: null, cover: null, applies: true };
  const cover = rp.run.skip ? null : rp.cacheTargets.find((t) => isUnder(loc.path, t)) ?? null;
  return { path: loc.path, cover, applies: true };
}
