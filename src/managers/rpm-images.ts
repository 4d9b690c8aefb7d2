/**
 * Which dnf a Red Hat family image runs, for the dnf, microdnf and yum recipes: dnf5
 * (Fedora 41 and later; and microdnf on every Fedora), dnf 4 (EL 8 to 10, Fedora 40 and
 * earlier, Amazon Linux 2023), yum 3 (EL 7, Amazon Linux 2).
 */
export type RpmTool = 'dnf5' | 'dnf4' | 'yum3' | 'unknown';

function fedoraRelease(image: string): number | 'new' | null {
  const m = /^(?:[^/]+\/)*fedora(?:-minimal)?(?::([^@]+))?(?:@|$)/i.exec(image);
  if (!m) return null;
  const tag = m[1] ?? 'latest';
  const n = /^(\d+)/.exec(tag);
  return n ? Number(n[1]) : 'new'; // latest, rawhide
}

export function isFedora(image: string): boolean {
  return fedoraRelease(image) !== null;
}

/** The dnf (or yum) that `dnf`/`yum` run on an image. */
export function rpmTool(image: string): RpmTool {
  const fedora = fedoraRelease(image);
  if (fedora !== null) return fedora === 'new' || fedora >= 41 ? 'dnf5' : 'dnf4';
  const i = image.toLowerCase();
  if (/(^|\/)(centos:(centos)?7|centos7|amazonlinux:2(\.\d|$|-)|amazonlinux:2$|oraclelinux:7|scientificlinux|ubi7|rhel7|sl:7)/.test(i)) return 'yum3';
  if (/(^|\/)(rockylinux|rocky|almalinux|alma|ubi[89]|ubi10|rhel[89]|rhel10|oraclelinux:(8|9|10)|amazonlinux:20\d\d|centos:stream|centos\/centos:stream|stream(8|9|10)|navy|eurolinux|openanolis|anolis)/.test(i)) return 'dnf4';
  return 'unknown';
}
