import type { ShellCommand } from '../shell/commands';
import { imageIs, operands } from './args';
import { CacheContext, CacheRecipe, ManagerCommand } from './recipe';

const DOWNLOADS = new Set(['build', 'b', 'install', 'fetch', 'test', 't', 'run', 'r', 'check', 'c', 'update', 'generate-lockfile', 'vendor', 'doc', 'd', 'bench', 'clippy', 'fix', 'rustc', 'chef', 'auditable', 'zigbuild', 'nextest']);

function cargoHome(ctx: CacheContext): string {
  const own = ctx.env.get('CARGO_HOME');
  if (own) return own.replace(/\/+$/, '');
  // the rust images set CARGO_HOME=/usr/local/cargo
  return imageIs(ctx.image, 'rust') ? '/usr/local/cargo' : `${ctx.home === '/' ? '' : ctx.home}/.cargo`;
}

/**
 * cargo: the registry (index and downloaded crates) and the git database under
 * $CARGO_HOME (/usr/local/cargo in the rust images). Never CARGO_HOME itself, which
 * holds installed binaries and configuration, and never `target/`, the build output.
 * Cargo's lock lives outside these folders, so concurrent builds need sharing=locked.
 */
export const cargo: CacheRecipe = {
  id: 'cargo',
  title: 'cargo',
  roles: [
    { id: 'cargo-registry', holds: 'the crate index and downloaded crates', sharing: 'locked', locate: (ctx) => ({ path: `${cargoHome(ctx)}/registry` }) },
    { id: 'cargo-git', holds: 'git dependencies', sharing: 'locked', locate: (ctx) => ({ path: `${cargoHome(ctx)}/git/db` }) },
  ],
  lockedBecause: "cargo's lock file lives outside the mounted folders",
  classify(cmd: ShellCommand): ManagerCommand | null {
    if (cmd.name !== 'cargo') return null;
    const ops = operands(cmd.args, new Set(['--manifest-path', '--target', '--target-dir', '-p', '--package', '--features', '-F', '--profile', '-j', '--jobs', '--root', '--bin', '--example', '--git', '--branch', '--tag', '--rev', '--path', '--version', '--index', '--registry', '-Z', '--config', '--color']));
    let sub = ops[0]?.value ?? '';
    if (sub.startsWith('+')) sub = ops[1]?.value ?? ''; // cargo +nightly build
    const label = `cargo ${sub}`.trim();
    if (DOWNLOADS.has(sub)) return { manager: 'cargo', action: 'download', disabling: [], label };
    return { manager: 'cargo', action: 'other', disabling: [], label };
  },
};
