/** Parses `K/N` (1-based K, 1 <= K <= N), or returns why it is not one. */
export function parseShard(text: string): { k: number; n: number } | string {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) return `--shard takes K/N (for example 2/8), not ${JSON.stringify(text)}`;
  const k = Number(m[1]);
  const n = Number(m[2]);
  if (n < 1 || k < 1 || k > n) return `--shard ${text}: K must be between 1 and N`;
  return { k, n };
}

/** FNV-1a, 32 bits: a stable hash of a repository as given. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (const b of Buffer.from(s, 'utf8')) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * The share of the repositories that shard K of N takes: a pure function of each
 * repository's own name, so shares are disjoint, cover the list together, and a
 * repository stays in its shard when others are added to or removed from the list.
 */
export function inShard(repo: string, shard: { k: number; n: number }): boolean {
  return fnv1a(repo) % shard.n === shard.k - 1;
}
