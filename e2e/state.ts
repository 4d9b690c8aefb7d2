import * as crypto from 'node:crypto';
import * as path from 'node:path';

/**
 * Everything the suite keeps between runs lives under one directory outside
 * the repository. Delete it to start from scratch (see e2e/README.md).
 */
export const STATE_DIR = process.env.CACHEMOUNT_E2E_STATE ?? '/var/tmp/cachemount-e2e';

/** containers/storage graph root (where the image data lives) and run root. */
export const STORAGE_ROOT = path.join(STATE_DIR, 'storage');
export const RUN_ROOT = path.join(STATE_DIR, 'run');

/**
 * The path buildah is given for STORAGE_ROOT: a symlink to it from outside
 * /var. Why: after every RUN, Buildah 1.28 deletes each `--mount` target from
 * the container's root filesystem (buildah issue #4927), and it resolves that
 * target relative to the host path of the root filesystem. With the storage
 * under /var/tmp, the target /var/lib/apt comes out as /lib/apt, which on a
 * merged-/usr Debian is /usr/lib/apt: apt's methods vanish from the image and
 * apt fails in every later stage (measured; see README.md). Seen through a
 * path outside /var, the deletion hits the mount target itself, which for the
 * cache mounts is a path the image comparison ignores anyway.
 */
export const STORAGE_LINK =
  process.env.CACHEMOUNT_E2E_STORAGE_LINK ??
  `/tmp/cachemount-e2e-storage-${crypto.createHash('sha256').update(STORAGE_ROOT).digest('hex').slice(0, 8)}`;

/** debootstrap output, kept as a tarball so the base image can be rebuilt offline. */
export const BASE_DIR = path.join(STATE_DIR, 'base');
export const ROOTFS_TARBALL = path.join(BASE_DIR, 'rootfs-bookworm-minbase.tar.gz');

/** One subdirectory per suite run: work copies, per-fixture cache roots, logs. */
export const RUNS_DIR = path.join(STATE_DIR, 'runs');

export const SETUP_LOCK = path.join(STATE_DIR, 'setup.lock');
export const SUMMARY_FILE = path.join(STATE_DIR, 'last-summary.txt');

/** Where Debian's python3-*-whl packages put their wheels; the loopback pip index serves them. */
export const WHEEL_DIR = '/usr/share/python-wheels';

export const DEBIAN_MIRROR = 'http://deb.debian.org/debian';
export const SUITE = 'bookworm';

/** Plain minbase rootfs, no docker-clean hook. */
export const BASE_IMAGE = 'localhost/cachemount-e2e/debian:bookworm';
/** The same plus /etc/apt/apt.conf.d/docker-clean, as Debian's official images ship it. */
export const DOCKER_CLEAN_IMAGE = 'localhost/cachemount-e2e/debian-docker-clean:bookworm';

/** Global flags every buildah invocation gets, so all state stays under STATE_DIR. */
export const BUILDAH_GLOBAL_ARGS: readonly string[] = [
  '--root',
  STORAGE_LINK,
  '--runroot',
  RUN_ROOT,
  '--storage-driver',
  'vfs',
];
