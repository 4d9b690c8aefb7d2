import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import * as path from 'node:path';

/**
 * A minimal PEP 503 "simple" package index on the loopback interface, serving
 * the wheels Debian ships in /usr/share/python-wheels (python3-pip-whl,
 * python3-wheel-whl). PyPI is not reachable from these machines; builds run
 * with `--network host`, so pip inside them reaches this index.
 *
 * Every response carries `Cache-Control: max-age=31536000`, as PyPI's file
 * responses do: pip's HTTP cache only stores what the server allows it to.
 */
export interface PipIndex {
  port: number;
  /** `http://127.0.0.1:PORT/simple` */
  url: string;
  /** Number of wheel downloads served so far (not counting index pages). */
  fileRequests(): number;
  /** Every request path served so far, in order. */
  requests(): string[];
  close(): Promise<void>;
}

interface WheelFile {
  file: string;
  project: string;
  sha256: string;
  fullPath: string;
}

/** PEP 503 name normalisation. */
export function normalizeProject(name: string): string {
  return name.replace(/[-_.]+/g, '-').toLowerCase();
}

function readWheels(dir: string): WheelFile[] {
  const out: WheelFile[] = [];
  for (const file of fs.readdirSync(dir).sort()) {
    if (!file.endsWith('.whl')) continue;
    const fullPath = path.join(dir, file);
    const sha256 = crypto.createHash('sha256').update(fs.readFileSync(fullPath)).digest('hex');
    // Wheel names are {distribution}-{version}(-{build})?-{python}-{abi}-{platform}.whl
    out.push({ file, project: normalizeProject(file.split('-')[0]), sha256, fullPath });
  }
  return out;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export async function startPipIndex(wheelDir: string): Promise<PipIndex> {
  const wheels = readWheels(wheelDir);
  if (wheels.length === 0) throw new Error(`no wheels in ${wheelDir}; is python3-pip-whl installed?`);
  const projects = new Map<string, WheelFile[]>();
  for (const w of wheels) projects.set(w.project, [...(projects.get(w.project) ?? []), w]);

  const seen: string[] = [];
  let files = 0;

  const page = (title: string, links: string[]): string =>
    `<!DOCTYPE html>\n<html><head><meta name="pypi:repository-version" content="1.0"><title>${escapeHtml(title)}</title></head><body>\n` +
    links.join('<br/>\n') +
    '\n</body></html>\n';

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    seen.push(url.pathname);
    const send = (status: number, type: string, body: Buffer | string): void => {
      res.writeHead(status, {
        'Content-Type': type,
        'Content-Length': Buffer.byteLength(body),
        'Cache-Control': 'max-age=31536000, public',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'text/plain', 'method not allowed\n');

    const parts = url.pathname.split('/').filter(Boolean);
    if (parts.length === 1 && parts[0] === 'simple') {
      const links = [...projects.keys()].map((p) => `<a href="/simple/${p}/">${escapeHtml(p)}</a>`);
      return send(200, 'text/html', page('Simple index', links));
    }
    if (parts.length === 2 && parts[0] === 'simple') {
      const project = normalizeProject(decodeURIComponent(parts[1]));
      // PEP 503: a non-normalised name redirects to the normalised one.
      if (project !== parts[1] || !url.pathname.endsWith('/')) {
        res.writeHead(301, { Location: `/simple/${project}/`, 'Cache-Control': 'max-age=31536000, public' });
        return res.end();
      }
      const list = projects.get(project);
      if (!list) return send(404, 'text/plain', 'no such project\n');
      const links = list.map((w) => `<a href="/files/${w.file}#sha256=${w.sha256}">${escapeHtml(w.file)}</a>`);
      return send(200, 'text/html', page(`Links for ${project}`, links));
    }
    if (parts.length === 2 && parts[0] === 'files') {
      const w = wheels.find((x) => x.file === decodeURIComponent(parts[1]));
      if (!w) return send(404, 'text/plain', 'no such file\n');
      files += 1;
      return send(200, 'application/octet-stream', fs.readFileSync(w.fullPath));
    }
    return send(404, 'text/plain', 'not found\n');
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}/simple`,
    fileRequests: () => files,
    requests: () => [...seen],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
