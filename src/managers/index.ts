import { apt } from './apt';
import { pip } from './pip';
import type { CacheRecipe, CacheRole, ManagerCommand } from './recipe';
import type { ShellCommand } from '../shell/commands';

/** Every package manager the tool knows, in report order. */
export const RECIPES: readonly CacheRecipe[] = [apt, pip];

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
export function classifyCommand(cmd: ShellCommand): ManagerCommand | null {
  for (const r of RECIPES) {
    const m = r.classify(cmd);
    if (m) return m;
  }
  return null;
}

export type { CacheContext, CacheRecipe, CacheRole, ManagerCommand, StageStep } from './recipe';
