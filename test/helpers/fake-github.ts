import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeComment {
  id: number;
  body: string;
  user: { login: string; type: string };
}

export interface FakeGitHub {
  url: string;
  comments: FakeComment[];
  /** Every request as `METHOD /path`, in order. */
  log: string[];
  /** Tokens that may read but not write (a fork's pull request). */
  readOnly: Set<string>;
  /** Answer the next N writes with a secondary rate limit (Retry-After: 1). */
  throttleWrites: number;
  close(): Promise<void>;
}

const PER_PAGE_MAX = 100;

/**
 * The part of GitHub's REST API the pull-request comment uses, on 127.0.0.1: issue comments
 * listed in pages (with Link headers), created, updated; a read-only token gets GitHub's 403.
 */
export async function fakeGitHub(owner: string, repo: string, pr: number): Promise<FakeGitHub> {
  let nextId = 1000;
  const state: Omit<FakeGitHub, 'url' | 'close'> = { comments: [], log: [], readOnly: new Set(), throttleWrites: 0 };
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      state.log.push(`${req.method} ${url.pathname}`);
      const token = (req.headers.authorization ?? '').replace(/^(token|bearer) /i, '');
      const send = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
        res.end(JSON.stringify(body));
      };
      if (!token) return send(401, { message: 'Requires authentication' });
      const list = `/repos/${owner}/${repo}/issues/${pr}/comments`;
      const one = new RegExp(`^/repos/${owner}/${repo}/issues/comments/(\\d+)$`).exec(url.pathname);
      const write = req.method === 'POST' || req.method === 'PATCH' || req.method === 'DELETE';
      if (write && state.readOnly.has(token)) return send(403, { message: 'Resource not accessible by integration', status: '403' });
      if (write && state.throttleWrites > 0) {
        state.throttleWrites--;
        return send(403, { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' }, { 'retry-after': '1' });
      }
      const view = (c: FakeComment) => ({ ...c, html_url: `https://github.example/${owner}/${repo}/pull/${pr}#issuecomment-${c.id}` });
      if (url.pathname === list && req.method === 'GET') {
        const per = Math.min(Number(url.searchParams.get('per_page') ?? 30), PER_PAGE_MAX);
        const page = Number(url.searchParams.get('page') ?? 1);
        const pages = Math.max(1, Math.ceil(state.comments.length / per));
        const next = `http://${req.headers.host}${list}?per_page=${per}&page=${page + 1}`;
        return send(200, state.comments.slice((page - 1) * per, page * per).map(view), page < pages ? { link: `<${next}>; rel="next"` } : {});
      }
      if (url.pathname === list && req.method === 'POST') {
        const c = { id: nextId++, body: (JSON.parse(raw) as { body: string }).body, user: { login: 'github-actions[bot]', type: 'Bot' } };
        state.comments.push(c);
        return send(201, view(c));
      }
      const c = one ? state.comments.find((x) => x.id === Number(one[1])) : undefined;
      if (one && !c) return send(404, { message: 'Not Found' });
      if (c && req.method === 'PATCH') {
        c.body = (JSON.parse(raw) as { body: string }).body;
        return send(200, view(c));
      }
      return send(404, { message: 'Not Found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
