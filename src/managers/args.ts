import type { ShellWord } from '../shell/commands';

/** The value of an option: `--name value`, `--name=value`, or for a short name `-n value` / `-nvalue`. */
export function optionValue(args: readonly ShellWord[], names: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const v = args[i].value;
    if (v === '--') return undefined;
    for (const n of names) {
      if (v === n) return args[i + 1]?.value;
      if (n.startsWith('--') && v.startsWith(`${n}=`)) return v.slice(n.length + 1);
      if (/^-[A-Za-z]$/.test(n) && v.startsWith(n) && v.length > 2 && !v.startsWith('--')) return v.slice(2);
    }
  }
  return undefined;
}

/** Whether any of the flags is given (`--flag`, `--flag=…`, or a short flag inside a cluster such as `-afy`). */
export function hasFlag(args: readonly ShellWord[], names: readonly string[]): boolean {
  return args.some((a) => {
    const v = a.value;
    return names.some((n) => v === n || (n.startsWith('--') && v.startsWith(`${n}=`)) || (/^-[A-Za-z]$/.test(n) && /^-[A-Za-z]+$/.test(v) && v.includes(n[1])));
  });
}

/** The words that are not options (nor the values of the options listed). */
export function operands(args: readonly ShellWord[], withValue: ReadonlySet<string> = new Set()): ShellWord[] {
  const out: ShellWord[] = [];
  for (let i = 0; i < args.length; i++) {
    const v = args[i].value;
    if (v === '--') return [...out, ...args.slice(i + 1)];
    if (v.startsWith('-') && v.length > 1) {
      if (withValue.has(v)) i++;
      continue;
    }
    out.push(args[i]);
  }
  return out;
}

/** A relocation given on the command line, as the recipe's `relocates` wants it. */
export function relocation(role: string, value: string | undefined): Record<string, string> | undefined {
  return value === undefined ? undefined : { [role]: value };
}

/** An ENV value, matched case-insensitively (npm reads `npm_config_cache` in any case). */
export function envAnyCase(env: ReadonlyMap<string, string>, name: string): string | undefined {
  const want = name.toLowerCase();
  for (const [k, v] of env) if (k.toLowerCase() === want) return v;
  return undefined;
}

/** Matches an image by repository name (any registry, tag or digest). */
export function imageIs(image: string, ...repos: string[]): boolean {
  const name = image.replace(/[@:][^/]*$/, '').toLowerCase();
  return repos.some((r) => name === r || name.endsWith(`/${r}`));
}
