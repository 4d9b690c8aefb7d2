import type { ShellCommand } from '../shell/commands';
import { hasFlag, imageIs, operands } from './args';
import { CacheContext, CacheLocation, CacheRecipe, ManagerCommand } from './recipe';

const WITH_VALUE = new Set(['-n', '--name', '-p', '--prefix', '-c', '--channel', '-f', '--file', '-r', '--root-prefix', '--override-channels']);
const DOWNLOADS = new Set(['install', 'create', 'update', 'upgrade']);
const CLEAN_CACHE_FLAGS = ['-a', '--all', '-t', '--tarballs', '-p', '--packages', '-i', '--index-cache', '-f', '--force-pkgs-dirs'];

/** Images whose conda lives in /opt/conda. */
const CONDA_IMAGES = ['continuumio/miniconda3', 'continuumio/anaconda3', 'continuumio/miniconda', 'condaforge/miniforge3', 'condaforge/mambaforge', 'condaforge/miniforge-pypy3', 'mambaorg/micromamba'];

/** Where conda, mamba or micromamba keep extracted packages and tarballs for this RUN. */
function pkgsDir(ctx: CacheContext): CacheLocation {
  const list = ctx.env.get('CONDA_PKGS_DIRS');
  if (list) return { path: list.split(',')[0].trim() };
  const root = ctx.env.get('MAMBA_ROOT_PREFIX') ?? ctx.env.get('CONDA_DIR') ?? (CONDA_IMAGES.some((i) => imageIs(ctx.image, i)) ? '/opt/conda' : undefined);
  if (ctx.user.uid !== 0 && !imageIs(ctx.image, 'mambaorg/micromamba')) return { path: `${ctx.home === '/' ? '' : ctx.home}/.conda/pkgs` };
  if (!root) return { unknown: 'where conda is installed is not known from the Dockerfile (set CONDA_PKGS_DIRS or MAMBA_ROOT_PREFIX)' };
  return { path: `${root.replace(/\/+$/, '')}/pkgs` };
}

/**
 * conda, mamba and micromamba. The package cache is `<root prefix>/pkgs` (/opt/conda/pkgs
 * in the conda images and mambaorg/micromamba), CONDA_PKGS_DIRS moves it; never the prefix
 * itself or its envs, which are the installed environments. conda copies out of a cache
 * on another file system when it cannot hard-link. Extraction is not locked: locked.
 * micromamba also keeps repodata shards in ~/.cache/conda, which `clean -a` deletes.
 */
export const conda: CacheRecipe = {
  id: 'conda',
  title: 'conda',
  roles: [
    { id: 'conda', holds: 'downloaded and extracted packages', sharing: 'locked', locate: pkgsDir, where: '<root prefix>/pkgs' },
    { id: 'conda-shards', holds: 'repodata shards', sharing: 'locked', locate: (ctx) => ({ path: `${ctx.env.get('XDG_CACHE_HOME')?.replace(/\/+$/, '') ?? `${ctx.home === '/' ? '' : ctx.home}/.cache`}/conda` }) },
  ],
  lockedBecause: 'conda does not lock extraction',
  classify(cmd: ShellCommand): ManagerCommand | null {
    if (cmd.name !== 'conda' && cmd.name !== 'mamba' && cmd.name !== 'micromamba') return null;
    const micro = cmd.name === 'micromamba';
    // `/opt/conda/bin/conda install …`: the root prefix is where the program lives
    const at = /^(\/.+)\/(?:bin|condabin)\/(?:conda|mamba|micromamba)$/.exec(cmd.nameWord.value);
    const relocates = at && !micro ? { conda: `${at[1]}/pkgs` } : undefined;
    const ops = operands(cmd.args, WITH_VALUE);
    let sub = ops[0]?.value ?? '';
    if (sub === 'env') sub = `env ${ops[1]?.value ?? ''}`;
    const label = `${cmd.name} ${sub}`.trim();
    const roles = micro ? ['conda', 'conda-shards'] : ['conda'];
    if (sub === 'clean' && hasFlag(cmd.args, CLEAN_CACHE_FLAGS)) return { manager: 'conda', action: 'wipe', wipes: roles, relocates, disabling: [], label };
    if (DOWNLOADS.has(sub) || sub === 'env create' || sub === 'env update') return { manager: 'conda', action: 'download', uses: roles, relocates, disabling: [], label };
    return { manager: 'conda', action: 'other', relocates, disabling: [], label };
  },
};
