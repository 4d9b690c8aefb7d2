import * as fs from 'node:fs';
import * as path from 'node:path';
import { cli, tempDir, writeTree } from './helpers';

/**
 * A tree whose Dockerfiles share install scripts across folders, so that small batches
 * cut the components apart: the shared script's cleanup may go only because of what the
 * Dockerfiles in other batches do.
 */
function sharedScriptsTree(): string {
  const files: Record<string, string> = {
    'scripts/apt-install.sh': '#!/bin/sh\nset -e\napt-get update\napt-get install -y --no-install-recommends "$@"\nrm -rf /var/lib/apt/lists/*\n',
    'scripts/pip-install.sh': '#!/bin/sh\nset -e\npip install --no-cache-dir -r /tmp/requirements.txt\nrm -rf /root/.cache/pip/*\n',
    'requirements.txt': 'flask\n',
  };
  for (let i = 0; i < 30; i++) {
    const dir = `services/group${i % 4}/svc${String(i).padStart(2, '0')}`;
    const uses = i % 3 === 0 ? 'apt-install.sh' : i % 3 === 1 ? 'pip-install.sh' : null;
    // the last Dockerfile runs the apt script under an ignore comment: no mount there, so
    // the shared script keeps its cleanup for every Dockerfile, in every batch
    const ignore = i === 27 ? '# cachemount ignore\n' : '';
    files[`${dir}/Dockerfile`] =
      `FROM debian:bookworm\n` +
      `RUN apt-get update && apt-get install -y curl pkg${i} && rm -rf /var/lib/apt/lists/*\n` +
      (uses ? `COPY scripts/${uses} requirements.txt /tmp/\n${ignore}RUN sh /tmp/${uses} git\n` : `RUN echo ${i}\n`);
  }
  return writeTree(tempDir('cachemount-parallel-'), files);
}

describe('threads', () => {
  test('a root split into small batches over threads gives, byte for byte, what one thread gives', async () => {
    const dir = sharedScriptsTree();
    const env = { CACHEMOUNT_BATCH_FILES: '3' };
    for (const format of ['diff', 'json']) {
      // the whole root as one project (30 Dockerfiles are one batch by default) ...
      const one = await cli(['--jobs', '1', '--format', format, '.'], dir);
      expect(one.code).toBe(0);
      // ... and in batches of 3, on two threads and one after the other in one thread
      for (const jobs of ['2', '1']) {
        const split = await cli(['--jobs', jobs, '--format', format, '.'], dir, env);
        expect(split.code).toBe(0);
        expect(split.stdout).toBe(one.stdout);
        expect(split.stderr).toBe(one.stderr);
      }
    }
    const diff = (await cli(['--jobs', '2', '.'], dir, env)).stdout;
    // the batches were joined: the apt script, run unmounted by svc27, keeps its cleanup
    expect(diff).not.toContain('a/scripts/apt-install.sh');
    // the pip script, run only under mounts, loses its cleanups
    expect(diff).toContain('a/scripts/pip-install.sh');
    expect(diff).toContain('-rm -rf /root/.cache/pip/*');
    expect((diff.match(/^\+\+\+ b\/services\//gm) ?? []).length).toBe(30);
  });

  test('--write on threads writes what one thread writes', async () => {
    const a = sharedScriptsTree();
    const b = sharedScriptsTree();
    const env = { CACHEMOUNT_BATCH_FILES: '4' };
    expect((await cli(['--jobs', '1', '--write', '.'], a)).code).toBe(0);
    expect((await cli(['--jobs', '2', '--write', '.'], b, env)).code).toBe(0);
    const read = (root: string, rel: string): string => fs.readFileSync(path.join(root, rel), 'utf8');
    for (const rel of ['scripts/apt-install.sh', 'scripts/pip-install.sh', 'services/group3/svc27/Dockerfile', 'services/group0/svc00/Dockerfile']) {
      expect(read(b, rel)).toBe(read(a, rel));
    }
  });

  test('--jobs must be a positive whole number', async () => {
    const r = await cli(['--jobs', '0', '.'], tempDir());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--jobs must be a positive whole number');
  });
});
