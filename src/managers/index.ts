import { apk } from './apk';
import { apt } from './apt';
import { bun } from './bun';
import { bundler } from './bundler';
import { cargo } from './cargo';
import { composer } from './composer';
import { conda } from './conda';
import { dnf } from './dnf';
import { dotnet } from './dotnet';
import { go } from './go';
import { gradle } from './gradle';
import { maven } from './maven';
import { microdnf } from './microdnf';
import { npm } from './npm';
import { pdm } from './pdm';
import { pip } from './pip';
import { pnpm } from './pnpm';
import { poetry } from './poetry';
import { tdnf } from './tdnf';
import { uv } from './uv';
import { yarn } from './yarn';
import { yum } from './yum';
import { zypper } from './zypper';
import type { CacheRecipe, CacheRole, ManagerCommand } from './recipe';
import type { ShellCommand } from '../shell/commands';

/** Every package manager the tool knows, in report order. */
export const RECIPES: readonly CacheRecipe[] = [apt, pip, apk, dnf, microdnf, yum, tdnf, zypper, npm, yarn, pnpm, bun, uv, poetry, pdm, conda, go, cargo, maven, gradle, bundler, composer, dotnet];

const ROLES = new Map<string, { recipe: CacheRecipe; role: CacheRole }>();
for (const recipe of RECIPES) for (const role of recipe.roles) ROLES.set(role.id, { recipe, role });

/** The recipe and description of a cache role. */
export function roleById(id: string): { recipe: CacheRecipe; role: CacheRole } {
  const r = ROLES.get(id);
  if (!r) throw new Error(`unknown cache role ${id}`);
  return r;
}

export function recipeById(id: string): CacheRecipe {
  const r = RECIPES.find((x) => x.id === id);
  if (!r) throw new Error(`unknown package manager ${id}`);
  return r;
}

/** The first recipe that recognises the command, and what it makes of it. */
export function classifyCommand(cmd: ShellCommand, image: string): ManagerCommand | null {
  for (const r of RECIPES) {
    const m = r.classify(cmd, image);
    if (m) return m;
  }
  return null;
}

export type { CacheContext, CacheOption, CacheRecipe, CacheRole, ManagerCommand, StageStep } from './recipe';
