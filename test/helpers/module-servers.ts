import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface TestServer {
  /** http://127.0.0.1:PORT */
  url: string;
  /** Paths requested, in order. */
  requests: string[];
  close(): Promise<void>;
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => void;

/** An HTTP server on 127.0.0.1 and an ephemeral port. */
export async function startServer(handler: Handler): Promise<TestServer> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(url.pathname + url.search);
    handler(req, res, url);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

const git = (cwd: string, ...args: string[]): string => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'init.defaultBranch=main', ...args], { cwd, encoding: 'utf8' });

/** A bare repository with one commit per version, each tagged `v<version>` (files as path -> text, or `symlink:TARGET`). */
export function makeRepo(root: string, name: string, versions: Record<string, Record<string, string>>): string {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sglint-repo-'));
  git(work, 'init', '-q');
  for (const [version, files] of Object.entries(versions)) {
    for (const f of fs.readdirSync(work)) if (f !== '.git') fs.rmSync(path.join(work, f), { recursive: true });
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(work, rel)), { recursive: true });
      if (text.startsWith('symlink:')) fs.symlinkSync(text.slice('symlink:'.length), path.join(work, rel));
      else fs.writeFileSync(path.join(work, rel), text);
    }
    git(work, 'add', '-A');
    git(work, 'commit', '-qm', version);
    git(work, 'tag', `v${version}`);
  }
  const bare = path.join(root, `${name}.git`);
  git(root, 'clone', '-q', '--bare', work, bare);
  fs.rmSync(work, { recursive: true });
  return bare;
}

/** Serves every bare repository under `root` over git's smart HTTP protocol (git http-backend). */
export function startGitServer(root: string): Promise<TestServer> {
  return startServer((req, res, url) => {
    const cgi = spawn('git', ['http-backend'], {
      env: { ...process.env, GIT_PROJECT_ROOT: root, GIT_HTTP_EXPORT_ALL: '1', PATH_INFO: url.pathname, QUERY_STRING: url.search.slice(1), REQUEST_METHOD: req.method ?? 'GET', CONTENT_TYPE: req.headers['content-type'] ?? '', REMOTE_ADDR: '127.0.0.1' },
    });
    req.pipe(cgi.stdin);
    let head = Buffer.alloc(0);
    let started = false;
    cgi.stdout.on('data', (chunk: Buffer) => {
      if (started) return void res.write(chunk);
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      started = true;
      let status = 200;
      for (const line of head.subarray(0, end).toString().split('\r\n')) {
        const i = line.indexOf(':');
        const k = line.slice(0, i).trim();
        const v = line.slice(i + 1).trim();
        if (k.toLowerCase() === 'status') status = Number(v.split(' ')[0]);
        else res.setHeader(k, v);
      }
      res.writeHead(status);
      res.write(head.subarray(end + 4));
    });
    cgi.on('close', () => res.end());
  });
}

export interface RegistryModule {
  versions: string[];
  /** The X-Terraform-Get answer for a version (absolute, or relative to the download URL). */
  location(version: string): string;
}

/**
 * A module registry: service discovery, versions and download (204 + X-Terraform-Get), plus
 * static files (archives) under /files/. `modules` is keyed "namespace/name/system".
 */
export function startRegistry(modules: Record<string, RegistryModule>, files: Record<string, Buffer> = {}): Promise<TestServer> {
  return startServer((_req, res, url) => {
    const p = url.pathname;
    if (p === '/.well-known/terraform.json') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ 'modules.v1': '/v1/modules/' }));
    const m = /^\/v1\/modules\/([^/]+\/[^/]+\/[^/]+)\/(versions|([^/]+)\/download)$/.exec(p);
    const mod = m ? modules[m[1]!] : undefined;
    if (m && mod && m[2] === 'versions') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ modules: [{ versions: mod.versions.map((version) => ({ version })) }] }));
    if (m && mod && m[3] && mod.versions.includes(m[3])) return void res.writeHead(204, { 'x-terraform-get': mod.location(m[3]) }).end();
    const file = p.startsWith('/files/') ? files[p.slice('/files/'.length)] : undefined;
    if (file) return void res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(file);
    res.writeHead(404).end('not found');
  });
}
