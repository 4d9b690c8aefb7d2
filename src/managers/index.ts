import { apt } from './apt';
import { pip } from './pip';
import type { CacheRecipe } from './recipe';

/** Every package manager the tool knows, in report order. */
export const RECIPES: readonly CacheRecipe[] = [apt, pip];

export type { CacheRecipe } from './recipe';
