import type { ShellCommand } from '../shell/commands';
import { operands } from './args';
import { CacheRecipe, ManagerCommand } from './recipe';

const DOWNLOADS = new Set(['restore', 'build', 'publish', 'test', 'pack', 'run', 'msbuild', 'add', 'workload']);

/**
 * .NET (NuGet): the global packages folder, $NUGET_PACKAGES or ~/.nuget/packages (HOME,
 * or DOTNET_CLI_HOME). Never all of ~/.nuget, which holds NuGet.Config. `dotnet tool
 * restore` installs local tools into that folder, so such a RUN is left alone. Restore
 * writes without a lock across containers: locked.
 */
export const dotnet: CacheRecipe = {
  id: 'dotnet',
  title: '.NET (NuGet)',
  roles: [
    {
      id: 'nuget',
      holds: 'NuGet packages',
      sharing: 'locked',
      locate: (ctx) => ({ path: ctx.env.get('NUGET_PACKAGES') ?? `${(ctx.env.get('DOTNET_CLI_HOME') ?? ctx.home).replace(/\/+$/, '')}/.nuget/packages` }),
    },
  ],
  lockedBecause: 'NuGet does not lock the packages folder across containers',
  classify(cmd: ShellCommand): ManagerCommand | null {
    if (cmd.name !== 'dotnet') return null;
    const ops = operands(cmd.args, new Set(['-c', '--configuration', '-o', '--output', '-r', '--runtime', '-f', '--framework', '-s', '--source', '-p', '--project', '-v', '--verbosity', '--packages', '-a', '--arch', '--os']));
    const sub = ops[0]?.value ?? '';
    const label = `dotnet ${sub}`.trim();
    if (sub === 'nuget' && ops[1]?.value === 'locals' && ops[2]?.value === 'global-packages' && cmd.args.some((a) => a.value === '--clear' || a.value === '-c')) {
      return { manager: 'dotnet', action: 'wipe', wipes: ['nuget'], disabling: [], label: 'dotnet nuget locals global-packages --clear' };
    }
    const own = cmd.args.findIndex((a) => a.value === '--packages');
    const relocates = own >= 0 && cmd.args[own + 1] ? { nuget: cmd.args[own + 1].value } : undefined;
    if (sub === 'tool' && ['install', 'update'].includes(ops[1]?.value ?? '')) return { manager: 'dotnet', action: 'download', relocates, disabling: [], label: `${label} ${ops[1]?.value}` };
    if (sub === 'add' && ops.some((o) => o.value === 'package')) return { manager: 'dotnet', action: 'download', relocates, disabling: [], label: `${label} package` };
    if (DOWNLOADS.has(sub) && sub !== 'add' && sub !== 'workload') return { manager: 'dotnet', action: 'download', relocates, disabling: [], label };
    return { manager: 'dotnet', action: 'other', relocates, disabling: [], label };
  },
};
