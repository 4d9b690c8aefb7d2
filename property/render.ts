/**
 * Turns a CaseSpec into files, and records what the properties need to know about
 * them: for every RUN, its stage, whether it runs as root, whether its stage is a
 * Windows one, what package-manager work it does (in its own shell or in the scripts it
 * runs), which scripts it runs and where the pip cache lives for it.
 *
 * The text is built the way people write Dockerfiles: `&& \` chains, leading `&&`,
 * `; \` chains, comment and blank lines inside continuations, flags on the RUN line or
 * on lines of their own, heredocs, exec form, CRLF, tabs, trailing blanks, a BOM,
 * parser directives, lowercase keywords, non-ASCII text.
 */
import { cacheDirs, resolveUser, RunSetting } from './oracle';
import type { CaseSpec, CmdSpec, DockerfileSpec, FlagSpec, InstrSpec, RunSpec, ScriptSpec, StageSpec } from './spec';

export interface Effects {
  aptDownload: boolean;
  aptUpdate: boolean;
  pipDownload: boolean;
  /** An rm of a parent of the pip cache (`rm -rf /root/.cache`). */
  pipParentRm: boolean;
  /**
   * An rm of the pip cache directory itself. The tool mounts only if it can also drop
   * that rm (else the rm would hit the mount point), so a mount is optional here.
   */
  pipTargetRm: boolean;
  /** Caches (oracle kinds) the other package managers download into. */
  kinds: string[];
  /** Which package manager each of `kinds` belongs to, and the image family it needs (it does nothing elsewhere). */
  families: Array<'alpine' | 'rpm' | null>;
  /** Paths removed with rm that a mount of another manager may be (or sit under): that mount is optional. */
  rmPaths: string[];
  /** An apt or a pip download ran under sudo (as root, whatever the RUN's USER). */
  sudoApt: boolean;
  sudoPip: boolean;
}

export function noEffects(): Effects {
  return { aptDownload: false, aptUpdate: false, pipDownload: false, pipParentRm: false, pipTargetRm: false, kinds: [], families: [], rmPaths: [], sudoApt: false, sudoPip: false };
}

function merge(into: Effects, e: Effects): void {
  into.aptDownload ||= e.aptDownload;
  into.aptUpdate ||= e.aptUpdate;
  into.pipDownload ||= e.pipDownload;
  into.pipParentRm ||= e.pipParentRm;
  into.pipTargetRm ||= e.pipTargetRm;
  e.kinds.forEach((k, i) => {
    if (into.kinds.some((x, j) => x === k && into.families[j] === e.families[i])) return;
    into.kinds.push(k);
    into.families.push(e.families[i]);
  });
  for (const p of e.rmPaths) if (!into.rmPaths.includes(p)) into.rmPaths.push(p);
  into.sudoApt ||= e.sudoApt;
  into.sudoPip ||= e.sudoPip;
}

/** The effects that can happen on an image of `family` (apt does nothing on Alpine, apk nothing on Debian). */
export function forFamily(e: Effects, family: ImageFamily): Effects {
  const out = { ...e, kinds: [...e.kinds], families: [...e.families], rmPaths: [...e.rmPaths] };
  if (family === 'alpine' || family === 'rpm') {
    out.aptDownload = false;
    out.aptUpdate = false;
  }
  const keep = e.kinds.map((_, i) => e.families[i] === null || family === 'unknown' || e.families[i] === family);
  out.kinds = e.kinds.filter((_, i) => keep[i]);
  out.families = e.families.filter((_, i) => keep[i]);
  return out;
}

export type ImageFamily = 'debian' | 'alpine' | 'rpm' | 'windows' | 'unknown';

export interface RunMeta {
  /** Index among the file's RUN instructions (ONBUILD RUN excluded), in file order. */
  index: number;
  stage: number;
  line: number;
  form: RunSpec['form'];
  root: boolean;
  windows: boolean;
  /** A heredoc in another language (python): not shell. */
  foreignHeredoc: boolean;
  /** Exec form whose argv is not a shell: the tool cannot see commands in it. */
  opaque: boolean;
  /** Effects of the RUN's own shell. */
  own: Effects;
  /** Own effects plus those of every script the RUN runs. */
  effects: Effects;
  scripts: string[];
  /** Normalised targets of cache mounts the RUN had before. */
  existing: string[];
  /** Where pip keeps its cache for this RUN (PIP_CACHE_DIR, XDG_CACHE_HOME, HOME). */
  pipTarget: string;
  /** How the RUN runs its commands (the oracle's view), null when its user cannot be told. */
  setting: RunSetting | null;
  /** The RUN is one of the generator's own docker-clean fixes. */
  isFix: boolean;
}

export interface StageMeta {
  index: number;
  /** Earlier stage this one is built FROM. */
  baseStage: number | null;
  windows: boolean;
  /** The root image is not Debian/Ubuntu (alpine, fedora, ubi, …). */
  nonDebian: boolean;
  family: ImageFamily;
  /** A RUN of the stage already neutralises docker-clean. */
  existingFix: boolean;
}

export interface DockerfileMeta {
  path: string;
  runs: RunMeta[];
  stages: StageMeta[];
}

export interface ScriptMeta {
  path: string;
  /** Effects of the script itself and of the scripts it runs. */
  effects: Effects;
  /** Every RUN that runs the script, directly or through another script. */
  executors: Array<{ file: string; run: number }>;
}

export interface CaseMeta {
  dockerfiles: DockerfileMeta[];
  scripts: ScriptMeta[];
}

export interface RenderedCase {
  files: Record<string, string>;
  meta: CaseMeta;
  options: { comments: boolean; aptKeepDownloaded: boolean };
}

const pick = <T>(xs: readonly T[], n: number): T => xs[((n % xs.length) + xs.length) % xs.length];

// ---------------------------------------------------------------- pools

const DEB = 'debian';
const IMAGES: Array<{ image: string; family: ImageFamily }> = [
  { image: 'debian:bookworm-slim', family: DEB },
  { image: 'ubuntu:22.04', family: DEB },
  { image: 'python:3.12-slim', family: DEB },
  { image: 'ubuntu:24.04', family: DEB },
  { image: 'python:3.11-slim-bookworm', family: DEB },
  { image: 'node:20-bookworm-slim', family: DEB },
  { image: 'nvidia/cuda:12.4.1-cudnn-devel-ubuntu22.04', family: DEB },
  { image: 'mcr.microsoft.com/devcontainers/base:bookworm', family: DEB },
  { image: 'pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime', family: DEB },
  { image: 'buildpack-deps:jammy', family: DEB },
  { image: 'ghcr.io/example-org/base-image:1.4', family: 'unknown' },
  { image: 'alpine:3.20', family: 'alpine' },
  { image: 'fedora:40', family: 'rpm' },
  { image: 'registry.access.redhat.com/ubi9/ubi-minimal:9.4', family: 'rpm' },
  { image: 'python:3.12-alpine', family: 'alpine' },
  { image: 'mcr.microsoft.com/windows/servercore:ltsc2022', family: 'windows' },
  { image: 'mcr.microsoft.com/windows/nanoserver:ltsc2022', family: 'windows' },
  { image: 'debian:12', family: DEB },
  { image: 'ubuntu:20.04', family: DEB },
  { image: 'python:3.10', family: DEB },
  { image: 'golang:1.22-bookworm', family: DEB },
  { image: 'fedora:41', family: 'rpm' },
  { image: 'node:20-alpine', family: 'alpine' },
  { image: 'php:8.3-cli', family: DEB },
  { image: 'mcr.microsoft.com/dotnet/sdk:8.0', family: DEB },
];

const APT_PKGS = ['curl', 'ca-certificates', 'git', 'build-essential', 'libpq-dev', 'gnupg', 'wget', 'unzip', 'python3-pip', 'locales', 'tzdata', 'jq', 'libssl-dev', 'pkg-config'];
const PY_PKGS = ['requests', 'numpy', 'flask==3.0.3', 'torch', '"uvicorn[standard]"', "'pandas>=2'", 'pytest', 'gunicorn'];
const SCRIPT_NAMES = ['install.sh', 'setup_env.sh', 'common.sh', 'install-python-deps.sh'];
const STAGE_NAMES = ['base', 'builder', 'deps', 'runtime', 'dev', 'final'];

function pkgs(pool: readonly string[], v: number, count: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const p = pool[(v + i * 3) % pool.length];
    if (!out.includes(p)) out.push(p);
  }
  return out;
}

// ---------------------------------------------------------------- commands

/** `\u0001` inside a command marks a line break the command's own continuation makes. */
const BR = '\u0001';

interface ScriptTarget {
  index: number;
  path: string;
}

interface CmdContext {
  /** `run`: shell-form RUN; `exec`: JSON string; `lines`: heredoc or script (many lines). */
  where: 'run' | 'exec' | 'lines';
  /** Scripts this RUN can reach, with their container paths. */
  scripts: ScriptTarget[];
  indent: string;
  /** A script file (not the Dockerfile): users it creates are not the checker's to know. */
  inScript?: boolean;
}

interface RenderedCmd {
  text: string;
  effects: Effects;
  scripts: number[];
}

const APT_PREFIX = ['', 'sudo ', 'DEBIAN_FRONTEND=noninteractive ', 'sudo -E ', 'env DEBIAN_FRONTEND=noninteractive ', 'LC_ALL=C ', 'sudo DEBIAN_FRONTEND=noninteractive ', 'nice -n 10 ', 'env -u http_proxy '];
/**
 * Commands of the other package managers, the caches (oracle kinds) they download into,
 * the image family they need, and a flag that turns their cache off (`{off}` marks where).
 */
const PMS: Array<{ cmds: string[]; kinds: string[]; family?: 'alpine' | 'rpm'; disable?: string }> = [
  { cmds: ['apk add{off} curl git', 'apk update && apk add{off} tzdata', 'apk add{off} --virtual .build-deps gcc musl-dev'], kinds: ['apk'], family: 'alpine', disable: '--no-cache' },
  { cmds: ['dnf install -y gcc make', 'dnf -y upgrade', 'microdnf install -y tar'], kinds: ['dnf'], family: 'rpm' },
  { cmds: ['npm ci', 'npm install -g typescript', 'npx --yes cowsay hi'], kinds: ['npm'] },
  { cmds: ['yarn install --frozen-lockfile', 'yarn global add serve'], kinds: ['yarn'] },
  { cmds: ['pnpm install --frozen-lockfile', 'pnpm fetch --prod'], kinds: ['pnpm'] },
  { cmds: ['uv pip install --system{off} requests', 'uv sync --frozen{off}', 'uv tool install{off} ruff'], kinds: ['uv'], disable: '--no-cache' },
  { cmds: ['go mod download', 'go get example.org/tool@v1.2.3'], kinds: ['go-mod'] },
  { cmds: ['go build -o /usr/local/bin/app ./cmd/app', 'CGO_ENABLED=0 go install ./...'], kinds: ['go-mod', 'go-build'] },
  { cmds: ['composer install --no-dev{off}', 'composer require monolog/monolog{off}'], kinds: ['composer'], disable: '--no-cache' },
  { cmds: ['dotnet restore', 'dotnet publish -c Release -o /app'], kinds: ['nuget'] },
  { cmds: ['bun install --frozen-lockfile', 'bun add zod'], kinds: ['bun'] },
  { cmds: ['cargo build --release', 'cargo fetch --locked'], kinds: ['cargo'] },
  { cmds: ['mvn -B package -DskipTests', 'mvn -B dependency:go-offline'], kinds: ['maven'] },
  { cmds: ['gradle build --no-daemon', 'gradle assemble'], kinds: ['gradle'] },
  { cmds: ['poetry install --no-root{off}', 'poetry sync{off}'], kinds: ['poetry'], disable: '--no-cache' },
  { cmds: ['yum install -y make', 'yum -y update'], kinds: ['dnf'], family: 'rpm' },
  { cmds: ['/opt/conda/bin/conda install -y numpy', '/opt/conda/bin/conda create -y -n app python=3.12'], kinds: ['conda'] },
  { cmds: ['pdm install --prod', 'pdm sync'], kinds: ['pdm'] },
];

/** Cleanups of the other managers' caches, with the path an rm removes (a mount there is optional). */
const PM_CLEANUPS: Array<[string, string | null]> = [
  ['apk cache clean', null],
  ['rm -rf /var/cache/apk/*', null],
  ['dnf clean all', null],
  ['npm cache clean --force', null],
  ['rm -rf /root/.npm', '/root/.npm'],
  ['yarn cache clean', null],
  ['pnpm store prune', null],
  ['uv cache clean', null],
  ['rm -rf /root/.cache/uv', '/root/.cache/uv'],
  ['go clean -modcache', null],
  ['composer clear-cache', null],
  ['poetry cache clear --all pypi', null],
  ['pdm cache clear', null],
  ['rm -rf /root/.m2/repository', '/root/.m2/repository'],
  ['rm -rf /usr/local/cargo/registry/cache', null],
  ['rm -rf /root/.cache', '/root/.cache'],
];

const PIP_PREFIX = ['', 'sudo ', 'sudo -H ', 'env PIP_DISABLE_PIP_VERSION_CHECK=1 ', 'PIP_ROOT_USER_ACTION=ignore '];

function renderCmd(c: CmdSpec, ctx: CmdContext): RenderedCmd {
  const e = noEffects();
  const r = (text: string, scripts: number[] = []): RenderedCmd => ({ text, effects: e, scripts });
  const orTrue = c.flag2 ? pick([' || true', ' || :'], c.v) : '';
  switch (c.kind) {
    case 'echo':
      return r(
        pick(
          [
            'echo "building"',
            'echo "✓ Abhängigkeiten — installiert" > /etc/motd',
            "echo 'deb http://deb.debian.org/debian bookworm-backports main' >> /etc/apt/sources.list",
            'echo "日本語 テスト"',
            'printf "%s\\n" done',
          ],
          c.v,
        ),
      );
    case 'aptUpdate': {
      e.aptDownload = true;
      e.aptUpdate = true;
      const cmd = pick(['apt-get update', 'apt-get update -qq', 'apt-get -y update', 'apt update', 'apt-get -qq update', 'apt-get update -y', 'apt-get -o Acquire::Retries=3 update'], c.v);
      e.sudoApt = pick(APT_PREFIX, c.prefix).startsWith('sudo');
      return r(pick(APT_PREFIX, c.prefix) + cmd);
    }
    case 'aptInstall': {
      e.aptDownload = true;
      const list = pkgs(APT_PKGS, c.v, 1 + (c.v % 4));
      const multi = c.flag && ctx.where !== 'exec' && list.length > 1;
      const ps = multi ? BR + list.join(BR) : ' ' + list.join(' ');
      const variants = [
        `apt-get install -y --no-install-recommends${ps}`,
        `apt-get -y install${ps}`,
        `apt-get install -yq${ps}`,
        `apt install -y${ps}`,
        `apt-get install -y -o Dpkg::Options::="--force-confold"${ps}`,
        'apt-get upgrade -y',
        'apt-get dist-upgrade -y',
        `apt-get install -y --no-install-recommends ${list[0]}=1.2.3-1`,
        `apt-get -qq install -y${ps}`,
      ];
      e.sudoApt = pick(APT_PREFIX, c.prefix).startsWith('sudo');
      return r(pick(APT_PREFIX, c.prefix) + pick(variants, c.v));
    }
    case 'pipInstall': {
      e.pipDownload = true;
      const list = pkgs(PY_PKGS, c.v, 1 + (c.v % 3));
      const multi = c.prefix % 3 === 2 && ctx.where !== 'exec' && list.length > 1;
      const ps = multi ? BR + list.join(BR) : ' ' + list.join(' ');
      const n = 11;
      const variant = c.v % n;
      const pos = Math.floor(c.v / n) % 3;
      const ncd = c.flag ? ' --no-cache-dir' : '';
      const head = pick(['pip', 'pip3', 'python3 -m pip', 'python -m pip', '/opt/venv/bin/pip', 'pip3.12', 'pip', 'pip', 'pip', 'pip', 'pip'], variant);
      const sub = pick(['install', 'install', 'install', 'install', 'install', 'install', 'install', 'wheel', 'download', 'install', 'install'], variant);
      const args = pick(
        [ps, ' -r requirements.txt', ' --upgrade pip setuptools wheel', ps, ps, ps, ' -e .', ' --wheel-dir /wheels -r requirements.txt', ` -d /tmp/pkgs${ps}`, ` --upgrade "${list[0].replace(/["']/g, '').replace(/[=><].*$/, '')}>=1.0"`, ` --user${ps}`],
        variant,
      );
      let text: string;
      if (pos === 0) text = `${head}${ncd} ${sub}${args}`;
      else if (pos === 1) text = `${head} ${sub}${ncd}${args}`;
      else text = `${head} ${sub}${args}${ncd}`;
      const assign = c.flag2 ? `PIP_NO_CACHE_DIR=${pick(['1', 'off', 'true', '0'], c.v)} ` : '';
      e.sudoPip = pick(PIP_PREFIX, c.prefix).startsWith('sudo');
      return r(pick(PIP_PREFIX, c.prefix) + assign + text);
    }
    case 'aptClean': {
      const cmd = pick(['apt-get clean', 'apt-get clean -y', 'apt clean', 'apt-get -y clean', 'apt-get clean > /dev/null', 'apt-get dist-clean', 'apt-get autoclean', 'sudo apt-get clean'], c.v);
      return r(cmd + orTrue);
    }
    case 'aptOther':
      return r(pick(['apt-get autoremove -y', 'apt-get purge -y --auto-remove build-essential', 'apt-mark hold libc6', 'apt-cache policy curl', 'apt-get remove -y curl'], c.v));
    case 'rmApt': {
      const multi = c.flag && ctx.where !== 'exec';
      return r(
        pick(
          [
            'rm -rf /var/lib/apt/lists/*',
            'rm -rf /var/lib/apt/lists/* /tmp/* /var/tmp/*',
            'rm -rf /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin',
            'rm -rf /var/lib/apt/lists/* /var/cache/apt/*',
            'rm -fr /tmp/build /var/lib/apt/lists/*',
            'rm -rf "/var/lib/apt/lists/"*',
            'rm -rf -- /var/lib/apt/lists/*',
            'rm -r -f /var/lib/apt/lists',
            'find /var/lib/apt/lists -mindepth 1 -delete',
            multi ? `rm -rf /var/lib/apt/lists/*${BR}/var/cache/debconf/*-old` : 'rm -rf /var/lib/apt/lists/* /var/cache/debconf/*-old',
          ],
          c.v,
        ) + orTrue,
      );
    }
    case 'rmPip': {
      const variants = ['rm -rf /root/.cache/pip', 'rm -rf ~/.cache/pip', 'rm -rf $HOME/.cache/pip/*', 'rm -rf /root/.cache/pip /tmp/*', 'rm -rf /root/.cache', 'rm -rf ~/.cache', 'find / -name "*.pyc" -delete'];
      const i = c.v % variants.length;
      if (i === 4 || i === 5) e.pipParentRm = true;
      if (i === 4 || i === 5) e.rmPaths.push(i === 4 ? '/root/.cache' : '~/.cache');
      if (i === 0 || i === 3) e.rmPaths.push('/root/.cache/pip');
      if (i === 1) e.rmPaths.push('~/.cache/pip');
      if (i === 0 || i === 1 || i === 3) e.pipTargetRm = true;
      return r(variants[i] + orTrue);
    }
    case 'pipPurge':
      return r(pick(['pip cache purge', 'pip3 cache purge', 'python3 -m pip cache purge', 'pip cache remove numpy', 'python -m pip cache purge'], c.v) + orTrue);
    case 'pm': {
      const pm = pick(PMS, c.v);
      e.kinds.push(...pm.kinds);
      pm.kinds.forEach(() => e.families.push(pm.family ?? null));
      const disable = c.flag && pm.disable ? pm.disable : '';
      return r(pick(pm.cmds, c.prefix).replace('{off}', disable ? ` ${disable}` : ''));
    }
    case 'pmClean': {
      const [text, removes] = pick(PM_CLEANUPS, c.v);
      if (removes) e.rmPaths.push(removes);
      return r(text + orTrue);
    }
    case 'misc':
      return r(
        pick(
          [
            'mkdir -p /app',
            'curl -fsSL https://example.org/tool.tar.gz | tar -xz -C /usr/local/bin',
            'cd /tmp',
            ctx.inScript ? 'useradd --create-home --shell /bin/bash app' : 'useradd --create-home --uid 1001 --shell /bin/bash app',
            'ln -sf /usr/bin/python3 /usr/bin/python',
            'chmod +x /usr/local/bin/entrypoint.sh',
            'tar -xzf /tmp/src.tgz -C /opt',
            'locale-gen en_US.UTF-8',
            'python3 -m venv /opt/venv',
          ],
          c.v,
        ),
      );
    case 'ifBlock': {
      const i = c.v % 4;
      if (i === 2) e.pipDownload = true;
      const cond = ['[ -f /etc/debian_version ]', 'command -v pip3 >/dev/null 2>&1', '[ "$INSTALL_DEV" = "true" ]', '[ -d /var/lib/apt/lists ]'][i];
      const body = ['apt-get clean', 'pip3 cache purge', `pip install${c.flag ? ' --no-cache-dir' : ''} pytest`, 'rm -rf /var/lib/apt/lists/*'][i];
      const elseBody = i === 2 ? 'echo "no dev dependencies"' : null;
      if (ctx.where === 'lines') {
        const ind = ctx.indent;
        return r(`if ${cond}; then\n${ind}${body}\n${elseBody ? `else\n${ind}${elseBody}\n` : ''}fi`);
      }
      return r(`if ${cond}; then ${body}; ${elseBody ? `else ${elseBody}; ` : ''}fi`);
    }
    case 'guard': {
      const i = c.v % 3;
      if (i === 0) e.pipDownload = true;
      if (i === 2) {
        e.aptDownload = true;
        e.aptUpdate = true;
      }
      return r(
        [
          `[ -f requirements.txt ] && pip install${c.flag ? ' --no-cache-dir' : ''} -r requirements.txt`,
          '[ -x /usr/bin/apt-get ] && apt-get clean',
          'test -f /etc/debian_version && apt-get update',
        ][i],
      );
    }
    case 'export':
      return r(pick(['export DEBIAN_FRONTEND=noninteractive', 'export PYTHONDONTWRITEBYTECODE=1', 'export PATH="/opt/venv/bin:$PATH"'], c.v));
    case 'runScript': {
      if (!ctx.scripts.length) return r(pick(['mkdir -p /opt/tools', 'echo "no scripts to run"', 'id -u'], c.v));
      const t = pick(ctx.scripts, c.v);
      const p = t.path;
      const inv = pick([`bash ${p}`, p, `sh ${p}`, `chmod +x ${p} && ${p}`, `. ${p}`, `/bin/bash -ex ${p}`, `bash ${p} --with-dev`], c.prefix);
      return r(inv, [t.index]);
    }
  }
}

// ---------------------------------------------------------------- Dockerfile rendering

interface FileStyle {
  eol: string;
  esc: string;
  indent: string;
  sp: string;
}

interface CopyMap {
  container: string;
  /** Script index it maps, or -1 for a directory holding every script. */
  script: number;
  isDir: boolean;
}

interface StageState {
  index: number;
  name: string | null;
  baseStage: number | null;
  windows: boolean;
  nonDebian: boolean;
  root: boolean;
  /** USER in effect (null: root), the root image, and the Dockerfile text of the stage lineage so far. */
  user: string | null;
  image: string;
  family: ImageFamily;
  text: string[];
  env: Map<string, string>;
  copies: CopyMap[];
  existingFix: boolean;
}

/** How a RUN of the stage runs its commands, as the checker's oracle sees it. */
function settingOf(stage: StageState): RunSetting | null {
  const user = resolveUser(stage.user, stage.image, stage.text.join('\n'));
  if (!user) return null;
  return { home: normalise(stage.env.get('HOME') ?? user.home), passwdHome: user.home, env: Object.fromEntries(stage.env), image: stage.image, uid: user.uid };
}

/** Where pip keeps its cache for the stage's RUNs: the oracle's answer for a known user, else HOME's. */
function pipOf(stage: StageState): string {
  const setting = settingOf(stage);
  return setting ? normalise(cacheDirs('pip', setting)[0]) : pipTargetOf(stage.env);
}

function pipTargetOf(env: Map<string, string>): string {
  const pcd = env.get('PIP_CACHE_DIR');
  if (pcd) return pcd;
  const xdg = env.get('XDG_CACHE_HOME');
  if (xdg) return `${xdg.replace(/\/+$/, '')}/pip`;
  return `${(env.get('HOME') ?? '/root').replace(/\/+$/, '')}/.cache/pip`;
}

function scriptPathFor(map: CopyMap, index: number): string | null {
  const name = SCRIPT_NAMES[index];
  if (map.isDir) {
    if (map.script === -2) return `${map.container}/scripts/${name}`; // whole repo copied
    return `${map.container}/${name}`;
  }
  return map.script === index ? map.container : null;
}

function reachableScripts(maps: CopyMap[], count: number): ScriptTarget[] {
  const out: ScriptTarget[] = [];
  for (let i = 0; i < count; i++) {
    for (let k = maps.length - 1; k >= 0; k--) {
      const p = scriptPathFor(maps[k], i);
      if (p) {
        out.push({ index: i, path: p });
        break;
      }
    }
  }
  return out;
}

const permutations = (xs: string[]): string[][] => {
  if (xs.length <= 1) return [xs];
  const out: string[][] = [];
  xs.forEach((x, i) => {
    for (const rest of permutations([...xs.slice(0, i), ...xs.slice(i + 1)])) out.push([x, ...rest]);
  });
  return out;
};

const CACHE_TARGETS = ['/var/cache/apt', '/var/lib/apt', '/root/.cache/pip', '/root/.cache/pip/', '/root/.cache', '/var/cache/apt/archives', '/root/.npm'];

function renderFlag(f: FlagSpec): { text: string; cacheTarget: string | null; bindScripts: string | null } {
  switch (f.kind) {
    case 'cache': {
      const target = pick(CACHE_TARGETS, f.v);
      const opts = ['type=cache', `${pick(['target', 'dst', 'destination'], f.key)}=${target}`];
      if (f.sharing) opts.push('sharing=locked');
      if (f.id) opts.push(`id=${target.replace(/\W+/g, '-').replace(/^-|-$/g, '')}`);
      const perms = permutations(opts);
      return { text: `--mount=${pick(perms, f.order).join(',')}`, cacheTarget: normalise(target), bindScripts: null };
    }
    case 'bind':
      return {
        text: pick(['--mount=type=bind,source=requirements.txt,target=/tmp/requirements.txt', '--mount=type=bind,from=builder,source=/wheels,target=/wheels'], f.v),
        cacheTarget: null,
        bindScripts: null,
      };
    case 'secret':
      return { text: pick(['--mount=type=secret,id=netrc,target=/root/.netrc', '--mount=type=secret,id=pip_conf,dst=/etc/pip.conf'], f.v), cacheTarget: null, bindScripts: null };
    case 'network':
      return { text: pick(['--network=host', '--network=none', '--security=insecure'], f.v), cacheTarget: null, bindScripts: null };
    case 'tmpfs':
      return { text: '--mount=type=tmpfs,target=/tmp', cacheTarget: null, bindScripts: null };
    case 'bindScripts': {
      const target = pick(['/mnt/scripts', '/tmp/scripts'], f.v);
      return { text: `--mount=type=bind,source=scripts,target=${target}`, cacheTarget: null, bindScripts: target };
    }
  }
}

export function normalise(p: string): string {
  const out = p.replace(/\/+/g, '/').replace(/\/\.$/, '');
  return out.length > 1 ? out.replace(/\/$/, '') : out;
}

interface RunRender {
  text: string;
  own: Effects;
  scripts: number[];
  existing: string[];
  foreign: boolean;
  opaque: boolean;
}

function renderRun(run: RunSpec, st: FileStyle, reach: (bindTargets: string[]) => ScriptTarget[], keywordOverride?: string): RunRender {
  const kw = keywordOverride ?? pick(['RUN', 'run', 'Run'], run.keyword);
  const own = noEffects();
  const scripts: number[] = [];
  const existing: string[] = [];
  const flags: string[] = [];
  const binds: string[] = [];
  for (const f of run.flags) {
    const rf = renderFlag(f);
    flags.push(rf.text);
    if (rf.cacheTarget) existing.push(rf.cacheTarget);
    if (rf.bindScripts) binds.push(rf.bindScripts);
  }
  const targets = reach(binds);
  const cont = (extra = ''): string => `${st.sp}${st.esc}${extra}${st.eol}`;
  const deeper = st.indent + (st.indent.includes('\t') ? '\t' : '    ');

  let foreign = false;
  let opaque = false;
  let body: string;
  const use = (c: CmdSpec, where: CmdContext['where'], indent: string): string => {
    const rc = renderCmd(c, { where, scripts: targets, indent });
    merge(own, rc.effects);
    scripts.push(...rc.scripts);
    return rc.text;
  };

  if (run.form === 'exec') {
    const style = run.hv % 5;
    if (style === 4) {
      // argv run directly, without a shell: the program still runs
      opaque = true;
      const v = run.join % 3;
      if (v === 0) own.pipDownload = true;
      if (v === 1) {
        own.aptDownload = true;
        own.aptUpdate = true;
      }
      body = ['["pip", "install", "--no-cache-dir", "requests"]', '["apt-get", "update"]', '["/usr/local/bin/entrypoint.sh", "--init"]'][v];
    } else {
      const parts = run.cmds.map((c) => use(c, 'exec', '')).map((t) => t.split(BR).join(' '));
      const cmd = (run.setE ? ['set -e', ...parts] : parts).join(' && ');
      const argv = [pick(['/bin/sh', '/bin/bash', 'sh', 'bash'], style), style === 3 ? '-lc' : '-c', cmd];
      body = run.join % 2 ? JSON.stringify(argv) : `[${argv.map((a) => JSON.stringify(a)).join(', ')}]`;
    }
  } else if (run.form === 'heredoc') {
    const hv = run.hv % 9;
    const delim = pick(['EOF', 'EOF', 'EOF', 'EOF', 'EOF', 'EOT', 'EOF', 'PY', 'EOF'], hv);
    const op = pick(['<<EOF', '<<-EOF', "<<'EOF'", '<<"EOF"', '<<EOF bash', '<<EOT', 'bash -ex <<EOF', 'python3 <<PY', '<<EOF'], hv);
    const tab = hv === 1 ? '\t' : '';
    let lines: string[];
    if (hv === 7 || hv === 8) {
      foreign = true;
      lines = [
        ...(hv === 8 ? ['#!/usr/bin/env python3'] : []),
        'import subprocess',
        '# pip install --no-cache-dir requests, then clean up',
        'subprocess.run(["pip", "install", "--no-cache-dir", "requests"], check=True)',
        'print("✓ done")',
      ];
      // the shell commands would not run: do not count them
    } else {
      const ind = tab + (st.indent.includes('\t') ? '\t' : '  ');
      const parts = run.cmds.map((c) => use(c, 'lines', ind).split('\n').join(st.eol + tab).split(BR).join(` \\${st.eol}${ind}`));
      const withSet = run.setE ? [pick(['set -eux', 'set -ex', 'set -o errexit -o nounset'], run.join), ...parts] : parts;
      if (run.hchain) {
        lines = [withSet.join(` && \\${st.eol}${ind}`)];
      } else {
        lines = [];
        withSet.forEach((p, i) => {
          if (run.commentAt === i) lines.push(`${tab}# step ${i + 1}: ${pick(['install', 'nettoyage — cleanup', 'configure'], i)}`);
          if (run.blankAt === i) lines.push('');
          lines.push(p);
        });
      }
      lines = lines.map((l) => (l === '' ? l : tab + l.replace(/^\t/, '')));
    }
    const head = `${kw} ${flags.length ? flags.join(' ') + ' ' : ''}${op}`;
    return { text: [head, ...lines, delim].join(st.eol), own, scripts, existing, foreign, opaque };
  } else {
    const parts = run.cmds.map((c) => use(c, 'run', deeper).split(BR).join(`${cont()}${deeper}`));
    const all = run.setE ? [pick(['set -eux', 'set -ex', 'set -o errexit'], run.join), ...parts] : parts;
    const style = run.join % 6;
    let text = all[0];
    for (let i = 1; i < all.length; i++) {
      const j = i - 1;
      const trailing = run.trailingWs && j === 0 ? '  ' : '';
      let between = '';
      if (run.commentAt === j) between += `${st.indent}# ${pick(['install the runtime', 'clean up — Aufräumen', 'see https://example.org/docs#deps'], j)}${st.eol}`;
      if (run.blankAt === j) between += st.eol;
      const nl = `${cont(trailing)}${between}${st.indent}`;
      const mixedAnd = ((run.join >> 3) + j) % 2 === 0;
      switch (style) {
        case 0:
          text += ` &&${nl}${all[i]}`;
          break;
        case 1:
          text += `${nl}&& ${all[i]}`;
          break;
        case 2:
          text += `;${nl}${all[i]}`;
          break;
        case 3:
          text += ` && ${all[i]}`;
          break;
        case 4:
          text += `; ${all[i]}`;
          break;
        default:
          text += `${mixedAnd ? ' &&' : ';'}${nl}${all[i]}`;
      }
    }
    body = text + (run.trailingWs ? ' ' : '');
  }
  let head: string;
  if (!flags.length) head = `${kw} `;
  else if (run.flagLayout === 0) head = `${kw} ${flags.join(' ')} `;
  else if (run.flagLayout === 1) head = `${kw} ${flags.map((f, i) => (i === 0 ? f : st.indent + f)).join(cont())}${cont()}${st.indent}`;
  else head = `${kw} ${cont()}${flags.map((f) => st.indent + f).join(cont())}${cont()}${st.indent}`;
  return { text: head + body, own, scripts, existing, foreign, opaque };
}

function isRootUser(u: string): boolean {
  const name = u.split(':')[0];
  return name === 'root' || name === '0';
}

function renderDockerfile(
  path: string,
  spec: DockerfileSpec,
  scriptCount: number,
): { text: string; runs: RunMeta[]; stages: StageMeta[]; executes: Array<{ run: number; script: number }> } {
  const eol = spec.crlf ? '\r\n' : '\n';
  const esc = spec.escapeBacktick ? '`' : '\\';
  const indent = pick(['    ', '  ', '\t', '        ', '\t  ', '    '], spec.indent);
  const sp = pick([' ', '', '\t'], spec.beforeEscape);
  const st: FileStyle = { eol, esc, indent, sp };
  const lines: string[] = [];
  if (spec.syntax) lines.push(pick(['', '# syntax=docker/dockerfile:1', '# syntax=docker/dockerfile:1.7-labs', '#syntax=docker/dockerfile:1.4'], spec.syntax));
  if (spec.escapeBacktick) lines.push('# escape=`');
  if (spec.check) lines.push('# check=skip=JSONArgsRecommended');
  const header = pick(['', '# Build: docker build -t app .', '# Image für die Entwicklung — ✓', '', '# hadolint global ignore=DL3008'], spec.header);
  if (header || lines.length) lines.push(header);
  if (spec.globalArg) lines.push('ARG BASE_IMAGE=ubuntu:22.04', 'ARG PYTHON_VERSION=3.12');

  const referenced = new Set<number>();
  spec.stages.forEach((s, i) => {
    if (s.fromStage && i > 0) referenced.add(s.base % i);
  });
  const stages: StageState[] = [];
  const runs: RunMeta[] = [];
  const executes: Array<{ run: number; script: number }> = [];
  let lineNo = 0;
  const countLines = (): number => lines.join('\n').split(/\r?\n/).length;

  spec.stages.forEach((s: StageSpec, i: number) => {
    const name = s.named || referenced.has(i) ? STAGE_NAMES[i] : null;
    const ref = s.fromStage && i > 0 ? stages[s.base % i] : null;
    let image: string;
    let windows: boolean;
    let nonDebian: boolean;
    let family: ImageFamily;
    let rootImage: string;
    if (ref) {
      image = ref.name!;
      rootImage = ref.image;
      windows = ref.windows;
      nonDebian = ref.nonDebian;
      family = ref.family;
    } else if (i === 0 && spec.globalArg) {
      image = s.base % 2 ? '${BASE_IMAGE}' : 'python:${PYTHON_VERSION}-slim';
      // ARG defaults: ubuntu:22.04, python:3.12-slim
      rootImage = s.base % 2 ? 'ubuntu:22.04' : 'python:3.12-slim';
      windows = false;
      nonDebian = false;
      family = 'debian';
    } else {
      const im = pick(IMAGES, s.base);
      image = im.image;
      rootImage = im.image;
      windows = im.family === 'windows';
      nonDebian = im.family === 'alpine' || im.family === 'rpm';
      family = im.family;
    }
    const platform = s.platform && !windows ? '--platform=$BUILDPLATFORM ' : '';
    const fromKw = s.instrs.length && s.instrs[0].kind === 'run' && s.instrs[0].run.keyword % 3 === 1 ? 'from' : 'FROM';
    lines.push(`${fromKw} ${platform}${image}${name ? ` ${fromKw === 'from' ? 'as' : 'AS'} ${name}` : ''}`);
    const stage: StageState = {
      index: i,
      name,
      baseStage: ref ? ref.index : null,
      windows,
      nonDebian,
      root: ref ? ref.root : true,
      user: ref ? ref.user : null,
      image: rootImage,
      family,
      text: ref ? [...ref.text] : [],
      env: new Map(ref ? ref.env : []),
      copies: ref ? [...ref.copies] : [],
      existingFix: false,
    };
    stages.push(stage);
    if (windows) {
      lines.push('SHELL ["powershell", "-Command", "$ErrorActionPreference = \'Stop\'; $ProgressPreference = \'SilentlyContinue\';"]');
    }
    for (const ins of s.instrs) {
      const out = renderInstr(ins, stage);
      lines.push(...out);
      stage.text.push(...out);
    }
  });

  function renderInstr(ins: InstrSpec, stage: StageState): string[] {
    switch (ins.kind) {
      case 'run': {
        lineNo = countLines() + 1;
        const rr = renderRun(ins.run, st, (binds) => reachableScripts([...stage.copies, ...binds.map((b) => ({ container: b, script: -1, isDir: true }))], scriptCount));
        const meta: RunMeta = {
          index: runs.length,
          stage: stage.index,
          line: lineNo,
          form: ins.run.form,
          root: stage.root,
          windows: stage.windows,
          foreignHeredoc: rr.foreign,
          opaque: rr.opaque,
          own: forFamily(rr.own, stage.family),
          effects: forFamily(rr.own, stage.family),
          scripts: [],
          existing: rr.existing,
          pipTarget: pipOf(stage),
          setting: stage.windows ? null : settingOf(stage),
          isFix: false,
        };
        for (const sc of rr.scripts) executes.push({ run: meta.index, script: sc });
        runs.push(meta);
        return [rr.text];
      }
      case 'user': {
        const u = pick(['app', 'root', '1000', '1000:1000', 'nobody', '0', '${USERNAME}', 'root:root', 'vscode', '0:0'], ins.v);
        stage.root = isRootUser(u);
        stage.user = u;
        return [`USER ${u}`];
      }
      case 'env': {
        const variants: Array<[string, Array<[string, string]>]> = [
          ['ENV DEBIAN_FRONTEND=noninteractive', [['DEBIAN_FRONTEND', 'noninteractive']]],
          ['ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1', []],
          ['ENV PIP_NO_CACHE_DIR=1', [['PIP_NO_CACHE_DIR', '1']]],
          ['ENV PIP_DISABLE_PIP_VERSION_CHECK=on', []],
          ['ENV PATH="/opt/venv/bin:$PATH"', []],
          ['ENV LANG C.UTF-8', []],
          ['ENV PIP_CACHE_DIR=/var/cache/pip', [['PIP_CACHE_DIR', '/var/cache/pip']]],
          ['ENV DEBIAN_FRONTEND=noninteractive', []],
          ['ENV XDG_CACHE_HOME=/cache', [['XDG_CACHE_HOME', '/cache']]],
          ['ENV TZ=Europe/Zürich', []],
          ['ENV PYTHONDONTWRITEBYTECODE=1', []],
          ['ENV HOME=/home/app', [['HOME', '/home/app']]],
        ];
        const [text, pairs] = pick(variants, ins.v);
        for (const [k, v] of pairs) stage.env.set(k, v);
        return [text];
      }
      case 'comment':
        return [pick(['# Install system dependencies', '# Dépendances système — 系统依赖', '# hadolint ignore=DL3008,DL3013', '#', '# syntax=docker/dockerfile:1', '  # indented comment', '# cachemount ignore', '# cachemount ignore=add-cache-mounts', '# cachemount ignore=keep-cache-on-cleanup,drop-cache-disabling-flags', '# cachemount ignore=keep-downloaded-packages'], ins.v)];
      case 'blank':
        return [''];
      case 'copyScripts': {
        if (!scriptCount) return [pick(['COPY requirements.txt /tmp/requirements.txt', 'COPY . /app'], ins.v)];
        const k = ins.script % scriptCount;
        const name = SCRIPT_NAMES[k];
        const variants: Array<[string, CopyMap]> = [
          ['COPY scripts/ /opt/scripts/', { container: '/opt/scripts', script: -1, isDir: true }],
          ['COPY scripts /usr/local/share/scripts', { container: '/usr/local/share/scripts', script: -1, isDir: true }],
          [`COPY scripts/${name} /tmp/${name}`, { container: `/tmp/${name}`, script: k, isDir: false }],
          [`COPY --chmod=755 scripts/${name} /usr/local/bin/`, { container: `/usr/local/bin/${name}`, script: k, isDir: false }],
          ['ADD scripts/ /opt/scripts/', { container: '/opt/scripts', script: -1, isDir: true }],
          ['COPY . /src/', { container: '/src', script: -2, isDir: true }],
          [`COPY ["scripts/${name}", "/tmp/${name}"]`, { container: `/tmp/${name}`, script: k, isDir: false }],
        ];
        const [text, map] = pick(variants, ins.v);
        stage.copies.push(map);
        return [text];
      }
      case 'workdir':
        return [pick(['WORKDIR /app', 'WORKDIR /opt/build', 'WORKDIR /workspace'], ins.v)];
      case 'onbuild': {
        const rr = renderRun({ ...ins.run, form: 'shell', flags: [], join: 3, commentAt: -1, blankAt: -1, cmds: ins.run.cmds.filter((c) => c.kind !== 'runScript') }, st, () => [], 'RUN');
        return [`ONBUILD ${rr.text.split(/\r?\n/).join(' ').replace(/ [\\`] /g, ' ')}`];
      }
      case 'other':
        return [
          pick(
            [
              'LABEL org.opencontainers.image.authors="Jörg Müller <jm@example.org>"',
              'EXPOSE 8080',
              'CMD ["python3", "-m", "app"]',
              'ENTRYPOINT ["/usr/local/bin/entrypoint.sh"]',
              'HEALTHCHECK --interval=30s CMD curl -fsS http://localhost:8080/health || exit 1',
              'ARG DEBIAN_FRONTEND=noninteractive',
              'VOLUME /data',
              'STOPSIGNAL SIGTERM',
              'COPY --from=builder /wheels /wheels',
            ],
            ins.v,
          ),
        ];
      case 'shell':
        return [stage.windows ? 'SHELL ["cmd", "/S", "/C"]' : pick(['SHELL ["/bin/bash", "-o", "pipefail", "-c"]', 'SHELL ["/bin/sh", "-eux", "-c"]'], ins.v)];
      case 'existingFix': {
        lineNo = countLines() + 1;
        stage.existingFix = true;
        runs.push({
          index: runs.length,
          stage: stage.index,
          line: lineNo,
          form: 'shell',
          root: stage.root,
          windows: stage.windows,
          foreignHeredoc: false,
          opaque: false,
          own: noEffects(),
          effects: noEffects(),
          scripts: [],
          existing: [],
          pipTarget: pipOf(stage),
          setting: stage.windows ? null : settingOf(stage),
          isFix: true,
        });
        return [
          pick(
            [
              `RUN rm -f /etc/apt/apt.conf.d/docker-clean; echo 'Binary::apt::APT::Keep-Downloaded-Packages "true";' > /etc/apt/apt.conf.d/keep-cache`,
              "RUN sed -i '/Post-Invoke/d' /etc/apt/apt.conf.d/docker-clean",
            ],
            ins.v,
          ),
        ];
      }
    }
  }

  let text = lines.join(eol);
  if (spec.finalNewline) text += eol;
  if (spec.bom) text = '\uFEFF' + text;
  const stageMeta: StageMeta[] = stages.map((s) => ({ index: s.index, baseStage: s.baseStage, windows: s.windows, nonDebian: s.nonDebian, family: s.family, existingFix: s.existingFix }));
  return { text, runs, stages: stageMeta, executes };
}

// ---------------------------------------------------------------- scripts

function renderScript(spec: ScriptSpec, index: number, count: number): { text: string; effects: Effects; calls: number | null } {
  const eol = spec.crlf ? '\r\n' : '\n';
  const ind = pick(['  ', '    ', '\t', '  '], spec.indent);
  const effects = noEffects();
  const ctx: CmdContext = { where: 'lines', scripts: [], indent: ind, inScript: true };
  const cmd = (c: CmdSpec, at: string): string => {
    const rc = renderCmd(c.kind === 'runScript' ? { ...c, kind: 'echo' } : c, ctx);
    merge(effects, rc.effects);
    return rc.text
      .split(BR)
      .join(` \\\n${at}${ind}`)
      .split('\n')
      .map((l, i) => (i === 0 ? l : at + l))
      .join('\n');
  };
  const intro = (c: CmdSpec, at: string): string[] =>
    spec.introComments && /^(aptClean|rmApt|rmPip|pipPurge)$/.test(c.kind) ? [`${at}# ${pick(['Clean up apt caches', 'Aufräumen: pip-Cache', 'remove caches to keep the image small', 'cachemount ignore', 'cachemount ignore=keep-cache-on-cleanup'], c.v)}`] : [];
  const callee = spec.calls >= 0 && index + 1 + (spec.calls % Math.max(1, count - index - 1)) < count ? index + 1 + (spec.calls % Math.max(1, count - index - 1)) : null;
  const calleeName = callee === null ? '' : SCRIPT_NAMES[callee];
  const how = spec.callHow % 5;
  const needsDir = how === 3 || how === 4;
  const callLine =
    callee === null
      ? null
      : [
          `bash "$(dirname "$0")/${calleeName}"`,
          `"$(dirname "\${BASH_SOURCE[0]}")/${calleeName}"`,
          `source "$(dirname "\${BASH_SOURCE[0]}")/${calleeName}"`,
          `bash "\${SCRIPT_DIR}/${calleeName}"`,
          `. "$SCRIPT_DIR/${calleeName}"`,
        ][how];

  const out: string[] = [];
  const shebang = pick(['#!/bin/bash', '#!/usr/bin/env bash', '#!/bin/sh', '', '#!/usr/bin/env bash'], spec.shebang);
  if (shebang) out.push(shebang);
  out.push(pick(['set -euo pipefail', 'set -ex', 'set -e', 'set -eux'], spec.style + spec.shebang));
  if (needsDir && callee !== null) out.push(how === 3 ? 'SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"' : 'SCRIPT_DIR=$(dirname "$0")');
  out.push('', `# ${pick(['Installs the build dependencies', 'Richtet die Umgebung ein — ✓', 'shared helpers'], index)}`);
  const style = spec.style % 6;
  const main = (at: string): string[] => spec.cmds.flatMap((c) => [...intro(c, at), at + cmd(c, at)]);
  const clean = (at: string): string[] => spec.cleanup.flatMap((c) => [...intro(c, at), at + cmd(c, at)]);
  const call = (at: string): string[] => (callLine ? [at + callLine] : []);
  if (style === 0) {
    out.push(...main(''), ...call(''), '', ...clean(''));
  } else if (style === 1 || style === 2) {
    const body = [...main(ind), ...call(ind)];
    const cl = clean(ind);
    out.push('install_deps() {', ...body, '}', '', 'cleanup() {', ...(cl.length ? cl : [`${ind}echo "cleanup"`]), '}', '');
    if (style === 2) out.push('trap cleanup EXIT', 'install_deps');
    else out.push('install_deps', 'cleanup');
  } else if (style === 3) {
    out.push('. /etc/os-release', 'case "$ID" in', `${ind}debian|ubuntu)`, ...main(ind + ind), ...call(ind + ind), ...clean(ind + ind), `${ind + ind};;`, `${ind}*)`, `${ind + ind}echo "unsupported: $ID" >&2`, `${ind + ind}exit 1`, `${ind + ind};;`, 'esac');
  } else if (style === 4) {
    const all = [...spec.cmds, ...spec.cleanup].map((c) => cmd(c, ind));
    out.push(all.join(` && \\\n${ind}`), ...call(''));
  } else {
    out.push('if [ -f /etc/debian_version ]; then', ...main(ind), ...call(ind), ...clean(ind), 'fi');
  }
  const text = out.join('\n').split('\n').join(eol) + eol;
  return { text, effects, calls: callee };
}

// ---------------------------------------------------------------- the case

const DOCKERFILE_PATHS = ['Dockerfile', 'docker/Dockerfile.gpu'];

export function renderCase(spec: CaseSpec): RenderedCase {
  const files: Record<string, string> = {};
  const count = Math.min(spec.scripts.length, SCRIPT_NAMES.length);
  const scriptInfo = spec.scripts.slice(0, count).map((s, i) => renderScript(s, i, count));
  scriptInfo.forEach((s, i) => (files[`scripts/${SCRIPT_NAMES[i]}`] = s.text));
  // Transitive effects and closure of calls, callees first (a script only calls later ones).
  const closure: number[][] = scriptInfo.map(() => []);
  const total: Effects[] = scriptInfo.map((s) => ({ ...s.effects }));
  for (let i = count - 1; i >= 0; i--) {
    const c = scriptInfo[i].calls;
    closure[i] = [i, ...(c === null ? [] : closure[c])];
    if (c !== null) merge(total[i], total[c]);
  }
  const scriptMeta: ScriptMeta[] = scriptInfo.map((_, i) => ({ path: `scripts/${SCRIPT_NAMES[i]}`, effects: total[i], executors: [] }));
  const dfMeta: DockerfileMeta[] = [];
  spec.dockerfiles.forEach((d, k) => {
    const path = DOCKERFILE_PATHS[k];
    const r = renderDockerfile(path, d, count);
    files[path] = r.text;
    for (const ex of r.executes) {
      const run = r.runs[ex.run];
      for (const s of closure[ex.script]) {
        if (!run.scripts.includes(scriptMeta[s].path)) run.scripts.push(scriptMeta[s].path);
        merge(run.effects, forFamily(scriptInfo[s].effects, r.stages[run.stage].family));
        if (!scriptMeta[s].executors.some((e) => e.file === path && e.run === ex.run)) scriptMeta[s].executors.push({ file: path, run: ex.run });
      }
    }
    dfMeta.push({ path, runs: r.runs, stages: r.stages });
  });
  if (count) files['requirements.txt'] = 'requests\n';
  return { files, meta: { dockerfiles: dfMeta, scripts: scriptMeta }, options: { comments: spec.comments, aptKeepDownloaded: spec.aptKeepDownloaded } };
}
