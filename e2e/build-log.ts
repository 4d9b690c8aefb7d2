/**
 * Reading what apt, pip, npm and the go command say in a build log. Only their own stable,
 * non-interactive output lines are used (no progress bars: builds run without
 * a terminal).
 */

export interface DebFetch {
  pkg: string;
  version: string;
  bytes: number;
}

export interface AptLogStats {
  /** `.deb` downloads (`Get:N URL DIST/COMP ARCH PKG ARCH VERSION [SIZE]`). */
  debs: DebFetch[];
  /** Sum of the sizes of those downloads. */
  debBytes: number;
  /** Index downloads (InRelease, Packages, Translation-*), counted apart from .debs. */
  indexFetches: number;
  /** One entry per `Need to get X[/Y] of archives.` line: bytes to download, bytes in total. */
  needToGet: { fetch: number; total: number }[];
}

export interface PipLogStats {
  /** What followed `Using cached` (URL or file name). */
  usingCached: string[];
  /** What followed `Downloading`. */
  downloading: string[];
}

export interface NpmFetch {
  method: string;
  status: number;
  url: string;
  /** make-fetch-happen's cache verdict in parentheses (`cache miss`, `cache hit`, `cache revalidated`, ...), if any. */
  cache?: string;
}

export interface NpmLogStats {
  /** Every `npm http fetch METHOD STATUS URL TIMEms (CACHE)` line (npm run with `--loglevel=http` or more). */
  fetches: NpmFetch[];
  /** Those for package tarballs (`.../-/NAME-VERSION.tgz`) that went to the network (any verdict but `cache hit`/`cache stale`). */
  tarballsFetched: NpmFetch[];
  /** Tarball lines npm answered from its cache without the network (`(cache hit)`, `(cache stale)`). */
  tarballCacheHits: NpmFetch[];
  /** N of each `added N packages` line (one per `npm ci`/`npm install`). */
  added: number[];
}

export interface GoLogStats {
  /** Whether `go build -x` ran at all (it prints `WORK=DIR` first). */
  ran: boolean;
  /** Import paths of the packages compiled (`.../compile -o ... -p PKG ...` lines of `go build -x`). */
  compiled: string[];
  /** Link actions (`.../link -o ...` lines of `go build -x`). */
  links: number;
}

const UNITS: Record<string, number> = { B: 1, kB: 1e3, KB: 1e3, MB: 1e6, GB: 1e9 };

/** apt's sizes: "132 kB", "8790 kB", "16.2 MB", "0 B", "1,024 B". SI units. */
export function parseAptSize(text: string): number {
  const m = /^([\d.,]+)\s*(B|kB|KB|MB|GB)$/.exec(text.trim());
  if (!m) throw new Error(`unrecognised apt size: ${JSON.stringify(text)}`);
  return Math.round(parseFloat(m[1].replace(/,/g, '')) * UNITS[m[2]]);
}

function lines(log: string): string[] {
  return log.split('\n').map((l) => l.replace(/\r$/, '').replace(/^.*\r/, ''));
}

const GET_LINE = /^Get:\d+\s+(.*?)\s+\[([^\]]+)\]\s*$/;
const NEED_TO_GET = /^Need to get (.+?)(?:\/(.+?))? of archives\.$/;

export function parseAptLog(log: string): AptLogStats {
  const stats: AptLogStats = { debs: [], debBytes: 0, indexFetches: 0, needToGet: [] };
  for (const line of lines(log)) {
    const get = GET_LINE.exec(line);
    if (get) {
      const fields = get[1].split(/\s+/);
      // URL, DIST/COMPONENT, ARCH, PACKAGE, ARCH, VERSION: a package archive.
      // Index files have fewer fields (`URL bookworm InRelease`,
      // `URL bookworm/main amd64 Packages`, `URL bookworm/main Translation-en`).
      if (fields.length === 6 && /^[a-z0-9][a-z0-9+.-]+$/.test(fields[3]) && !/^(Packages|Sources|Translation-|InRelease|Release)/.test(fields[3])) {
        const bytes = parseAptSize(get[2]);
        stats.debs.push({ pkg: fields[3], version: fields[5], bytes });
        stats.debBytes += bytes;
      } else {
        stats.indexFetches += 1;
      }
      continue;
    }
    const need = NEED_TO_GET.exec(line.trim());
    if (need) {
      const fetch = parseAptSize(need[1]);
      stats.needToGet.push({ fetch, total: need[2] ? parseAptSize(need[2]) : fetch });
    }
  }
  return stats;
}

export function parsePipLog(log: string): PipLogStats {
  const stats: PipLogStats = { usingCached: [], downloading: [] };
  for (const line of lines(log)) {
    const t = line.trim();
    let m = /^Using cached (\S+)/.exec(t);
    if (m) stats.usingCached.push(m[1]);
    m = /^Downloading (\S+)/.exec(t);
    if (m) stats.downloading.push(m[1]);
  }
  return stats;
}

const NPM_FETCH = /^npm http fetch ([A-Z]+) (\d{3}) (\S+) \d+ms(?: \(([^)]*)\))?/;
const NPM_TARBALL = /\/-\/[^/?#]+\.tgz(?:[?#].*)?$/;

/**
 * npm's http log level prints one line per request it makes through its
 * fetch layer, with the cache's verdict. With a lockfile that records each
 * tarball's integrity, npm reads a cached tarball straight from its cache by
 * that hash and prints no line at all; so "tarballs fetched" counts the lines
 * whose verdict is neither `cache hit` nor `cache stale` (both served from
 * the cache without a request), and zero such lines means nothing was downloaded.
 */
export function parseNpmLog(log: string): NpmLogStats {
  const stats: NpmLogStats = { fetches: [], tarballsFetched: [], tarballCacheHits: [], added: [] };
  for (const line of lines(log)) {
    const t = line.trim();
    const m = NPM_FETCH.exec(t);
    if (m) {
      const f: NpmFetch = { method: m[1], status: Number(m[2]), url: m[3], cache: m[4] };
      stats.fetches.push(f);
      if (NPM_TARBALL.test(f.url)) (f.cache === 'cache hit' || f.cache === 'cache stale' ? stats.tarballCacheHits : stats.tarballsFetched).push(f);
      continue;
    }
    const a = /^added (\d+) packages?\b/.exec(t);
    if (a) stats.added.push(Number(a[1]));
  }
  return stats;
}

/**
 * `go build -x` prints every command it runs. A package that is compiled
 * (not taken from the build cache) shows up as one invocation of the
 * toolchain's `compile` tool with `-p IMPORTPATH`; the link step as one of `link`.
 */
export function parseGoLog(log: string): GoLogStats {
  const stats: GoLogStats = { ran: false, compiled: [], links: 0 };
  for (const line of lines(log)) {
    const t = line.trim();
    if (/^WORK=\//.test(t)) stats.ran = true;
    else if (/^\S*\/pkg\/tool\/[^/\s]+\/compile\s+-o\s/.test(t)) {
      const p = /\s-p\s+(\S+)/.exec(t);
      stats.compiled.push(p ? p[1] : '?');
    } else if (/^\S*\/pkg\/tool\/[^/\s]+\/link\s+-o\s/.test(t)) {
      stats.links += 1;
    }
  }
  return stats;
}

/** "7,497 kB" style, as apt prints sizes (SI kilobytes), for the summary table. */
export function formatBytes(n: number): string {
  if (n < 1e3) return `${n} B`;
  return `${Math.round(n / 1e3).toLocaleString('en-US')} kB`;
}
