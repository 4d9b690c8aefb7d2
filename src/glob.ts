import picomatch from 'picomatch';

type Matcher = (name: string) => boolean;

const goCache = new Map<string, Matcher>();
const shellCache = new Map<string, Matcher>();

/** True when the text holds a glob character that Docker or the shell would expand. */
export function hasGlob(text: string): boolean {
  return /[*?[]/.test(text);
}

/**
 * Docker's COPY/ADD source matching for one path segment: Go's `filepath.Match`
 * (`*`, `?`, `[…]` classes with `^` negation, `\` escapes; a wildcard matches a leading
 * dot too). No braces, extglobs or `**`.
 */
export function copySegmentMatches(pattern: string, name: string): boolean {
  let m = goCache.get(pattern);
  if (!m) {
    m = picomatch(pattern, { dot: true, nobrace: true, noextglob: true, noglobstar: true, nonegate: true, posix: true });
    goCache.set(pattern, m);
  }
  return m(name);
}

/**
 * The shell's pathname expansion for one path segment, as bash does it without
 * `dotglob`: a wildcard never matches a leading dot. Braces expand (bash does that
 * before globbing).
 */
export function shellSegmentMatches(pattern: string, name: string): boolean {
  let m = shellCache.get(pattern);
  if (!m) {
    m = picomatch(pattern, { dot: false, noextglob: true, noglobstar: true, nonegate: true, posix: true });
    shellCache.set(pattern, m);
  }
  return m(name);
}
