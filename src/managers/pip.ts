import type { ShellCommand, ShellWord } from '../shell/commands';
import { optionValue } from './args';
import { CacheRecipe, firstOperand, ManagerCommand, underHome } from './recipe';

// pip's general options that take a value and may come before the subcommand
const OPTIONS_WITH_VALUE = new Set([
  '--log', '--proxy', '--retries', '--timeout', '--exists-action', '--trusted-host', '--cert',
  '--client-cert', '--cache-dir', '--python', '--use-feature', '--use-deprecated', '--keyring-provider',
]);
const DOWNLOADS = new Set(['install', 'download', 'wheel']);

/** The pip arguments of `pip…`, `python… -m pip`, or null when the command is not pip. */
function pipArgs(cmd: ShellCommand): readonly ShellWord[] | null {
  if (/^pip(\d+(\.\d+)*)?$/.test(cmd.name)) return cmd.args;
  if (/^python(\d+(\.\d+)*)?$/.test(cmd.name)) {
    for (let i = 0; i < cmd.args.length; i++) {
      const v = cmd.args[i].value;
      if (v === '-m') return cmd.args[i + 1]?.value === 'pip' ? cmd.args.slice(i + 2) : null;
      if (v === '-mpip') return cmd.args.slice(i + 1);
      if (!/^-[a-zA-Z]+$/.test(v)) return null; // a script or -c: not pip
    }
  }
  return null;
}

/**
 * pip, pip3, pip3.12, python -m pip. The HTTP and wheel cache is ~/.cache/pip;
 * it is content-addressed, so concurrent builds may share it.
 */
export const pip: CacheRecipe = {
  id: 'pip',
  title: 'pip',
  roles: [
    {
      id: 'pip',
      holds: 'downloaded wheels and HTTP responses',
      sharing: 'shared',
      locate(ctx) {
        const own = ctx.env.get('PIP_CACHE_DIR');
        if (own) return { path: own };
        const xdg = ctx.env.get('XDG_CACHE_HOME');
        return xdg ? { path: `${xdg.replace(/\/+$/, '')}/pip` } : underHome(ctx, '.cache/pip');
      },
    },
  ],
  disablingEnv: ['PIP_NO_CACHE_DIR'],
  dropNote: 'hadolint DL3042 flags this; silence it with `# hadolint ignore=DL3042`',
  classify(cmd: ShellCommand): ManagerCommand | null {
    const args = pipArgs(cmd);
    if (!args) return null;
    const op = firstOperand(args, OPTIONS_WITH_VALUE);
    const sub = op?.word.value ?? '';
    const label = `${cmd.name === 'pip' || cmd.name.startsWith('pip') ? cmd.name : `${cmd.name} -m pip`} ${sub}`.trim();
    const disabling = [
      ...cmd.assignments.filter((a) => a.value.startsWith('PIP_NO_CACHE_DIR=')),
      ...args.filter((a) => a.value === '--no-cache-dir' || a.value.startsWith('--no-cache-dir=')),
    ].map((word) => ({ word, roles: ['pip'] }));
    const own = optionValue(args, ['--cache-dir']);
    const relocates = own !== undefined ? { pip: own } : undefined;
    if (DOWNLOADS.has(sub)) return { manager: 'pip', action: 'download', relocates, disabling, label };
    if (sub === 'cache' && op) {
      const verb = firstOperand(args.slice(op.index + 1), OPTIONS_WITH_VALUE)?.word.value;
      if (verb === 'purge' || verb === 'remove') {
        return { manager: 'pip', action: 'wipe', wipes: ['pip'], relocates, disabling: [], label: `${label} ${verb}` };
      }
    }
    return { manager: 'pip', action: 'other', disabling: [], label };
  },
};
