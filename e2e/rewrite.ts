import * as fs from 'node:fs';
import * as path from 'node:path';
import { run, tail } from './exec';

/** The built CLI, exactly as a user runs it (`npm run test:e2e` builds it first). */
export const CLI = path.resolve(__dirname, '..', 'bin', 'cachemount.js');

/**
 * Development aid only: a directory holding hand-written expected rewrites,
 * one subdirectory per fixture with just the files that change. When set, it
 * replaces the CLI, so the build harness can be exercised before the codemod
 * exists. The summary says which one was used.
 */
export const REFERENCE_REWRITES = process.env.CACHEMOUNT_E2E_REWRITE_FROM;

export interface RewriteResult {
  /** How the tree was rewritten, for the summary. */
  by: string;
  /** Files (relative to the tree) whose content changed. */
  changed: string[];
  output: string;
}

function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string): void => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = path.join(rel, e.name);
      if (e.isDirectory()) walk(r);
      else if (e.isFile()) out.set(r, fs.readFileSync(path.join(dir, r), 'utf8'));
    }
  };
  walk('');
  return out;
}

/** Rewrites the tree at `dir` in place, the one place the suite invokes the codemod. */
export async function rewrite(dir: string, fixture: string): Promise<RewriteResult> {
  const before = snapshot(dir);
  let by: string;
  let output = '';
  if (REFERENCE_REWRITES) {
    const src = path.join(REFERENCE_REWRITES, fixture);
    if (!fs.existsSync(src)) throw new Error(`CACHEMOUNT_E2E_REWRITE_FROM has no ${fixture}/ (${src})`);
    fs.cpSync(src, dir, { recursive: true });
    by = `hand-written reference rewrite from ${src} (CACHEMOUNT_E2E_REWRITE_FROM), NOT the CLI`;
  } else {
    if (!fs.existsSync(CLI)) {
      throw new Error(`${CLI} does not exist: build the codemod first (npm run test:e2e runs npm run build)`);
    }
    const r = await run(process.execPath, [CLI, '--write', dir], { cwd: dir, timeoutMs: 120_000 });
    output = r.output;
    if (r.code !== 0) {
      throw new Error(`cachemount --write ${dir} exited with ${r.code ?? r.signal}\n${tail(r.output, 60)}`);
    }
    by = `node bin/cachemount.js --write`;
  }
  const after = snapshot(dir);
  const changed = [...new Set([...before.keys(), ...after.keys()])].filter((f) => before.get(f) !== after.get(f)).sort();
  return { by, changed, output };
}
