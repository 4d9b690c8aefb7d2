/**
 * Which family of distribution an image belongs to, where its name says so: a Debian
 * image cannot run dnf, a Fedora image cannot run apt. Recipes use it to leave alone the
 * branch of a script that cannot run on the stage's image (`if command -v apt-get …;
 * elif command -v dnf …`). `unknown` for everything else (a private base image).
 */
export type Family = 'debian' | 'rpm' | 'alpine' | 'suse' | 'unknown';

const name = (image: string): string => image.toLowerCase().replace(/@.*$/, '');

const RPM = /(^|[/:-])(fedora|centos|rockylinux|rocky|almalinux|alma|ubi\d*(-\w+)?|rhel\d*|redhat|amazonlinux|oraclelinux|photon|mariner|azurelinux|cbl-mariner|openeuler|anolis|eurolinux|navy)([/:.-]|$)/;
const ALPINE = /(^|[/:-])(alpine|wolfi|chainguard)([/:.-]|$)|-alpine\d*(\.\d+)*([/:.-]|$)|alpine\d/;
const SUSE = /(^|[/:-])(opensuse|sles|suse|bci)([/:.-]|$)/;
/** Images of Debian or Ubuntu, directly or as official images built on them (the Alpine variants are caught first). */
const DEBIAN = /(^|\/)(debian|ubuntu|buildpack-deps|python|node|golang|rust|ruby|php|perl|openjdk|eclipse-temurin|maven|gradle|bitnami\/[\w-]+|nvidia\/cuda|pytorch\/pytorch|tensorflow\/tensorflow|mcr\.microsoft\.com\/devcontainers\/[\w-]+|mcr\.microsoft\.com\/dotnet\/\w+)(:|$)/;

export function familyOf(image: string): Family {
  const n = name(image);
  if (ALPINE.test(n)) return 'alpine';
  if (SUSE.test(n)) return 'suse';
  if (RPM.test(n)) return 'rpm';
  if (/ubi\d|redhat|rhel/.test(n)) return 'rpm';
  if (DEBIAN.test(n)) {
    // tags such as `-ubi9` or `-fedora` name another base
    return /ubi\d|fedora|centos|rocky|alma|amazonlinux|oraclelinux/.test(n) ? 'rpm' : 'debian';
  }
  return 'unknown';
}

/** Whether a manager of `family` can run on the image (an unknown image may run anything). */
export function canRun(image: string, family: Exclude<Family, 'unknown'>): boolean {
  const f = familyOf(image);
  return f === 'unknown' || f === family;
}
