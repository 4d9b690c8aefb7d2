import { DockerfileModel, isRoot, normalisePath, RunInstruction, Stage } from './dockerfile/model';
import { RECIPES } from './managers';
import type { CacheTarget, ManagerCommand } from './managers/recipe';
import type { ExecutedUnit, Project, ShellUnit } from './project';
import type { ShellCommand, ShellWord } from './shell/commands';
import { canRemoveCommand } from './shell/removal';
import { hasGlob, shellSegmentMatches } from './glob';

export interface PlanOptions {
  /** Neutralise Debian's docker-clean hook where apt runs under a cache mount. */
  aptKeepDownloaded: boolean;
}

export interface MountAddition {
  role: string;
  manager: string;
  target: CacheTarget;
}

export interface RunPlan {
  run: RunInstruction;
  dockerfile: DockerfileModel;
  /** Package-manager commands this RUN executes, directly or through scripts. */
  uses: Array<{ unit: ShellUnit; command: ShellCommand; recognised: ManagerCommand }>;
  add: MountAddition[];
  /** Cache targets mounted after the rewrite, by role. */
  mounted: Map<string, string>;
  /** All cache-mount targets after the rewrite, for rm path checks. */
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
  /** Why the words may go, e.g. `/root/.cache/pip is a cache mount`. */
  because: string;
  manager: string;
  /** Every manager whose cache the words concern (rm paths may span several). */
  managers: string[];
  /** True for rm path arguments (cleanup), false for cache-disabling flags. */
  cleanup: boolean;
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

export interface AptFix {
  stage: Stage;
  /** The first RUN of the stage that runs apt under a cache mount; the fix goes right before it. */
  run: RunInstruction;
  dockerfile: DockerfileModel;
}

export interface Plan {
  runs: Map<RunInstruction, RunPlan>;
  wordDrops: WordDrop[];
  commandDrops: CommandDrop[];
  blocked: Blocked[];
  aptFixes: AptFix[];
}

const ROOT_HOME = '/root';

function homeOf(run: RunInstruction): string {
  return (run.env.get('HOME') ?? ROOT_HOME).replace(/\/+$/, '') || '/';
}

function isUnder(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir.endsWith('/') ? dir : `${dir}/`);
}

/** Resolves an rm operand to an absolute path pattern, or null when it is not known statically. */
export function resolvePath(word: ShellWord, home: string): string | null {
  let v = word.value;
  v = v.replace(/^~(?=\/|$)/, home).replace(/^\$\{HOME\}|^\$HOME(?![A-Za-z0-9_])/, home);
  if (/[$`]/.test(v) || !v.startsWith('/')) return null;
  return normalisePath(v);
}

function componentMatches(pattern: string, name: string): boolean {
  return hasGlob(pattern) ? shellSegmentMatches(pattern, name) : pattern === name;
}

/** True when the rm pattern would delete `dir` itself or one of its parents. */
export function deletesDirOrParent(pattern: string, dir: string): boolean {
  const p = pattern.split('/').filter(Boolean);
  const d = dir.split('/').filter(Boolean);
  if (p.length > d.length) return false;
  return p.every((c, k) => componentMatches(c, d[k]));
}

function rmOperands(cmd: ShellCommand): ShellWord[] | null {
  if (cmd.name !== 'rm') return null;
  const out: ShellWord[] = [];
  let opts = true;
  for (const a of cmd.args) {
    if (opts && a.value === '--') {
      opts = false;
      continue;
    }
    if (opts && a.value.startsWith('-') && a.value.length > 1) continue;
    out.push(a);
  }
  return out;
}

function classify(cmd: ShellCommand): ManagerCommand | null {
  for (const r of RECIPES) {
    const m = r.classify(cmd);
    if (m) return m;
  }
  return null;
}

function where(run: RunInstruction, df: DockerfileModel): string {
  return `${df.path}:${run.line}`;
}

/**
 * Mounts not to add, by RUN and target, with the rm that stays and would delete the mount
 * point (found after a first plan, when the shell edits had to keep that rm).
 */
export type Declined = Map<RunInstruction, Map<string, string>>;

/**
 * The added mounts that kept sites would delete: an rm the plan expected to drop but the
 * shell edits had to keep, whose operand is an added mount's target or one of its parents
 * (the rm would fail on the mount point).
 */
export function mountPointClashes(kept: ReadonlyArray<{ site: Site; reason: string }>): Array<{ run: RunInstruction; target: string; label: string }> {
  const out: Array<{ run: RunInstruction; target: string; label: string }> = [];
  for (const { site, reason } of kept) {
    const ops = rmOperands(site.command);
    if (!ops?.length) continue;
    for (const rp of site.runs) {
      for (const a of rp.add) {
        const w = ops.find((x) => {
          const p = resolvePath(x, homeOf(rp.run));
          return p !== null && deletesDirOrParent(p, a.target.target);
        });
        if (w && !out.some((c) => c.run === rp.run && c.target === a.target.target)) out.push({ run: rp.run, target: a.target.target, label: `\`rm ${w.raw}\` cannot be dropped (${reason})` });
      }
    }
  }
  return out;
}

/** Pure decisions: which mounts go where, and which commands and words may go. */
export function planProject(project: Project, options: PlanOptions, declined: Declined = new Map()): Plan {
  const runs = new Map<RunInstruction, RunPlan>();
  const sites = new Map<string, Site>();
  const recognisedCache = new Map<ShellCommand, ManagerCommand | null>();
  const recognise = (c: ShellCommand): ManagerCommand | null => {
    if (!recognisedCache.has(c)) recognisedCache.set(c, classify(c));
    return recognisedCache.get(c)!;
  };

  // 1. Per RUN: what runs, and which mounts to add.
  for (const df of project.dockerfiles) {
    for (const run of df.runs) {
      const executed: ExecutedUnit[] = project.executes.get(run) ?? [];
      const uses: RunPlan['uses'] = [];
      for (const eu of executed) {
        for (const command of eu.commands) {
          const recognised = recognise(command);
          if (!recognised) continue;
          // `sudo -u app pip …` runs as another user, whose cache is elsewhere
          if (command.runAs !== null && !isRoot(command.runAs)) continue;
          uses.push({ unit: eu.unit, command, recognised });
        }
      }
      const plan: RunPlan = { run, dockerfile: df, uses, add: [], mounted: new Map(), cacheTargets: [], notes: [] };
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
      const existing = run.mounts.filter((m) => m.type === 'cache' && m.target).map((m) => m.target!);
      plan.cacheTargets.push(...existing);
      if (run.skip) {
        if (uses.some((u) => u.recognised.action === 'download')) plan.notes.push(`left alone: ${run.skip}`);
        continue;
      }
      const home = homeOf(run);
      const ctx = { home, env: run.env };
      // rm operands, and whether the rm could go if its cache were mounted: an rm of a
      // mount point that stays would fail the build (EBUSY), so such a mount is not added.
      const rmPaths: Array<{ path: string; label: string; canGo: (t: string) => boolean }> = [];
      for (const eu of executed) {
        const shared = (project.executedBy.get(eu.unit.id) ?? [run]).length > 1;
        for (const c of eu.commands) {
          const ops = rmOperands(c) ?? [];
          const resolved = ops.map((w) => resolvePath(w, home));
          const protectedHere = eu.unit.errors.some(([a, b]) => c.start < b && a < c.end);
          const editable = eu.unit.editable && !shared && !protectedHere && !c.inCondition;
          for (const [k, w] of ops.entries()) {
            const p = resolved[k];
            if (!p) continue;
            // the whole command goes when every operand is in the cache; else only the word
            const canGo = (t: string): boolean => editable && (!resolved.every((q) => q !== null && isUnder(q, t)) || canRemoveCommand(c.node));
            rmPaths.push({ path: p, label: `rm ${w.raw}`, canGo });
          }
        }
      }
      for (const recipe of RECIPES) {
        const mine = uses.filter((u) => u.recognised.manager === recipe.id).map((u) => u.recognised);
        const roles = recipe.roles(ctx);
        const wanted = new Set(recipe.wanted(mine));
        for (const [role, target] of roles) {
          const t = normalisePath(target.target);
          if (existing.some((m) => isUnder(t, m))) {
            plan.mounted.set(role, t);
            continue;
          }
          if (!wanted.has(role)) continue;
          if (existing.some((m) => isUnder(m, t))) {
            plan.notes.push(`${t} not mounted: the RUN already mounts a cache inside it`);
            continue;
          }
          const other = run.mounts.find((m) => m.type !== 'cache' && m.target && (isUnder(m.target, t) || isUnder(t, m.target)));
          if (other) {
            plan.notes.push(`${t} not mounted: the RUN already has a ${other.type} mount at ${other.target}`);
            continue;
          }
          const clash = rmPaths.find((r) => deletesDirOrParent(r.path, t) && (r.path !== t || !r.canGo(t)));
          if (clash) {
            plan.notes.push(`${t} not mounted: \`${clash.label}\` would try to delete the mount point and fail`);
            continue;
          }
          const kept = declined.get(run)?.get(t);
          if (kept) {
            plan.notes.push(`${t} not mounted: ${kept}, and it would try to delete the mount point and fail`);
            continue;
          }
          if (role === 'apt-lists') {
            const later = laterAptWithoutUpdate(project, df, run, recognise);
            if (later) {
              plan.notes.push(
                `/var/lib/apt not mounted: the RUN at line ${later.line} installs without apt-get update and needs the package lists in the image`,
              );
              continue;
            }
          }
          if (role === 'pip' && run.env.has('PIP_NO_CACHE_DIR')) {
            plan.notes.push('ENV PIP_NO_CACHE_DIR is set for this stage: pip will not use the cache mount until it is removed (the tool does not change ENV, which is part of the image)');
          }
          plan.add.push({ role, manager: recipe.id, target: { ...target, target: t } });
          plan.mounted.set(role, t);
          plan.cacheTargets.push(t);
        }
      }
    }
  }

  // 2. Per site: what may go. Every RUN that executes the site must mount the cache.
  const wordDrops: WordDrop[] = [];
  const commandDrops: CommandDrop[] = [];
  const blocked: Blocked[] = [];
  const missing = (site: Site, role: string): RunPlan[] => site.runs.filter((rp) => rp.run.skip || !rp.mounted.has(role));
  const lacks = (site: Site, rps: RunPlan[], what: string): string =>
    `kept: ${rps.map((rp) => `the RUN at ${where(rp.run, rp.dockerfile)}`).join(' and ')} ${rps.length > 1 ? 'do' : 'does'} not mount ${what}`;
  const mountedSomewhere = (site: Site, role: string): boolean => site.runs.some((rp) => rp.mounted.has(role));
  const targetsText = (site: Site, roles: string[]): string => {
    const ts = new Set<string>();
    for (const rp of site.runs) for (const r of roles) if (rp.mounted.get(r)) ts.add(rp.mounted.get(r)!);
    return [...ts].join(' and ');
  };

  for (const site of sites.values()) {
    const { command } = site;
    const recognised = command.runAs !== null && !isRoot(command.runAs) ? null : recognise(command);
    if (recognised && recognised.action === 'wipe') {
      const roles = recognised.wipes ?? [];
      const lacking = site.runs.filter((rp) => roles.some((r) => rp.run.skip || !rp.mounted.has(r)));
      if (lacking.length === 0) {
        const ts = targetsText(site, roles);
        commandDrops.push({ site, label: recognised.label, because: `${ts} ${ts.includes(' and ') ? 'are cache mounts' : 'is a cache mount'}`, managers: [recognised.manager] });
      } else if (roles.some((r) => mountedSomewhere(site, r))) {
        blocked.push({ site, label: recognised.label, reason: lacks(site, lacking, roles.map((r) => roleTarget(site, r)).join(' and ')) });
      }
    }
    if (recognised && recognised.disabling.length) {
      const role = recognised.manager === 'pip' ? 'pip' : recognised.manager;
      const lacking = missing(site, role);
      if (lacking.length === 0) {
        wordDrops.push({
          site,
          words: recognised.disabling,
          because: `${targetsText(site, [role])} is a cache mount`,
          manager: recognised.manager,
          managers: [recognised.manager],
          cleanup: false,
        });
      } else if (mountedSomewhere(site, role)) {
        blocked.push({ site, label: recognised.disabling.map((w) => w.raw).join(' '), reason: lacks(site, lacking, roleTarget(site, role)) });
      }
    }
    const operands = rmOperands(command);
    if (operands && operands.length) {
      const removable: ShellWord[] = [];
      const because = new Set<string>();
      for (const w of operands) {
        const p = resolvePath(w, ROOT_HOME);
        if (!p) continue;
        let ok = site.runs.length > 0;
        let someMounted = false;
        for (const rp of site.runs) {
          // `~` and `$HOME` follow the RUN's own HOME
          const own = resolvePath(w, homeOf(rp.run));
          const t = rp.run.skip || !own ? undefined : rp.cacheTargets.find((m) => isUnder(own, m));
          if (t) {
            someMounted = true;
            because.add(t);
          } else ok = false;
        }
        if (ok) removable.push(w);
        else if (someMounted) {
          const lacking = site.runs.filter((rp) => rp.run.skip || !rp.cacheTargets.some((m) => isUnder(p, m)));
          blocked.push({ site, label: `rm ${w.raw}`, reason: lacks(site, lacking, `a cache at ${p}`) });
        }
      }
      const text = `${[...because].join(' and ')} ${because.size > 1 ? 'are cache mounts' : 'is a cache mount'}`;
      if (removable.length && removable.length === operands.length) {
        commandDrops.push({ site, label: command.node.text.split('\n')[0].replace(/\s*\\$/, ''), because: text, managers: managersOfPaths(site, [...because]) });
      } else if (removable.length) {
        const managers = managersOfPaths(site, [...because]);
        wordDrops.push({ site, words: removable, because: text, manager: managers[0] ?? 'cache', managers, cleanup: true });
      }
    }
  }

  return { runs, wordDrops, commandDrops, blocked, aptFixes: options.aptKeepDownloaded ? planAptFixes(project, runs) : [] };
}

function roleTarget(site: Site, role: string): string {
  for (const rp of site.runs) {
    const t = rp.mounted.get(role);
    if (t) return t;
  }
  for (const recipe of RECIPES) {
    const t = recipe.roles({ home: ROOT_HOME, env: site.runs[0]?.run.env ?? new Map() }).get(role);
    if (t) return t.target;
  }
  return role;
}

function managersOfPaths(site: Site, targets: string[]): string[] {
  const out = new Set<string>();
  for (const rp of site.runs) {
    for (const [role, t] of rp.mounted) {
      if (targets.includes(t)) out.add(role.split('-')[0]);
    }
  }
  return [...out];
}

/** A later RUN in this stage (or a stage built on it) that installs with apt but never refreshes the lists. */
function laterAptWithoutUpdate(
  project: Project,
  df: DockerfileModel,
  run: RunInstruction,
  recognise: (c: ShellCommand) => ManagerCommand | null,
): RunInstruction | null {
  const inLineage = (s: Stage | null): boolean => {
    for (let x = s; x; x = x.baseStage) if (x === run.stage) return true;
    return false;
  };
  for (const other of df.runs) {
    if (other.start <= run.start || !inLineage(other.stage)) continue;
    let downloads = false;
    let updates = false;
    for (const eu of project.executes.get(other) ?? []) {
      for (const c of eu.commands) {
        const m = recognise(c);
        if (m?.manager !== 'apt') continue;
        if (m.action === 'download') downloads = true;
        if (m.updatesIndex) updates = true;
      }
    }
    if (downloads && !updates) return other;
  }
  return null;
}

const NOT_DEBIAN = /(^|[/:-])(alpine|fedora|centos|rockylinux|rocky|almalinux|alma|ubi\d*(-\w+)?|rhel\d*|redhat|amazonlinux|opensuse|sles|suse|archlinux|arch|busybox|distroless|wolfi|chainguard|photon|oraclelinux|clearlinux|gentoo|voidlinux|manjaro|mageia|openeuler|scratch)([/:.-]|$)/i;

/** An existing fix: the hook removed or edited, or apt told to keep downloads. */
const FIX_MARKERS = /Keep-Downloaded-Packages|\b(rm|unlink|sed|mv|truncate|tee)\b[^\n]*\/etc\/apt\/apt\.conf\.d\/docker-clean|>\s*\/etc\/apt\/apt\.conf\.d\/docker-clean/;

/** Stages where apt runs under a cache mount and nothing keeps its downloads yet. */
function planAptFixes(project: Project, runs: Map<RunInstruction, RunPlan>): AptFix[] {
  const out: AptFix[] = [];
  for (const df of project.dockerfiles) {
    const fixed = new Set<Stage>();
    const runHasFix = (r: RunInstruction): boolean =>
      FIX_MARKERS.test(df.text.slice(r.start, r.end)) || (project.executes.get(r) ?? []).some((eu) => FIX_MARKERS.test(eu.unit.source.original));
    for (const stage of df.stages) {
      let inherited = false;
      for (let s = stage.baseStage; s; s = s.baseStage) if (fixed.has(s) || s.runs.some(runHasFix)) inherited = true;
      if (inherited) {
        fixed.add(stage);
        continue;
      }
      let root: Stage = stage;
      while (root.baseStage) root = root.baseStage;
      if (NOT_DEBIAN.test(root.image) || stage.skip) continue;
      const first = stage.runs.find((r) => {
        const rp = runs.get(r);
        return !!rp && !r.skip && isRoot(r.user) && rp.mounted.has('apt-archives') && rp.uses.some((u) => u.recognised.manager === 'apt' && u.recognised.action === 'download');
      });
      // A fix counts where it runs no later than the first apt use under a mount.
      const fixIndex = stage.runs.findIndex(runHasFix);
      if (fixIndex !== -1 && (!first || fixIndex <= stage.runs.indexOf(first))) {
        fixed.add(stage);
        continue;
      }
      if (!first) continue;
      out.push({ stage, run: first, dockerfile: df });
      fixed.add(stage);
    }
  }
  return out;
}
