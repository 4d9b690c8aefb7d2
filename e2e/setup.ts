/**
 * jest globalSetup for the real-build suite: makes sure Buildah and
 * debootstrap are installed and that the two local Debian bookworm base images
 * exist in the suite's own storage. Idempotent and guarded by a lock file;
 * a warm run only inspects the two images.
 *
 * Never skips: if anything here cannot be done the suite fails with the reason.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildah, inspectImage, newRunDir, shortHash } from './buildah';
import { haveCommand, run, runOk, tail } from './exec';
import { withLock } from './lock';
import { CLI, REFERENCE_REWRITES } from './rewrite';
import {
  BASE_DIR,
  BASE_IMAGE,
  BUILDAH_GLOBAL_ARGS,
  DEBIAN_MIRROR,
  DOCKER_CLEAN_IMAGE,
  ROOTFS_TARBALL,
  RUNS_DIR,
  RUN_ROOT,
  SETUP_LOCK,
  STATE_DIR,
  STORAGE_LINK,
  STORAGE_ROOT,
  SUITE,
  WHEEL_DIR,
} from './state';

const RECIPE_LABEL = 'io.cachemount.e2e.recipe';

/** Host packages the suite needs; the wheel packages feed the loopback pip index. */
const HOST_PACKAGES = ['buildah', 'debootstrap', 'python3-pip-whl', 'python3-wheel-whl'];

/**
 * What Debian's official images put in /etc/apt/apt.conf.d/docker-clean, in
 * substance: delete every downloaded .deb and the binary caches after each
 * dpkg run and each `apt-get update`, and do not keep pkgcache files at all.
 */
export const DOCKER_CLEAN_CONF = [
  '// Mimics the hook Debian and Ubuntu container images ship: downloaded',
  '// packages never stay in the image.',
  'DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };',
  'APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };',
  'Dir::Cache::pkgcache "";',
  'Dir::Cache::srcpkgcache "";',
  '',
].join('\n');

const BASE_CONTAINERFILE = ['FROM scratch', 'ADD rootfs.tar.gz /', 'CMD ["bash"]', ''].join('\n');

function dockerCleanContainerfile(): string {
  return [
    `FROM ${BASE_IMAGE}`,
    'COPY docker-clean /etc/apt/apt.conf.d/docker-clean',
    // Proves RUN works under chroot isolation here, and that apt parses the hook.
    'RUN apt-config dump | grep -q "^DPkg::Post-Invoke"',
    '',
  ].join('\n');
}

function log(msg: string): void {
  process.stderr.write(`cachemount-e2e setup: ${msg}\n`);
}

async function ensureHostPackages(): Promise<void> {
  const missing: string[] = [];
  if (!(await haveCommand('buildah'))) missing.push('buildah');
  if (!(await haveCommand('debootstrap'))) missing.push('debootstrap');
  const wheels = fs.existsSync(WHEEL_DIR) ? fs.readdirSync(WHEEL_DIR) : [];
  if (!wheels.some((w) => w.startsWith('pip-'))) missing.push('python3-pip-whl');
  if (!wheels.some((w) => w.startsWith('wheel-'))) missing.push('python3-wheel-whl');
  if (missing.length === 0) return;
  log(`installing ${missing.join(' ')} with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await runOk('apt-get', ['update'], { env, timeoutMs: 5 * 60_000 });
  await runOk('apt-get', ['install', '-y', '--no-install-recommends', ...HOST_PACKAGES], {
    env,
    timeoutMs: 10 * 60_000,
  });
}

/** Points STORAGE_LINK at STORAGE_ROOT (see state.ts for why buildah must not see a /var path). */
function ensureStorageLink(): void {
  if (STORAGE_LINK === '/var' || STORAGE_LINK.startsWith('/var/')) {
    throw new Error(`cachemount e2e: ${STORAGE_LINK} must not be under /var (Buildah 1.28 would delete the wrong paths)`);
  }
  let st: fs.Stats | undefined;
  try {
    st = fs.lstatSync(STORAGE_LINK);
  } catch {
    st = undefined;
  }
  if (st && !st.isSymbolicLink()) {
    throw new Error(`cachemount e2e: ${STORAGE_LINK} exists and is not a symlink; remove it or set CACHEMOUNT_E2E_STORAGE_LINK`);
  }
  if (st && fs.readlinkSync(STORAGE_LINK) === STORAGE_ROOT) return;
  if (st) fs.rmSync(STORAGE_LINK);
  fs.symlinkSync(STORAGE_ROOT, STORAGE_LINK);
}

async function ensureBuildahRuns(): Promise<void> {
  const r = await run('buildah', [...BUILDAH_GLOBAL_ARGS, 'images'], { timeoutMs: 60_000 }).catch((e: Error) => ({
    code: -1,
    output: e.message,
  }));
  if (r.code !== 0) {
    throw new Error(
      'cachemount e2e: Buildah cannot run on this machine, so the real-build suite cannot prove anything.\n' +
        `\`buildah ${BUILDAH_GLOBAL_ARGS.join(' ')} images\` failed:\n${tail(r.output, 30)}`,
    );
  }
}

async function ensureRootfsTarball(): Promise<void> {
  if (fs.existsSync(ROOTFS_TARBALL)) return;
  const rootfs = path.join(BASE_DIR, 'rootfs.tmp');
  fs.rmSync(rootfs, { recursive: true, force: true });
  fs.mkdirSync(BASE_DIR, { recursive: true });
  log(`debootstrap --variant=minbase ${SUITE} (about a minute)`);
  await runOk('debootstrap', ['--variant=minbase', SUITE, rootfs, DEBIAN_MIRROR], { timeoutMs: 15 * 60_000 });
  // Official images ship without package lists or binary caches.
  for (const sub of ['var/lib/apt/lists', 'var/cache/apt']) {
    const dir = path.join(rootfs, sub);
    for (const e of fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }) : []) {
      if (e.isFile()) fs.rmSync(path.join(dir, e.name));
    }
  }
  const tmp = `${ROOTFS_TARBALL}.tmp`;
  await runOk('tar', ['--numeric-owner', '--xattrs', '-C', rootfs, '-czf', tmp, '.'], { timeoutMs: 10 * 60_000 });
  fs.renameSync(tmp, ROOTFS_TARBALL);
  fs.rmSync(rootfs, { recursive: true, force: true });
}

/** Builds `image` from `files` unless an image with the same recipe label is already there. */
async function ensureImage(image: string, files: Record<string, string | { copyOf: string }>, recipe: string): Promise<string> {
  const have = await inspectImage(image);
  if (have && have.labels[RECIPE_LABEL] === recipe) return have.id;
  log(have ? `rebuilding ${image} (recipe changed)` : `building ${image}`);
  const ctx = fs.mkdtempSync(path.join(BASE_DIR, 'ctx-'));
  try {
    for (const [name, content] of Object.entries(files)) {
      const dest = path.join(ctx, name);
      if (typeof content === 'string') fs.writeFileSync(dest, content);
      else fs.linkSync(content.copyOf, dest);
    }
    await buildah(
      [
        'bud',
        '--isolation',
        'chroot',
        '--network',
        'host',
        '--layers=false',
        '--pull=never',
        '--label',
        `${RECIPE_LABEL}=${recipe}`,
        '-f',
        path.join(ctx, 'Containerfile'),
        '-t',
        image,
        ctx,
      ],
      { timeoutMs: 15 * 60_000, env: { ...process.env, TMPDIR: ctx } },
    );
  } finally {
    fs.rmSync(ctx, { recursive: true, force: true });
  }
  const built = await inspectImage(image);
  if (!built) throw new Error(`built ${image} but buildah cannot inspect it`);
  return built.id;
}

/** Removes images, containers and run dirs left by earlier runs whose process is gone. */
async function pruneStaleRuns(): Promise<void> {
  const alive = (pid: number): boolean => {
    try {
      process.kill(pid, 0);
      return true;
    } catch (err) {
      return (err as NodeJS.ErrnoException).code === 'EPERM';
    }
  };
  const stale = (runId: string): boolean => {
    const m = /^r(\d+)-/.exec(runId);
    return !m || !alive(Number(m[1]));
  };
  const ctrs = await run('buildah', [...BUILDAH_GLOBAL_ARGS, 'containers', '--format', '{{.ContainerName}}'], {
    timeoutMs: 60_000,
  });
  for (const name of ctrs.stdout.split('\n').filter(Boolean)) {
    const m = /^cachemount-e2e-(r\d+-[a-z0-9]+)-/.exec(name);
    if (m && stale(m[1])) await run('buildah', [...BUILDAH_GLOBAL_ARGS, 'rm', name], { timeoutMs: 120_000 });
  }
  const imgs = await run('buildah', [...BUILDAH_GLOBAL_ARGS, 'images', '--format', '{{.Name}}:{{.Tag}}'], {
    timeoutMs: 60_000,
  });
  for (const name of imgs.stdout.split('\n').filter(Boolean)) {
    const m = /^localhost\/cachemount-e2e\/t-(r\d+-[a-z0-9]+)-/.exec(name);
    if (m && stale(m[1])) await run('buildah', [...BUILDAH_GLOBAL_ARGS, 'rmi', '--force', name], { timeoutMs: 120_000 });
  }
  let othersAlive = false;
  if (fs.existsSync(RUNS_DIR)) {
    for (const runId of fs.readdirSync(RUNS_DIR)) {
      if (stale(runId)) fs.rmSync(path.join(RUNS_DIR, runId), { recursive: true, force: true });
      else othersAlive = true;
    }
  }
  if (!othersAlive) {
    // Nobody else is building in this store: also drop what a killed build left
    // (working containers, untagged intermediate stage images). Tagged base images stay.
    await run('buildah', [...BUILDAH_GLOBAL_ARGS, 'rm', '--all'], { timeoutMs: 120_000 });
    await run('buildah', [...BUILDAH_GLOBAL_ARGS, 'rmi', '--prune'], { timeoutMs: 120_000 });
  }
}

/** Prepares everything and returns this run's directory (see newRunDir) and the seconds it took. */
export async function ensureE2eEnvironment(): Promise<{ runDir: string; seconds: number }> {
  if (process.platform !== 'linux' || !process.getuid || process.getuid() !== 0) {
    throw new Error('cachemount e2e: the real-build suite must run as root on Linux (it installs packages and runs buildah).');
  }
  if (!REFERENCE_REWRITES && !fs.existsSync(CLI)) {
    // Fail before spending minutes on builds that cannot be compared with anything.
    throw new Error(`cachemount e2e: ${CLI} does not exist; build the codemod first (npm run test:e2e does: npm run build).`);
  }
  const started = Date.now();
  for (const d of [STATE_DIR, STORAGE_ROOT, RUN_ROOT, BASE_DIR, RUNS_DIR]) fs.mkdirSync(d, { recursive: true });
  const runDir = await withLock(SETUP_LOCK, 30 * 60_000, async () => {
    await ensureHostPackages();
    ensureStorageLink();
    await ensureBuildahRuns();
    await pruneStaleRuns();
    await ensureRootfsTarball();
    const st = fs.statSync(ROOTFS_TARBALL);
    const baseId = await ensureImage(
      BASE_IMAGE,
      { Containerfile: BASE_CONTAINERFILE, 'rootfs.tar.gz': { copyOf: ROOTFS_TARBALL } },
      shortHash(BASE_CONTAINERFILE, String(st.size), String(st.mtimeMs)),
    );
    const dcFile = dockerCleanContainerfile();
    await ensureImage(
      DOCKER_CLEAN_IMAGE,
      { Containerfile: dcFile, 'docker-clean': DOCKER_CLEAN_CONF },
      shortHash(dcFile, DOCKER_CLEAN_CONF, baseId),
    );
    // Made under the lock, so a concurrent run's pruning sees this run as alive.
    return newRunDir();
  });
  const seconds = (Date.now() - started) / 1000;
  log(`environment ready in ${seconds.toFixed(1)} s (state in ${STATE_DIR})`);
  return { runDir, seconds };
}

export default async function globalSetup(): Promise<void> {
  process.env.CACHEMOUNT_E2E_STARTED = String(Date.now());
  const { runDir, seconds } = await ensureE2eEnvironment();
  process.env.CACHEMOUNT_E2E_SETUP_SECONDS = seconds.toFixed(1);
  // Shared by every test file of this jest run (they run in this process, --runInBand).
  process.env.CACHEMOUNT_E2E_RUN_DIR = runDir;
}
