import { canRun } from './families';
import type { ShellCommand } from '../shell/commands';
import { CacheRecipe, firstOperand, ManagerCommand } from './recipe';

const OPTIONS_WITH_VALUE = new Set(['-o', '--option', '-c', '--config-file', '-t', '--target-release', '--default-release', '-a', '--host-architecture']);
const DOWNLOADS = new Set(['install', 'upgrade', 'dist-upgrade', 'full-upgrade', 'build-dep', 'source', 'download', 'reinstall', 'satisfy']);
const WIPES: Record<string, string[]> = {
  clean: ['apt-archives'],
  distclean: ['apt-archives', 'apt-lists'],
  'dist-clean': ['apt-archives', 'apt-lists'],
};

/** Base images that are not Debian or Ubuntu: no docker-clean hook there. */
const NOT_DEBIAN =
  /(^|[/:-])(alpine|fedora|centos|rockylinux|rocky|almalinux|alma|ubi\d*(-\w+)?|rhel\d*|redhat|amazonlinux|opensuse|sles|suse|archlinux|arch|busybox|distroless|wolfi|chainguard|photon|oraclelinux|clearlinux|gentoo|voidlinux|manjaro|mageia|openeuler|scratch)([/:.-]|$)/i;

const HOOK = '/etc/apt/apt.conf.d/docker-clean';
/** Outside apt.conf.d, so apt does not read it while it is set aside. */
const SET_ASIDE = '/etc/apt/docker-clean.cachemount';
/** A name of the tool's own, read after the base image's files. */
const KEEP = '/etc/apt/apt.conf.d/zz-cachemount-keep-downloaded';

/** A fix written by hand: the hook removed or edited, or apt told to keep downloads. */
const FIX_MARKERS =
  /Keep-Downloaded-Packages|\b(rm|unlink|sed|mv|truncate|tee)\b[^\n]*\/etc\/apt\/apt\.conf\.d\/docker-clean|>\s*\/etc\/apt\/apt\.conf\.d\/docker-clean/;

/**
 * apt and apt-get. Downloads land in /var/cache/apt (archives) and the index in
 * /var/lib/apt (lists). Both are locked: apt takes locks in them. The lists are state:
 * `apt-get install` without `update` in the same RUN reads them from the image.
 */
export const apt: CacheRecipe = {
  id: 'apt',
  title: 'apt',
  roles: [
    { id: 'apt-archives', holds: 'downloaded .deb files', sharing: 'locked', locate: () => ({ path: '/var/cache/apt' }) },
    { id: 'apt-lists', holds: 'package lists (the RUN runs apt-get update)', sharing: 'locked', state: true, locate: () => ({ path: '/var/lib/apt' }) },
  ],
  lockedBecause: 'apt takes locks in them',
  classify(cmd: ShellCommand, image: string): ManagerCommand | null {
    if (cmd.name === 'add-apt-repository') {
      const noUpdate = cmd.args.some((a) => a.value === '-n' || a.value === '--no-update');
      return noUpdate
        ? { manager: 'apt', action: 'other', disabling: [], label: 'add-apt-repository' }
        : { manager: 'apt', action: 'download', refreshes: ['apt-lists'], disabling: [], label: 'add-apt-repository' };
    }
    if (cmd.name !== 'apt-get' && cmd.name !== 'apt') return null;
    if (!canRun(image, 'debian')) return { manager: 'apt', action: 'other', disabling: [], label: `${cmd.name} (not on this image)` };
    const op = firstOperand(cmd.args, OPTIONS_WITH_VALUE);
    const sub = op?.word.value ?? '';
    const label = `${cmd.name} ${sub}`.trim();
    if (sub === 'update') return { manager: 'apt', action: 'download', uses: ['apt-archives'], refreshes: ['apt-lists'], disabling: [], label };
    if (DOWNLOADS.has(sub)) return { manager: 'apt', action: 'download', reads: ['apt-lists'], disabling: [], label };
    if (WIPES[sub]) return { manager: 'apt', action: 'wipe', wipes: WIPES[sub], disabling: [], label };
    return { manager: 'apt', action: 'other', disabling: [], label };
  },
  stageStep: {
    option: 'aptKeepDownloaded',
    role: 'apt-archives',
    appliesTo: (image) => !NOT_DEBIAN.test(image),
    handWritten: FIX_MARKERS,
    apply: {
      comment: "Keep downloaded .deb files in the apt cache mount (the base image's docker-clean hook would delete them; it is put back before the image ships).",
      commands: [
        `if [ -f ${HOOK} ]; then mv ${HOOK} ${SET_ASIDE}; fi`,
        `echo 'Binary::apt::APT::Keep-Downloaded-Packages "true";' > ${KEEP}`,
      ],
      marker: /\bmv \/etc\/apt\/apt\.conf\.d\/docker-clean \/etc\/apt\/docker-clean\.cachemount\b/,
    },
    undo: {
      comment: "Put back the base image's apt configuration, set aside above for the apt cache mount.",
      commands: [`rm -f ${KEEP}`, `if [ -f ${SET_ASIDE} ]; then mv ${SET_ASIDE} ${HOOK}; fi`],
      marker: /\bmv \/etc\/apt\/docker-clean\.cachemount \/etc\/apt\/apt\.conf\.d\/docker-clean\b/,
    },
    applyReason:
      'Stage {stage} runs apt under a cache mount; the docker-clean hook of Debian/Ubuntu images would delete every downloaded .deb, so the hook is set aside and apt keeps its downloads.',
    undoReason:
      "Stage {stage} ships (no later stage builds on it): the docker-clean hook set aside for the apt cache mount goes back, so the image keeps the base image's apt configuration.",
  },
};
