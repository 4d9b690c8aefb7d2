import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { Ignore } from 'ignore';

const DOCKERFILE_NAME = /^(Dockerfile|Containerfile)(\..+)?$|\.(Dockerfile|dockerfile|Containerfile)$/;

/** True for the names cachemount treats as Dockerfiles. */
export function isDockerfileName(name: string): boolean {
  return DOCKERFILE_NAME.test(name) && !/\.dockerignore$/.test(name);
}

export interface Discovered {
  /** Paths relative to the root, with `/` separators, sorted. */
  files: string[];
  /** Paths that were seen but not taken, with the reason. */
  skipped: Array<{ path: string; reason: string }>;
  /** Folders that could not be read. */
  failed: Array<{ path: string; reason: string }>;
}

const SKIP_DIRS = new Set(['.git', 'node_modules']);

/**
 * Finds Dockerfiles under root, skipping .git, node_modules and git-ignored paths
 * (.gitignore files at every level). Symbolic links are never followed.
 */
export function discoverDockerfiles(root: string): Discovered {
  const files: string[] = [];
  const skipped: Discovered['skipped'] = [];
  const failed: Discovered['failed'] = [];
  const walk = (dir: string, rel: string, rules: Array<{ base: string; ig: Ignore }>): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      failed.push({ path: rel || '.', reason: `cannot read directory: ${(e as NodeJS.ErrnoException).code ?? String(e)}` });
      return;
    }
    const gi = entries.find((e) => e.name === '.gitignore' && e.isFile());
    if (gi) {
      try {
        rules = [...rules, { base: rel, ig: ignore().add(fs.readFileSync(path.join(dir, '.gitignore'), 'utf8')) }];
      } catch {
        /* an unreadable .gitignore ignores nothing */
      }
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory() && SKIP_DIRS.has(e.name)) continue;
      const ignored = rules.some(({ base, ig }) => {
        const sub = base ? childRel.slice(base.length + 1) : childRel;
        return ig.ignores(e.isDirectory() ? `${sub}/` : sub);
      });
      if (ignored) continue;
      if (e.isDirectory()) walk(path.join(dir, e.name), childRel, rules);
      else if (isDockerfileName(e.name)) {
        if (e.isSymbolicLink()) skipped.push({ path: childRel, reason: 'symbolic link: not followed, not written through' });
        else if (e.isFile()) files.push(childRel);
        else skipped.push({ path: childRel, reason: 'not a regular file' });
      }
    }
  };
  walk(root, '', []);
  files.sort();
  return { files, skipped, failed };
}
