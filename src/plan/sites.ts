import type { RunInstruction } from '../dockerfile/model';
import { roleById } from '../managers';
import type { ShellWord } from '../shell/commands';
import type { Blocked, CommandDrop, OptionAdd, RunPlan, Site, WordDrop } from './index';
import { Recognise, roleCover } from './mounts';
import { rootImage } from './context';
import { isUnder, resolvePath, rmOperands } from './paths';

function where(run: RunInstruction, rp: RunPlan): string {
  return `${rp.dockerfile.path}:${run.line}`;
}

function lacks(rps: RunPlan[], what: string): string {
  return `kept: ${rps.map((rp) => `the RUN at ${where(rp.run, rp)}`).join(' and ')} ${rps.length > 1 ? 'do' : 'does'} not mount ${what}`;
}

function mountsText(targets: Iterable<string>): string {
  const ts = [...new Set(targets)];
  return `${ts.join(' and ')} ${ts.length > 1 ? 'are cache mounts' : 'is a cache mount'}`;
}

/**
 * Roles a site's command touches, checked in every RUN that executes it: the RUNs that
 * do not mount them, and the role paths that are mounted (roles that do not exist where
 * a RUN runs the command do not count).
 */
function coverage(site: Site, roles: string[]): { lacking: RunPlan[]; paths: string[] } {
  const lacking: RunPlan[] = [];
  const paths: string[] = [];
  for (const rp of site.runs) {
    const m = rp.uses.find((u) => u.command === site.command)?.recognised;
    let ok = !rp.run.skip && !!m;
    let any = false;
    for (const r of roles) {
      const c = m ? roleCover(rp, site.command, m, r) : { path: null, cover: null, applies: true };
      if (!c.applies) continue;
      any = true;
      if (c.cover && c.path) paths.push(c.path);
      else ok = false;
    }
    if (!ok || !any) lacking.push(rp);
  }
  return { lacking, paths };
}

/** Per site: what may go. Every RUN that executes the site must mount the cache. */
export function planSites(sites: Site[], recognise: Recognise): { wordDrops: WordDrop[]; commandDrops: CommandDrop[]; blocked: Blocked[]; optionAdds: OptionAdd[] } {
  const wordDrops: WordDrop[] = [];
  const commandDrops: CommandDrop[] = [];
  const blocked: Blocked[] = [];
  const optionAdds: OptionAdd[] = [];
  for (const site of sites) {
    const { command } = site;
    const recognised = site.runs.length ? recognise(command, rootImage(site.runs[0].run.stage)) : null;
    if (recognised && recognised.action === 'wipe') {
      const roles = recognised.wipes ?? [];
      const c = coverage(site, roles);
      if (c.lacking.length === 0) {
        const because = mountsText(c.paths);
        if (recognised.narrow) wordDrops.push({ site, words: [recognised.narrow.word], replacements: [recognised.narrow.text], because, manager: recognised.manager, managers: [recognised.manager], cleanup: true });
        else commandDrops.push({ site, label: recognised.label, because, managers: [recognised.manager] });
      } else if (c.paths.length) blocked.push({ site, label: recognised.label, reason: lacks(c.lacking, roles.map((r) => roleText(site, r)).join(' and ')) });
    }
    if (recognised && recognised.disabling.length) {
      const roles = [...new Set(recognised.disabling.flatMap((d) => d.roles))];
      const c = coverage(site, roles);
      if (c.lacking.length === 0) {
        wordDrops.push({
          site,
          words: recognised.disabling.map((d) => d.word),
          replacements: recognised.disabling.some((d) => d.replacement !== undefined) ? recognised.disabling.map((d) => d.replacement) : undefined,
          because: mountsText(c.paths),
          manager: recognised.manager,
          managers: [recognised.manager],
          cleanup: false,
        });
      } else if (c.paths.length) {
        blocked.push({ site, label: recognised.disabling.map((d) => d.word.raw).join(' '), reason: lacks(c.lacking, roles.map((r) => roleText(site, r)).join(' and ')) });
      }
    }
    for (const option of recognised?.options ?? []) {
      if (option.when && !site.runs.every((rp) => rp.uses.some((u) => u.command === command && option.when!(u.ctx)))) continue;
      const c = coverage(site, option.roles);
      const path = c.paths[0];
      if (c.lacking.length || path === undefined) continue;
      // one text for every RUN that runs it: the path must be the same for all
      if (option.text.includes('{path}') && c.paths.some((p) => p !== path)) {
        blocked.push({ site, label: option.text, reason: `kept without it: the RUNs that run it mount ${[...new Set(c.paths)].join(' and ')}` });
        continue;
      }
      optionAdds.push({ site, option, text: option.text.replace('{path}', path), because: mountsText([path]), manager: recognised!.manager });
    }
    planRm(site, wordDrops, commandDrops, blocked);
  }
  return { wordDrops, commandDrops, blocked, optionAdds };
}

/** A role's path where some RUN of the site mounts it, else where the first RUN would find it. */
function roleText(site: Site, role: string): string {
  for (const rp of site.runs) {
    const t = rp.mounted.get(role);
    if (t) return t;
  }
  const m = site.runs[0]?.uses.find((u) => u.command === site.command)?.recognised;
  if (site.runs[0] && m) return roleCover(site.runs[0], site.command, m, role).path ?? role;
  return role;
}

/** rm operands under a mounted cache: the whole rm goes when all of them are. */
function planRm(site: Site, wordDrops: WordDrop[], commandDrops: CommandDrop[], blocked: Blocked[]): void {
  const operands = rmOperands(site.command);
  if (!operands || !operands.length) return;
  const removable: ShellWord[] = [];
  const because = new Set<string>();
  for (const w of operands) {
    const p = resolvePath(w, site.runs[0]?.home ?? '/root', site.runs[0]?.run.env);
    if (!p) continue;
    let ok = site.runs.length > 0;
    let someMounted = false;
    for (const rp of site.runs) {
      // `~` and `$HOME` follow the RUN's own HOME
      const own = resolvePath(w, rp.home, rp.run.env);
      const t = rp.run.skip || !own ? undefined : rp.cacheTargets.find((m) => isUnder(own, m));
      if (t) {
        someMounted = true;
        because.add(t);
      } else ok = false;
    }
    if (ok) removable.push(w);
    else if (someMounted) {
      const lacking = site.runs.filter((rp) => rp.run.skip || !rp.cacheTargets.some((m) => isUnder(p, m)));
      blocked.push({ site, label: `rm ${w.raw}`, reason: lacks(lacking, `a cache at ${p}`) });
    }
  }
  const text = mountsText(because);
  const managers = managersOfPaths(site, [...because]);
  if (removable.length && removable.length === operands.length) {
    commandDrops.push({ site, label: site.command.node.text.split('\n')[0].replace(/\s*\\$/, ''), because: text, managers });
  } else if (removable.length) {
    wordDrops.push({ site, words: removable, because: text, manager: managers[0] ?? 'cache', managers, cleanup: true });
  }
}

/** The managers whose caches the mount targets hold (those the RUNs run, where a path is two managers' cache). */
function managersOfPaths(site: Site, targets: string[]): string[] {
  const out = new Set<string>();
  const used = new Set<string>();
  for (const rp of site.runs) {
    for (const [role, t] of rp.mounted) {
      if (!targets.includes(t)) continue;
      const id = roleById(role).recipe.id;
      out.add(id);
      if (rp.uses.some((u) => u.recognised.manager === id && u.recognised.action !== 'other')) used.add(id);
    }
  }
  return [...(used.size ? used : out)];
}
