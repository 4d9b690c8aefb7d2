/**
 * Writes a corpus of realistic Dockerfiles (and the scripts some of them run), one small
 * repository per folder, in the styles of well-known public images: official language
 * images, devcontainers, CUDA/PyTorch/conda images, Alpine, Red Hat/UBI/Fedora, Windows,
 * templates, multi-stage builds, heredoc RUNs, scripts copied in and run.
 *
 * Deterministic: the same seed and count give the same bytes. Written from scratch for
 * this project; no file is copied from anywhere.
 *
 *   node dist/stress/generate.js --out DIR [--seed N] [--count N]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** mulberry32: small, fast, good enough for choosing variants. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Pick {
  constructor(readonly r: () => number) {}
  one<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.r() * xs.length)];
  }
  chance(p: number): boolean {
    return this.r() < p;
  }
  some<T>(xs: readonly T[], min: number, max: number): T[] {
    const n = min + Math.floor(this.r() * (max - min + 1));
    const pool = [...xs];
    const out: T[] = [];
    while (out.length < n && pool.length) out.push(pool.splice(Math.floor(this.r() * pool.length), 1)[0]);
    return out;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.r() * (hi - lo + 1));
  }
}

/** How a file is written: line endings, indentation, how RUN lines are continued. */
interface Style {
  eol: string;
  indent: string;
  /** `trailing`: `a && \`; `leading`: `\` then `&& b`; `semi`: `set -eux; a; b`. */
  chain: 'trailing' | 'leading' | 'semi';
  comments: boolean;
}

function style(p: Pick, windows = false): Style {
  return {
    eol: p.chance(windows ? 0.6 : 0.12) ? '\r\n' : '\n',
    indent: p.one(['    ', '    ', '  ', '\t', '        ']),
    chain: p.one(['trailing', 'trailing', 'leading', 'semi'] as const),
    comments: p.chance(0.35),
  };
}

/** One shell-form RUN body from a list of commands, in the file's chaining style. */
function run(s: Style, cmds: string[], opts: { flags?: string[]; note?: string | null; esc?: string } = {}): string {
  const esc = opts.esc ?? '\\';
  const nl = ` ${esc}\n${s.indent}`;
  const flagPart = (opts.flags ?? []).map((f) => `${f}${nl}`).join('');
  let body: string;
  if (cmds.length === 1) body = cmds[0];
  else if (s.chain === 'trailing') body = cmds.join(` &&${nl}`);
  else if (s.chain === 'leading') body = cmds.join(`${nl}&& `);
  else body = ['set -eux', ...cmds].join(`;${nl}`);
  if (opts.note && cmds.length > 1 && s.comments) {
    // a comment line inside the continued instruction, before the last command
    const i = body.lastIndexOf(nl);
    body = `${body.slice(0, i)} ${esc}\n${s.indent}# ${opts.note}\n${s.indent}${body.slice(i + nl.length)}`;
  }
  return `RUN ${flagPart}${body}`;
}

/** apt-get install with a package list, one package per line when long. */
function aptInstall(p: Pick, s: Style, pkgs: string[], esc = '\\'): string {
  const head = p.one(['apt-get install -y --no-install-recommends', 'apt-get install -y --no-install-recommends', 'apt-get -y install --no-install-recommends', 'apt-get install -yq --no-install-recommends', 'DEBIAN_FRONTEND=noninteractive apt-get install -y']);
  if (pkgs.length > 3) return `${head} ${esc}\n${s.indent}${s.indent}${pkgs.join(` ${esc}\n${s.indent}${s.indent}`)}`;
  return `${head} ${pkgs.join(' ')}`;
}

function aptCleanup(p: Pick): string[] {
  return p.one([
    ['rm -rf /var/lib/apt/lists/*'],
    ['apt-get clean', 'rm -rf /var/lib/apt/lists/*'],
    ['rm -rf /var/lib/apt/lists/* /tmp/* /var/tmp/*'],
    ['apt-get autoremove -y', 'apt-get clean', 'rm -rf /var/lib/apt/lists/*'],
    ['rm -rf /var/lib/apt/lists/* /var/cache/apt/archives/*.deb'],
    [],
  ]);
}

function pipFlags(p: Pick): string {
  return p.one([' --no-cache-dir', ' --no-cache-dir', '', ' --no-cache-dir --disable-pip-version-check']);
}

const DEBIAN_PKGS = ['ca-certificates', 'curl', 'git', 'gnupg', 'wget', 'unzip', 'xz-utils', 'locales', 'tzdata', 'procps', 'less', 'openssh-client', 'jq', 'netbase', 'dirmngr'];
const BUILD_PKGS = ['build-essential', 'pkg-config', 'libssl-dev', 'libffi-dev', 'zlib1g-dev', 'libpq-dev', 'libsqlite3-dev', 'libbz2-dev', 'libreadline-dev', 'cmake', 'ninja-build'];
const PY_PKGS = ['requests', 'numpy', 'pandas', 'fastapi', 'uvicorn[standard]', 'gunicorn', 'pydantic', 'sqlalchemy', 'celery', 'redis', 'boto3', 'scikit-learn', 'matplotlib', 'jupyterlab'];

interface Project {
  name: string;
  files: Record<string, string>;
}

type Family = (p: Pick, id: number) => Project;

function withEol(text: string, eol: string): string {
  return eol === '\n' ? text : text.replace(/\r?\n/g, eol);
}

// ------------------------------------------------------------ families

const pythonOfficial: Family = (p, id) => {
  const s = style(p);
  const ver = p.one(['3.10.14', '3.11.9', '3.12.4', '3.13.0']);
  const suite = p.one(['bookworm', 'bullseye']);
  const slim = p.chance(0.5);
  const lines = [
    `FROM ${slim ? `debian:${suite}-slim` : `buildpack-deps:${suite}`}`,
    '',
    '# ensure local python is preferred over distribution python',
    'ENV PATH /usr/local/bin:$PATH',
    'ENV LANG C.UTF-8',
    '',
    run(s, ['apt-get update', aptInstall(p, s, p.some(['libbluetooth-dev', 'tk-dev', 'uuid-dev', 'libncursesw5-dev', 'libgdbm-dev', ...BUILD_PKGS], 2, 6)), ...aptCleanup(p)], { note: 'only what the build needs' }),
    '',
    `ENV PYTHON_VERSION ${ver}`,
    '',
    run(s, [
      `wget -O python.tar.xz "https://www.python.org/ftp/python/\${PYTHON_VERSION%%[a-z]*}/Python-$PYTHON_VERSION.tar.xz"`,
      'mkdir -p /usr/src/python',
      'tar --extract --directory /usr/src/python --strip-components=1 --file python.tar.xz',
      'rm python.tar.xz',
      'cd /usr/src/python',
      './configure --enable-optimizations --with-lto --enable-shared',
      'make -j "$(nproc)"',
      'make install',
      'cd /',
      'rm -rf /usr/src/python',
      'ldconfig',
    ]),
    '',
    run(s, [`python3 -m pip install${pipFlags(p)} --upgrade pip setuptools wheel`, 'python3 --version', 'pip3 --version']),
    '',
    'CMD ["python3"]',
  ];
  return { name: `python-official-${id}`, files: { Dockerfile: withEol(lines.join('\n') + '\n', s.eol) } };
};

const nodeOfficial: Family = (p, id) => {
  const s = style(p);
  const alpine = p.chance(0.35);
  const lines = alpine
    ? [
        `FROM alpine:${p.one(['3.19', '3.20'])}`,
        'ENV NODE_VERSION 20.15.1',
        run(s, ['addgroup -g 1000 node', 'adduser -u 1000 -G node -s /bin/sh -D node', 'apk add --no-cache libstdc++', 'apk add --no-cache --virtual .build-deps curl', 'curl -fsSLO --compressed "https://unofficial-builds.nodejs.org/download/release/v$NODE_VERSION/node-v$NODE_VERSION-linux-x64-musl.tar.xz"', 'tar -xJf "node-v$NODE_VERSION-linux-x64-musl.tar.xz" -C /usr/local --strip-components=1 --no-same-owner', 'apk del .build-deps', 'rm -rf /var/cache/apk/*']),
        'CMD [ "node" ]',
      ]
    : [
        `FROM buildpack-deps:${p.one(['bookworm', 'jammy'])}`,
        run(s, ['groupadd --gid 1000 node', 'useradd --uid 1000 --gid node --shell /bin/bash --create-home node']),
        'ENV NODE_VERSION 20.15.1',
        run(s, [
          'ARCH= && dpkgArch="$(dpkg --print-architecture)"',
          `case "\${dpkgArch##*-}" in amd64) ARCH='x64';; arm64) ARCH='arm64';; *) echo "unsupported architecture"; exit 1 ;; esac`,
          'curl -fsSLO --compressed "https://nodejs.org/dist/v$NODE_VERSION/node-v$NODE_VERSION-linux-$ARCH.tar.xz"',
          'tar -xJf "node-v$NODE_VERSION-linux-$ARCH.tar.xz" -C /usr/local --strip-components=1 --no-same-owner',
          'rm "node-v$NODE_VERSION-linux-$ARCH.tar.xz"',
          'ln -s /usr/local/bin/node /usr/local/bin/nodejs',
        ]),
        run(s, ['apt-get update', aptInstall(p, s, ['python3', 'make', 'g++']), ...aptCleanup(p)]),
        'WORKDIR /usr/src/app',
        'COPY package*.json ./',
        'RUN npm ci --omit=dev',
        'COPY . .',
        'USER node',
        'CMD [ "node", "server.js" ]',
      ];
  return { name: `node-${id}`, files: { Dockerfile: withEol(lines.join('\n') + '\n', s.eol) } };
};

const golang: Family = (p, id) => {
  const s = style(p);
  const lines = [
    `FROM golang:${p.one(['1.21', '1.22', '1.23'])}-${p.one(['bookworm', 'bullseye'])} AS build`,
    run(s, ['apt-get update', aptInstall(p, s, ['git', 'ca-certificates', 'make']), ...aptCleanup(p)]),
    'WORKDIR /src',
    'COPY go.mod go.sum ./',
    'RUN --mount=type=cache,target=/go/pkg/mod go mod download',
    'COPY . .',
    'RUN --mount=type=cache,target=/go/pkg/mod \\',
    `${s.indent}--mount=type=cache,target=/root/.cache/go-build \\`,
    `${s.indent}CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/app ./cmd/app`,
    '',
    p.one(['FROM gcr.io/distroless/static-debian12', 'FROM debian:bookworm-slim']),
    ...(p.chance(0.5) ? [run(s, ['apt-get update', 'apt-get install -y --no-install-recommends ca-certificates tzdata', 'rm -rf /var/lib/apt/lists/*'])] : []),
    'COPY --from=build /out/app /usr/local/bin/app',
    'USER 65532:65532',
    'ENTRYPOINT ["/usr/local/bin/app"]',
  ];
  return { name: `golang-${id}`, files: { Dockerfile: withEol(lines.join('\n') + '\n', s.eol) } };
};

const ruby: Family = (p, id) => {
  const s = style(p);
  const lines = [
    '# syntax=docker/dockerfile:1',
    `ARG RUBY_VERSION=${p.one(['3.2.4', '3.3.3'])}`,
    'FROM ruby:$RUBY_VERSION-slim AS base',
    'WORKDIR /rails',
    'ENV RAILS_ENV="production" BUNDLE_DEPLOYMENT="1" BUNDLE_PATH="/usr/local/bundle"',
    '',
    'FROM base AS build',
    run(s, ['apt-get update -qq', 'apt-get install --no-install-recommends -y build-essential git libpq-dev pkg-config', p.one(['rm -rf /var/lib/apt/lists /var/cache/apt/archives', 'rm -rf /var/lib/apt/lists/*'])]),
    'COPY Gemfile Gemfile.lock ./',
    run(s, ['bundle install', 'rm -rf ~/.bundle/ "${BUNDLE_PATH}"/ruby/*/cache']),
    'COPY . .',
    'RUN bundle exec bootsnap precompile app/ lib/',
    '',
    'FROM base',
    run(s, ['apt-get update -qq', 'apt-get install --no-install-recommends -y curl libjemalloc2 postgresql-client', 'rm -rf /var/lib/apt/lists /var/cache/apt/archives']),
    'COPY --from=build "${BUNDLE_PATH}" "${BUNDLE_PATH}"',
    'COPY --from=build /rails /rails',
    run(s, ['groupadd --system --gid 1000 rails', 'useradd rails --uid 1000 --gid 1000 --create-home --shell /bin/bash', 'chown -R rails:rails db log storage tmp']),
    'USER 1000:1000',
    'EXPOSE 3000',
    'CMD ["./bin/rails", "server"]',
  ];
  return { name: `ruby-${id}`, files: { Dockerfile: withEol(lines.join('\n') + '\n', s.eol) } };
};

const php: Family = (p, id) => {
  const s = style(p);
  const lines = [
    `FROM php:${p.one(['8.2', '8.3'])}-${p.one(['apache', 'fpm', 'cli'])}`,
    run(s, ['apt-get update', aptInstall(p, s, ['libzip-dev', 'libpng-dev', 'libjpeg62-turbo-dev', 'libfreetype6-dev', 'unzip']), 'docker-php-ext-configure gd --with-freetype --with-jpeg', 'docker-php-ext-install -j$(nproc) gd zip pdo_mysql', ...aptCleanup(p)], { note: 'PHP extensions' }),
    run(s, ['pecl install redis-6.0.2', 'docker-php-ext-enable redis', 'rm -rf /tmp/pear']),
    'COPY --from=composer:2 /usr/bin/composer /usr/bin/composer',
    'WORKDIR /var/www/html',
    'COPY composer.json composer.lock ./',
    'RUN composer install --no-dev --no-scripts --prefer-dist --no-interaction',
    'COPY . .',
  ];
  return { name: `php-${id}`, files: { Dockerfile: withEol(lines.join('\n') + '\n', s.eol) } };
};

const java: Family = (p, id) => {
  const s = style(p);
  const lines = [
    `FROM maven:3.9-eclipse-temurin-${p.one(['17', '21'])} AS build`,
    'WORKDIR /build',
    'COPY pom.xml .',
    'RUN mvn -B -q dependency:go-offline',
    'COPY src ./src',
    'RUN mvn -B -q package -DskipTests',
    '',
    `FROM eclipse-temurin:${p.one(['17', '21'])}-jre-${p.one(['jammy', 'noble'])}`,
    run(s, ['apt-get update', 'apt-get install -y --no-install-recommends curl fontconfig', ...aptCleanup(p)]),
    run(s, ['groupadd --system app', 'useradd --system --gid app --home /app app']),
    'COPY --from=build /build/target/*.jar /app/app.jar',
    'USER app',
    'ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/app.jar"]',
  ];
  return { name: `java-${id}`, files: { Dockerfile: withEol(lines.join('\n') + '\n', s.eol) } };
};

const devcontainer: Family = (p, id) => {
  const s = style(p);
  const base = p.one(['mcr.microsoft.com/devcontainers/python:1-3.12-bookworm', 'mcr.microsoft.com/devcontainers/base:ubuntu-22.04', 'mcr.microsoft.com/devcontainers/typescript-node:20', 'mcr.microsoft.com/devcontainers/universal:2']);
  const useScript = p.chance(0.5);
  const files: Record<string, string> = {};
  const lines = [
    `FROM ${base}`,
    '',
    'ARG USERNAME=vscode',
    'ARG USER_UID=1000',
    '',
    '# [Optional] extra OS packages',
    run(s, ['apt-get update', 'export DEBIAN_FRONTEND=noninteractive', aptInstall(p, s, p.some([...DEBIAN_PKGS, 'shellcheck', 'graphviz', 'postgresql-client'], 2, 6)), 'apt-get autoremove -y', 'apt-get clean -y', 'rm -rf /var/lib/apt/lists/*']),
  ];
  if (useScript) {
    lines.push('COPY .devcontainer/library-scripts/*.sh /tmp/library-scripts/', run(s, ['bash /tmp/library-scripts/common-debian.sh "true" "${USERNAME}" "${USER_UID}"', 'rm -rf /tmp/library-scripts']));
    files['.devcontainer/library-scripts/common-debian.sh'] = scriptText(p, 'common', true);
  }
  lines.push(
    '',
    '# [Optional] Python tools for the dev user',
    `RUN pip3${pipFlags(p)} install ${p.some(['black', 'ruff', 'mypy', 'pytest', 'pre-commit'], 2, 4).join(' ')}`,
    'USER $USERNAME',
    `RUN pip3 install --user${pipFlags(p)} ${p.some(PY_PKGS, 1, 3).join(' ')}`,
  );
  files['.devcontainer/Dockerfile'] = withEol(lines.join('\n') + '\n', s.eol);
  return { name: `devcontainer-${id}`, files };
};

const cudaTorch: Family = (p, id) => {
  const s = style(p);
  const cuda = p.one(['nvidia/cuda:12.1.1-cudnn8-devel-ubuntu22.04', 'nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04', 'nvidia/cuda:11.8.0-devel-ubuntu20.04', 'pytorch/pytorch:2.3.1-cuda12.1-cudnn8-devel']);
  const heredoc = p.chance(0.3);
  const lines = [
    p.chance(0.3) ? '# syntax=docker/dockerfile:1.4' : '# GPU training image',
    `FROM ${cuda} AS base`,
    'ENV DEBIAN_FRONTEND=noninteractive \\',
    `${s.indent}PYTHONUNBUFFERED=1 \\`,
    `${s.indent}PIP_DISABLE_PIP_VERSION_CHECK=1`,
    heredoc
      ? ['RUN <<EOF', 'set -eux', 'apt-get update', 'apt-get install -y --no-install-recommends python3 python3-pip python3-dev git wget libgl1 libglib2.0-0', 'apt-get clean', 'rm -rf /var/lib/apt/lists/*', 'EOF'].join('\n')
      : run(s, ['apt-get update', aptInstall(p, s, ['python3', 'python3-pip', 'python3-dev', 'git', 'wget', 'libgl1', 'libglib2.0-0']), ...aptCleanup(p)], { note: 'system Python for the venv-less setup' }),
    `RUN python3 -m pip install${pipFlags(p)} --upgrade pip`,
    `RUN pip3 install${pipFlags(p)} torch torchvision torchaudio --index-url https://download.pytorch.org/whl/cu121`,
    'WORKDIR /workspace',
    'COPY requirements.txt .',
    run(s, [`pip install${pipFlags(p)} -r requirements.txt`, ...(p.chance(0.4) ? ['pip cache purge'] : []), ...(p.chance(0.3) ? ['rm -rf /root/.cache/pip'] : [])]),
    'COPY . .',
  ];
  if (p.chance(0.4)) {
    lines.push('', 'FROM base AS dev', run(s, ['apt-get update', 'apt-get install -y --no-install-recommends vim htop tmux', 'rm -rf /var/lib/apt/lists/*']), `RUN pip install${pipFlags(p)} jupyterlab ipywidgets`);
  }
  lines.push('CMD ["python3", "train.py"]');
  return { name: `cuda-${id}`, files: { Dockerfile: withEol(lines.join('\n') + '\n', s.eol), 'requirements.txt': 'transformers\naccelerate\n' } };
};

const conda: Family = (p, id) => {
  const s = style(p);
  const micromamba = p.chance(0.3);
  const lines = micromamba
    ? [
        'FROM mambaorg/micromamba:1.5-bookworm-slim',
        'COPY --chown=$MAMBA_USER:$MAMBA_USER env.yaml /tmp/env.yaml',
        run(s, ['micromamba install -y -n base -f /tmp/env.yaml', 'micromamba clean --all --yes']),
        'ARG MAMBA_DOCKERFILE_ACTIVATE=1',
        `RUN pip install${pipFlags(p)} ${p.some(PY_PKGS, 1, 3).join(' ')}`,
      ]
    : [
        `FROM continuumio/miniconda3:${p.one(['24.5.0-0', 'latest'])}`,
        run(s, ['apt-get update', 'apt-get install -y --no-install-recommends build-essential', ...aptCleanup(p)]),
        'COPY environment.yml /tmp/environment.yml',
        run(s, ['conda env update -n base -f /tmp/environment.yml', 'conda clean -afy']),
        run(s, [`pip install${pipFlags(p)} ${p.some(PY_PKGS, 2, 4).join(' ')}`, ...(p.chance(0.5) ? ['pip cache purge || true'] : [])]),
      ];
  return { name: `conda-${id}`, files: { Dockerfile: withEol(lines.join('\n') + '\n', s.eol) } };
};

const pipApp: Family = (p, id) => {
  const s = style(p);
  const ver = p.one(['3.10', '3.11', '3.12']);
  const multi = p.chance(0.5);
  const envNoCache = p.chance(0.3);
  const lines: string[] = [];
  if (multi) {
    lines.push(
      `FROM python:${ver}-slim AS builder`,
      run(s, ['apt-get update', 'apt-get install -y --no-install-recommends build-essential libpq-dev', 'rm -rf /var/lib/apt/lists/*']),
      'RUN python -m venv /opt/venv',
      'ENV PATH="/opt/venv/bin:$PATH"',
      'COPY requirements.txt .',
      run(s, [`pip install${pipFlags(p)} --upgrade pip`, `pip install${pipFlags(p)} -r requirements.txt`]),
      '',
      `FROM python:${ver}-slim`,
      run(s, ['apt-get update', 'apt-get install -y --no-install-recommends libpq5', 'apt-get clean', 'rm -rf /var/lib/apt/lists/*']),
      'COPY --from=builder /opt/venv /opt/venv',
      'ENV PATH="/opt/venv/bin:$PATH"',
    );
  } else {
    lines.push(
      `FROM python:${ver}${p.one(['-slim', '-slim-bookworm', ''])}`,
      envNoCache ? 'ENV PIP_NO_CACHE_DIR=1 \\\n    PYTHONDONTWRITEBYTECODE=1' : 'ENV PYTHONDONTWRITEBYTECODE=1',
      'WORKDIR /app',
      'COPY requirements.txt .',
      run(s, [`pip install${pipFlags(p)} --upgrade pip`, `pip install${pipFlags(p)} -r requirements.txt`, ...(p.chance(0.3) ? ['find / -name "*.pyc" -delete'] : [])]),
    );
  }
  lines.push('COPY . /app', 'WORKDIR /app', ...(p.chance(0.5) ? ['RUN useradd --create-home appuser', 'USER appuser'] : []), 'EXPOSE 8000', 'CMD ["gunicorn", "-b", "0.0.0.0:8000", "app:app"]');
  return { name: `pip-app-${id}`, files: { Dockerfile: withEol(lines.join('\n') + '\n', s.eol), 'requirements.txt': 'flask\ngunicorn\n' } };
};

const alpine: Family = (p, id) => {
  const s = style(p);
  const lines = [
    `FROM ${p.one(['alpine:3.19', 'alpine:3.20', 'python:3.12-alpine'])}`,
    run(s, ['apk add --no-cache bash curl ca-certificates tzdata', ...(p.chance(0.4) ? ['rm -rf /var/cache/apk/*'] : [])]),
    run(s, ['apk add --no-cache --virtual .build-deps gcc musl-dev libffi-dev', `pip install${pipFlags(p)} cryptography`, 'apk del .build-deps']),
    'COPY . /app',
    'CMD ["sh"]',
  ];
  return { name: `alpine-${id}`, files: { Dockerfile: withEol(lines.join('\n') + '\n', s.eol) } };
};

const redhat: Family = (p, id) => {
  const s = style(p);
  const kind = p.one(['ubi-minimal', 'ubi', 'fedora', 'centos7', 'rocky']);
  const lines: string[] = [];
  if (kind === 'ubi-minimal') {
    lines.push('FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4', run(s, ['microdnf install -y python3.11 python3.11-pip shadow-utils', 'microdnf clean all']));
  } else if (kind === 'ubi') {
    lines.push('FROM registry.access.redhat.com/ubi8/ubi:8.10', run(s, ['dnf -y module enable python39', 'dnf -y install python39 python39-pip gcc', 'dnf clean all', 'rm -rf /var/cache/dnf']));
  } else if (kind === 'fedora') {
    lines.push(`FROM fedora:${p.one(['39', '40'])}`, run(s, ['dnf -y upgrade --refresh', 'dnf -y install python3-pip gcc-c++ make', 'dnf clean all']));
  } else if (kind === 'centos7') {
    lines.push('FROM centos:7', run(s, ['yum install -y epel-release', 'yum install -y python3 python3-pip', 'yum clean all', 'rm -rf /var/cache/yum']));
  } else {
    lines.push('FROM rockylinux:9', run(s, ['dnf install -y --setopt=install_weak_deps=False python3 python3-pip', 'dnf clean all']));
  }
  lines.push(`RUN pip3 install${pipFlags(p)} ${p.some(PY_PKGS, 1, 3).join(' ')}`, 'COPY . /opt/app', 'USER 1001', 'CMD ["python3", "/opt/app/main.py"]');
  return { name: `redhat-${id}`, files: { Containerfile: withEol(lines.join('\n') + '\n', s.eol) } };
};

const windows: Family = (p, id) => {
  const s = style(p, true);
  const backtick = p.chance(0.7);
  const esc = backtick ? '`' : '\\';
  const core = p.one(['mcr.microsoft.com/windows/servercore:ltsc2022', 'mcr.microsoft.com/windows/servercore:ltsc2019', 'mcr.microsoft.com/dotnet/framework/sdk:4.8-windowsservercore-ltsc2022']);
  const lines = [
    ...(backtick ? ['# escape=`', ''] : []),
    `FROM ${core} AS build`,
    `SHELL ["powershell", "-Command", "$ErrorActionPreference = 'Stop'; $ProgressPreference = 'SilentlyContinue';"]`,
    `RUN Invoke-WebRequest -Uri https://www.python.org/ftp/python/3.12.4/python-3.12.4-amd64.exe -OutFile python.exe; ${esc}\n${s.indent}Start-Process python.exe -Wait -ArgumentList '/quiet InstallAllUsers=1 PrependPath=1'; ${esc}\n${s.indent}Remove-Item python.exe -Force`,
    `RUN pip install --no-cache-dir ${p.some(PY_PKGS, 1, 3).join(' ')}`,
    `RUN choco install -y git 7zip; ${esc}\n${s.indent}Remove-Item -Recurse -Force $env:TEMP\\*`,
  ];
  if (p.chance(0.5)) {
    lines.push('', `FROM mcr.microsoft.com/windows/nanoserver:${p.one(['ltsc2022', '1809'])}`, 'COPY --from=build /Python312 /Python312', 'USER ContainerUser', 'CMD ["python.exe"]');
  }
  return { name: `windows-${id}`, files: { Dockerfile: withEol(lines.join('\n') + '\n', s.eol) } };
};

const template: Family = (p, id) => {
  const s = style(p);
  const jinja = p.chance(0.5);
  const lines = jinja
    ? [
        'FROM {{ base_image }}:{{ base_tag | default("bookworm") }}',
        run(s, ['apt-get update', 'apt-get install -y --no-install-recommends {% for pkg in packages %}{{ pkg }} {% endfor %}', 'rm -rf /var/lib/apt/lists/*']),
        '{% if with_pip %}',
        'RUN pip install --no-cache-dir {{ pip_packages | join(" ") }}',
        '{% endif %}',
      ]
    : [
        'FROM debian:%%DEBIAN_SUITE%%-slim',
        'ENV PYTHON_VERSION %%PLACEHOLDER%%',
        run(s, ['apt-get update', 'apt-get install -y --no-install-recommends ca-certificates %%EXTRA_PACKAGES%%', 'rm -rf /var/lib/apt/lists/*']),
      ];
  return { name: `template-${id}`, files: { [jinja ? 'Dockerfile.j2.Dockerfile' : 'Dockerfile.template'] : withEol(lines.join('\n') + '\n', s.eol), ...(jinja ? {} : { 'Dockerfile': withEol(lines.join('\n').replace(/%%DEBIAN_SUITE%%/g, 'bookworm').replace(/%%[A-Z_]+%%/g, 'x') + '\n', s.eol) }) } };
};

/** A shell script of the kind repositories keep next to their Dockerfiles. */
function scriptText(p: Pick, kind: 'install' | 'common' | 'python', withFunctions: boolean): string {
  const ind = p.one(['  ', '    ', '\t']);
  const out = [p.one(['#!/usr/bin/env bash', '#!/bin/bash', '#!/bin/sh']), p.one(['set -euo pipefail', 'set -ex', 'set -e']), ''];
  if (kind === 'python') {
    out.push(
      '# Installs the Python dependencies of the project.',
      `python3 -m pip install${pipFlags(p)} --upgrade pip`,
      `pip3 install${pipFlags(p)} -r "$(dirname "$0")/../requirements.txt"`,
      ...(p.chance(0.5) ? ['pip3 cache purge || true'] : []),
    );
    return out.join('\n') + '\n';
  }
  if (withFunctions) {
    out.push(
      'install_packages() {',
      `${ind}apt-get update`,
      `${ind}apt-get install -y --no-install-recommends \\`,
      ...p.some(DEBIAN_PKGS, 3, 6).map((x, i, xs) => `${ind}${ind}${x}${i < xs.length - 1 ? ' \\' : ''}`),
      '}',
      '',
      'cleanup() {',
      `${ind}# keep the layer small`,
      `${ind}apt-get clean`,
      `${ind}rm -rf /var/lib/apt/lists/* /tmp/*`,
      '}',
      '',
      ...(p.chance(0.5) ? ['trap cleanup EXIT', 'install_packages'] : ['install_packages', 'cleanup']),
    );
  } else {
    out.push(
      'export DEBIAN_FRONTEND=noninteractive',
      'apt-get update',
      `apt-get install -y --no-install-recommends ${p.some([...DEBIAN_PKGS, ...BUILD_PKGS], 3, 6).join(' ')}`,
      'if [ -f /etc/debian_version ]; then',
      `${ind}apt-get clean`,
      'fi',
      'rm -rf /var/lib/apt/lists/*',
    );
    if (kind === 'install' && p.chance(0.5)) out.push('', `bash "$(dirname "\${BASH_SOURCE[0]}")/install-python.sh"`);
  }
  return out.join('\n') + '\n';
}

const withScripts: Family = (p, id) => {
  const s = style(p);
  const files: Record<string, string> = {};
  const how = p.one(['copy-dir', 'copy-file', 'bind']);
  files['docker/install.sh'] = scriptText(p, 'install', p.chance(0.5));
  files['docker/install-python.sh'] = scriptText(p, 'python', false);
  files['requirements.txt'] = 'requests\npyyaml\n';
  const lines = [`FROM ${p.one(['ubuntu:22.04', 'debian:bookworm', 'python:3.11-slim-bookworm'])}`, 'ENV DEBIAN_FRONTEND=noninteractive'];
  if (how === 'copy-dir') {
    lines.push('COPY docker/ /opt/docker/', 'COPY requirements.txt /opt/requirements.txt', 'RUN bash /opt/docker/install.sh', 'RUN /opt/docker/install-python.sh');
  } else if (how === 'copy-file') {
    lines.push('COPY docker/install.sh /tmp/install.sh', run(s, ['chmod +x /tmp/install.sh', '/tmp/install.sh', 'rm /tmp/install.sh']));
  } else {
    lines.push(run(s, ['bash /opt/docker/install.sh'], { flags: ['--mount=type=bind,source=docker,target=/opt/docker'] }), run(s, ['bash /opt/docker/install-python.sh'], { flags: ['--mount=type=bind,source=docker,target=/opt/docker', '--mount=type=bind,source=requirements.txt,target=/opt/requirements.txt'] }));
  }
  lines.push('WORKDIR /app', 'COPY . .', 'CMD ["bash"]');
  files.Dockerfile = withEol(lines.join('\n') + '\n', s.eol);
  return { name: `scripts-${id}`, files };
};

const heredocs: Family = (p, id) => {
  const s = style(p);
  const lines = [
    '# syntax=docker/dockerfile:1',
    `FROM ${p.one(['debian:bookworm-slim', 'ubuntu:24.04', 'python:3.12-slim'])}`,
    p.one([
      ['RUN <<EOF', 'set -e', 'apt-get update', 'apt-get install -y --no-install-recommends curl ca-certificates', 'rm -rf /var/lib/apt/lists/*', 'EOF'].join('\n'),
      ['RUN <<-EOT bash', '\tset -eux', '\tapt-get update', '\tapt-get install -y git', '\tapt-get clean', 'EOT'].join('\n'),
      ["RUN <<'SCRIPT'", '#!/usr/bin/env bash', 'set -euo pipefail', 'apt-get update && apt-get install -y jq && rm -rf /var/lib/apt/lists/*', 'SCRIPT'].join('\n'),
    ]),
    p.one([
      ['RUN <<EOF', `pip install${pipFlags(p)} ${p.some(PY_PKGS, 1, 3).join(' ')}`, 'EOF'].join('\n'),
      ['RUN python3 <<PY', 'import sys', 'print("python", sys.version)', 'PY'].join('\n'),
      `RUN pip install${pipFlags(p)} ${p.some(PY_PKGS, 1, 3).join(' ')}`,
    ]),
    ['COPY <<EOF /etc/app.conf', 'listen = 0.0.0.0:8080', 'EOF'].join('\n'),
    'CMD ["bash"]',
  ];
  return { name: `heredoc-${id}`, files: { Dockerfile: withEol(lines.join('\n') + '\n', s.eol) } };
};

const multiStage: Family = (p, id) => {
  const s = style(p);
  const lines = [
    'ARG BASE=python:3.12-slim-bookworm',
    'FROM ${BASE} AS base',
    run(s, ['apt-get update', aptInstall(p, s, p.some(DEBIAN_PKGS, 2, 5)), ...aptCleanup(p)]),
    '',
    'FROM base AS deps',
    'COPY requirements.txt .',
    `RUN pip wheel${pipFlags(p)} --wheel-dir /wheels -r requirements.txt`,
    '',
    'FROM base AS test',
    run(s, ['apt-get update', 'apt-get install -y --no-install-recommends make', 'rm -rf /var/lib/apt/lists/*']),
    `RUN pip install${pipFlags(p)} pytest`,
    '',
    'FROM base AS runtime',
    'COPY --from=deps /wheels /wheels',
    run(s, [`pip install${pipFlags(p)} --no-index --find-links=/wheels /wheels/*`, 'rm -rf /wheels']),
    ...(p.chance(0.5) ? ['USER nobody'] : []),
    'CMD ["python", "-m", "app"]',
  ];
  return { name: `multistage-${id}`, files: { Dockerfile: withEol(lines.join('\n') + '\n', s.eol), 'requirements.txt': 'attrs\n' } };
};

export const FAMILIES: Array<[string, Family, number]> = [
  ['python-official', pythonOfficial, 3],
  ['node', nodeOfficial, 2],
  ['golang', golang, 2],
  ['ruby', ruby, 2],
  ['php', php, 2],
  ['java', java, 2],
  ['devcontainer', devcontainer, 3],
  ['cuda', cudaTorch, 3],
  ['conda', conda, 2],
  ['pip-app', pipApp, 4],
  ['alpine', alpine, 2],
  ['redhat', redhat, 2],
  ['windows', windows, 2],
  ['template', template, 1],
  ['scripts', withScripts, 3],
  ['heredoc', heredocs, 2],
  ['multistage', multiStage, 2],
];

/** Projects of the corpus, in order; deterministic for a seed. */
export function generateCorpus(seed: number, count: number): Project[] {
  const p = new Pick(rng(seed));
  const total = FAMILIES.reduce((n, f) => n + f[2], 0);
  const out: Project[] = [];
  for (let i = 0; i < count; i++) {
    let x = p.r() * total;
    let fam = FAMILIES[0];
    for (const f of FAMILIES) {
      x -= f[2];
      if (x < 0) {
        fam = f;
        break;
      }
    }
    const proj = fam[1](p, i);
    out.push({ name: `${String(i).padStart(4, '0')}-${proj.name.replace(/-\d+$/, '')}`, files: proj.files });
  }
  return out;
}

export function writeCorpus(dir: string, seed: number, count: number): { projects: number; dockerfiles: number; scripts: number } {
  let dockerfiles = 0;
  let scripts = 0;
  const projects = generateCorpus(seed, count);
  for (const proj of projects) {
    for (const [rel, text] of Object.entries(proj.files)) {
      const abs = path.join(dir, proj.name, rel);
      fs.mkdirSync(path.dirname(abs), { recursive: true });
      fs.writeFileSync(abs, text, 'utf8');
      if (/(^|\/)(Dockerfile|Containerfile)[^/]*$|\.Dockerfile$/.test(rel)) dockerfiles++;
      if (rel.endsWith('.sh')) scripts++;
    }
  }
  return { projects: projects.length, dockerfiles, scripts };
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  const get = (k: string, d: string): string => (argv.includes(k) ? argv[argv.indexOf(k) + 1] : d);
  const out = get('--out', '');
  if (!out) {
    console.error('usage: node dist/stress/generate.js --out DIR [--seed N] [--count N]');
    process.exit(2);
  }
  const r = writeCorpus(out, Number(get('--seed', '1')), Number(get('--count', '330')));
  console.log(`wrote ${r.projects} projects, ${r.dockerfiles} Dockerfiles, ${r.scripts} scripts to ${out}`);
}
