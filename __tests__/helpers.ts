import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Every file under dir, as relative paths with / separators, sorted. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, rel: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(path.join(d, e.name), r);
      else out.push(r);
    }
  };
  walk(dir, '');
  return out.sort();
}

export function copyTree(from: string, to: string): void {
  fs.cpSync(from, to, { recursive: true });
}

export function tempDir(prefix = 'cachemount-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export const REPO = path.resolve(__dirname, '..');
export const BIN = path.join(REPO, 'bin', 'cachemount.js');
