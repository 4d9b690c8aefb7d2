/**
 * The checker's own, independent knowledge of package managers: which removed commands
 * and words are cache cleanups or cache switches, which added words are options the
 * tool may add, and where each cache lives for a RUN. It is deliberately written apart
 * from src/managers (a second opinion, in a different shape): the checker passes an edit
 * only when this table explains it.
 */

/** How a RUN runs its commands: HOME, ENV, the root base image, the user id. */
export interface RunSetting {
  home: string;
  /** ENV as a plain object (cases are dumped as JSON and replayed). */
  env: Readonly<Record<string, string>>;
  image: string;
  uid: number;
  /** The user's home as the passwd file has it (Maven and Gradle go by it, not by $HOME). */
  passwdHome?: string;
  /** The RUN's own text, where commands may name their cache (`--setopt=cachedir=…`). */
  text?: string;
}

export const SEP = '(?:[\\s\\\\`]+)';
/** Redirections that go with a removed cleanup: `> /dev/null`, `2>&1`, `&>/dev/null`. */
export const REDIRECTS = `(?:${SEP}?(?:[0-9]?>>?|&${SEP}?>>?)${SEP}?(?:/dev/null|&${SEP}?[0-9])(?![\\w/-]))*`;
const SUDO = `(?:sudo${SEP}(?:-\\w+${SEP})*)?`;
// options, also with quoted values (`--enablerepo='*'`)
const OPTS = `(?:${SEP}-[-\\w=.]+(?:["'][^"'\\s]*["'])?)*`;
const end = (src: string): RegExp => new RegExp(`${SUDO}${src}${REDIRECTS}(?![\\w-])`, 'g');

const DNF_FAMILY = ['dnf'];

/** Commands that only wipe caches, and the caches they wipe (all of them must be mounted). */
export const CLEANUPS: ReadonlyArray<{ re: RegExp; kinds: string[] | ((text: string) => string[]) }> = [
  { re: end(`(?:apt-get|apt)${OPTS}${SEP}(?:clean|dist-clean|distclean)${OPTS}(?:${SEP}all)?`), kinds: (t) => (/dist-?clean/.test(t) ? ['apt-archives', 'apt-lists'] : ['apt-archives']) },
  { re: end(`(?:(?:/opt/venv/bin/)?pip[\\d.]*|python[\\d.]*${SEP}-m${SEP}pip)${SEP}cache${SEP}(?:purge|remove${SEP}[\\w*'"-]+)`), kinds: ['pip'] },
  { re: end(`apk${OPTS}${SEP}cache${SEP}(?:clean|purge)${OPTS}`), kinds: ['apk'] },
  { re: end(`(?:dnf|dnf5|dnf4|dnf-3|yum|microdnf|tdnf)${OPTS}${SEP}clean${OPTS}(?:${SEP}(?:all|packages|metadata|dbcache|expire-cache|headers))+${OPTS}`), kinds: DNF_FAMILY },
  { re: end(`zypper${OPTS}${SEP}(?:clean|cc)${OPTS}`), kinds: ['zypp'] },
  { re: end(`npm${SEP}cache${SEP}(?:clean|clear|rm)${OPTS}`), kinds: ['npm'] },
  { re: end(`(?:yarn|yarnpkg)${SEP}cache${SEP}clean`), kinds: ['yarn'] },
  { re: end(`pnpm${SEP}store${SEP}prune`), kinds: ['pnpm'] },
  { re: end(`bun${SEP}pm${SEP}cache${SEP}rm`), kinds: ['bun'] },
  { re: end(`uv${SEP}cache${SEP}(?:clean|prune)${OPTS}`), kinds: ['uv'] },
  { re: end(`poetry${SEP}cache${SEP}clear(?:${SEP}[\\w.-]+)*?${SEP}--all(?:${SEP}[\\w.-]+)?`), kinds: ['poetry'] },
  { re: end(`(?:/[\\w./-]*/bin/)?(?:conda|mamba|micromamba)${SEP}clean${OPTS}`), kinds: (t) => (/micromamba/.test(t) ? ['conda', 'conda-shards'] : ['conda']) },
  { re: end(`go${SEP}clean(?:${SEP}-(?:modcache|cache|testcache|fuzzcache))+`), kinds: (t) => [...(/-modcache/.test(t) ? ['go-mod'] : []), ...(/-(?:cache|testcache|fuzzcache)\b/.test(t) ? ['go-build'] : [])] },
  { re: end(`composer${SEP}(?:clear-cache|clearcache|cc)`), kinds: ['composer'] },
  { re: end(`pdm${SEP}cache${SEP}clear`), kinds: ['pdm'] },
  { re: end(`dotnet${SEP}nuget${SEP}locals${SEP}global-packages${SEP}(?:--clear|-c)`), kinds: ['nuget'] },
];

/** Words that turn a cache off; any one of the kinds mounted justifies dropping them. */
export const DISABLING: ReadonlyArray<{ re: RegExp; kinds: string[] }> = [
  { re: /(?<![\w-])(?:--no-cache-dir(?:=\S*)?|PIP_NO_CACHE_DIR=\S*)(?![\w-])/g, kinds: ['pip', 'uv'] },
  { re: /(?<![\w-])(?:--no-cache|UV_NO_CACHE=\S*|COMPOSER_NO_CACHE=\S*)(?![\w-])/g, kinds: ['apk', 'uv', 'poetry', 'composer'] },
  { re: /(?<![\w-])-n(?![\w-])/g, kinds: ['uv'] },
  // `yum clean all` narrowed to `yum clean rpmdb` (yum 3 clears rpmdb indexes outside the cache too)
  { re: /(?<![\w-])all(?![\w-])/g, kinds: DNF_FAMILY },
];

/** Words the tool may add to a command, where the RUN mounts one of the kinds; `{path}` must be a mounted path. */
export const ADDITIONS: ReadonlyArray<{ re: RegExp; kinds: string[]; path?: number }> = [
  { re: /(?<![\w-])--update-cache(?![\w-])/g, kinds: ['apk'] },
  { re: /(?<![\w-])--cache-dir[\s\\`]+(\/\S+)/g, kinds: ['apk'], path: 1 },
  { re: /(?<![\w-])--setopt=keepcache=1(?![\w-])/g, kinds: DNF_FAMILY },
  { re: /(?<![\w-])--refresh(?![\w-])/g, kinds: DNF_FAMILY },
  { re: /(?<![\w-])UV_LINK_MODE=copy(?![\w-])/g, kinds: ['uv'] },
  { re: /(?<![\w-])COMPOSER_CACHE_DIR=(\/\S+)/g, kinds: ['composer'], path: 1 },
  { re: /(?<![\w-])rpmdb(?![\w-])/g, kinds: DNF_FAMILY },
];

const slash = (p: string): string => p.replace(/\/+$/, '');
const under = (s: RunSetting, rel: string): string => `${s.home === '/' ? '' : slash(s.home)}/${rel}`;
const imageIs = (s: RunSetting, name: string): boolean => new RegExp(`(^|/)${name}(:|@|$)`).test(s.image);
const envCase = (s: RunSetting, name: string): string | undefined => Object.entries(s.env).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];

/** Where a cache kind lives for a RUN: every place it may be (a cleanup is justified when one of them is mounted). */
export function cacheDirs(kind: string, s: RunSetting): string[] {
  const e = (k: string): string | undefined => (Object.prototype.hasOwnProperty.call(s.env, k) ? s.env[k] : undefined);
  const xdg = e('XDG_CACHE_HOME');
  switch (kind) {
    case 'apt-archives':
      return ['/var/cache/apt'];
    case 'apt-lists':
      return ['/var/lib/apt'];
    case 'pip':
      return [e('PIP_CACHE_DIR') ?? (xdg ? `${slash(xdg)}/pip` : under(s, '.cache/pip'))];
    case 'apk':
      return ['/var/cache/apk'];
    case 'dnf':
      return ['/var/cache/dnf', '/var/cache/libdnf5', '/var/cache/yum', '/var/cache/tdnf', ...[...(s.text ?? '').matchAll(/--setopt=(?:system_)?cachedir=(\/\S+)/g)].map((m) => m[1])];
    case 'zypp':
      return ['/var/cache/zypp'];
    case 'npm':
      return [envCase(s, 'npm_config_cache') ?? under(s, '.npm')];
    case 'yarn':
      return [envCase(s, 'YARN_CACHE_FOLDER') ?? (xdg ? `${slash(xdg)}/yarn` : s.uid === 0 ? '/usr/local/share/.cache/yarn' : under(s, '.cache/yarn'))];
    case 'pnpm':
      return [e('PNPM_HOME') ? `${slash(e('PNPM_HOME')!)}/store` : e('XDG_DATA_HOME') ? `${slash(e('XDG_DATA_HOME')!)}/pnpm/store` : under(s, '.local/share/pnpm/store')];
    case 'bun':
      return [e('BUN_INSTALL_CACHE_DIR') ?? (e('BUN_INSTALL') ? `${slash(e('BUN_INSTALL')!)}/install/cache` : under(s, '.bun/install/cache'))];
    case 'uv':
      return [e('UV_CACHE_DIR') ?? (xdg ? `${slash(xdg)}/uv` : under(s, '.cache/uv'))];
    case 'poetry': {
      const d = e('POETRY_CACHE_DIR') ?? (xdg ? `${slash(xdg)}/pypoetry` : under(s, '.cache/pypoetry'));
      return [slash(d), `${slash(d)}/cache`, `${slash(d)}/artifacts`];
    }
    case 'conda':
      return [e('CONDA_PKGS_DIRS')?.split(',')[0] ?? `${slash(e('MAMBA_ROOT_PREFIX') ?? e('CONDA_DIR') ?? '/opt/conda')}/pkgs`, under(s, '.conda/pkgs')];
    case 'conda-shards':
      return [xdg ? `${slash(xdg)}/conda` : under(s, '.cache/conda')];
    case 'go-mod':
      return [e('GOMODCACHE') ?? `${slash(e('GOPATH')?.split(':')[0] ?? (imageIs(s, 'golang') ? '/go' : under(s, 'go')))}/pkg/mod`];
    case 'go-build':
      return [e('GOCACHE') ?? (xdg ? `${slash(xdg)}/go-build` : under(s, '.cache/go-build'))];
    case 'composer':
      return [e('COMPOSER_CACHE_DIR') ?? (e('COMPOSER_HOME') ? `${slash(e('COMPOSER_HOME')!)}/cache` : imageIs(s, 'composer') ? '/tmp/cache' : under(s, '.cache/composer'))];
    case 'pdm':
      return [e('PDM_CACHE_DIR') ?? (xdg ? `${slash(xdg)}/pdm` : under(s, '.cache/pdm'))];
    case 'cargo': {
      const home = slash(e('CARGO_HOME') ?? (imageIs(s, 'rust') ? '/usr/local/cargo' : under(s, '.cargo')));
      return [`${home}/registry`, `${home}/git/db`];
    }
    case 'maven':
      return [`${s.passwdHome === '/' ? '' : slash(s.passwdHome ?? s.home)}/.m2/repository`];
    case 'gradle':
      return [`${slash(e('GRADLE_USER_HOME') ?? `${s.passwdHome === '/' ? '' : slash(s.passwdHome ?? s.home)}/.gradle`)}/caches`];
    case 'nuget':
      return [e('NUGET_PACKAGES') ?? under(s, '.nuget/packages')];
    default:
      return [];
  }
}

/** Users that well-known images create (the checker's own short list). */
/** Images that end with a non-root USER (the Dockerfile built on them runs as that user until it says otherwise). */
const IMAGE_RUNS_AS: Array<[RegExp, string]> = [
  [/mambaorg\/micromamba/, 'mambauser'],
  [/jupyter\//, 'jovyan'],
];

const IMAGE_USERS: Array<[RegExp, string, number, string]> = [
  [/(^|\/)node(:|@|$)/, 'node', 1000, '/home/node'],
  [/devcontainers\//, 'vscode', 1000, '/home/vscode'],
  [/(^|\/)ubuntu:(24\.04|noble|2[4-9]\.|latest|rolling|devel)/, 'ubuntu', 1000, '/home/ubuntu'],
  [/mambaorg\/micromamba/, 'mambauser', 57439, '/home/mambauser'],
  [/(^|\/)gradle:/, 'gradle', 1000, '/home/gradle'],
  [/mcr\.microsoft\.com\/dotnet\/(sdk|aspnet|runtime|runtime-deps):(8|9|1\d)\./, 'app', 1654, '/home/app'],
  [/jupyter\//, 'jovyan', 1000, '/home/jovyan'],
];

/**
 * The user a RUN runs as, from the USER value, the users earlier RUN texts create with a
 * fixed uid (`useradd … -u N … name`, `adduser --uid N … name`), and the image's users;
 * null when it cannot be told.
 */
export function resolveUser(user: string | null, image: string, earlierText: string): { uid: number; home: string } | null {
  if (user === null) user = IMAGE_RUNS_AS.find(([re]) => re.test(image))?.[1] ?? null;
  if (user === null) return { uid: 0, home: '/root' };
  const [name] = user.split(':');
  if (name === 'root' || name === '0') return { uid: 0, home: '/root' };
  const known = new Map<string, { uid: number; home: string }>();
  for (const [re, n, uid, home] of IMAGE_USERS) if (re.test(image)) known.set(n, { uid, home });
  // ONBUILD instructions run in another build
  const text = earlierText.split('\n').filter((l) => !/^\s*onbuild\b/i.test(l)).join('\n');
  const adds = /\b(?:useradd|adduser)\b([^\n;&|]*)/g;
  for (let m = adds.exec(text); m; m = adds.exec(text)) {
    // exec form: `["/bin/sh", "-c", "useradd … app"]`
    // (a line continuation's backslash may sit right after the name: `… app\`)
    const words = m[1].trim().split(/\s+/).map((w) => w.replace(/["'\][,\\]/g, ''));
    const uid = /(?:^|\s)(?:-u|--uid)[\s=]+(\d+)/.exec(m[1])?.[1];
    const home = /(?:^|\s)(?:-d|--home-dir|--home|-h)[\s=]+(\/\S+)/.exec(m[1])?.[1];
    const who = [...words].reverse().find((w) => /^[a-z_][a-z0-9_-]*$/.test(w) && !/^-/.test(w));
    if (who && uid) known.set(who, { uid: Number(uid), home: home ?? `/home/${who}` });
    else if (who) known.delete(who);
  }
  if (/^\d+$/.test(name)) return [...known.values()].find((u) => u.uid === Number(name)) ?? null;
  return known.get(name) ?? null;
}
