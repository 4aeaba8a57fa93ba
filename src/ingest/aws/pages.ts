import type { EC2Client } from '@aws-sdk/client-ec2';

/** An EC2 Describe* command class, as the SDK exports it. */
export type DescribeCommand = new (input: { MaxResults?: number; NextToken?: string }) => {
  middlewareStack: { addRelativeTo(mw: unknown, options: Record<string, unknown>): void };
};

/**
 * Every page of one paginated EC2 Describe* call, in order. A page's token is read from its raw XML
 * as soon as it arrives and the next page is asked for at once, so the server works on page N+1
 * while the SDK parses page N: a region's sequential chain of pages no longer waits for sglint's
 * parsing between requests. The early request is used only when its token is the one the SDK then
 * parses out of page N (otherwise it is dropped and the page asked for again), so a token read
 * wrongly from the raw XML costs a request, never a wrong page. When the consumer stops early (a
 * failed page, the region's deadline), the abort signal ends a request still in flight.
 */
export async function* pages(client: EC2Client, Command: DescribeCommand, maxResults: number, options: { abortSignal?: AbortSignal } = {}): AsyncGenerator<Record<string, unknown>> {
  const early = new Map<string, Promise<Record<string, unknown>>>();
  const send = (token: string | undefined, onSent?: () => void): Promise<Record<string, unknown>> => {
    const command = new Command({ MaxResults: maxResults, ...(token ? { NextToken: token } : {}) });
    command.middlewareStack.addRelativeTo(peekNextToken((next) => new Promise<void>((sent) => {
      if (early.has(next)) return sent();
      const p = send(next, sent);
      p.catch(() => undefined); // awaited when its turn comes; never an unhandled rejection if not
      early.set(next, p);
    })), { relation: 'after', toMiddleware: 'deserializerMiddleware', name: 'sglintPeekNextToken', override: true });
    if (onSent) {
      // Closest to the HTTP handler: once it has been called, the request is on its way.
      command.middlewareStack.addRelativeTo((nextMw: (a: unknown) => Promise<unknown>) => (args: unknown) => {
        const r = nextMw(args);
        setImmediate(onSent);
        return r;
      }, { relation: 'after', toMiddleware: 'sglintPeekNextToken', name: 'sglintSent', override: true });
    }
    // The early request shares the read's abort signal, and the client's timeouts bound each of its attempts.
    return client.send(command as never, options as never) as unknown as Promise<Record<string, unknown>>;
  };
  const seen = new Set<string>();
  let current = send(undefined);
  for (;;) {
    const page = await current;
    yield page;
    const token = page['NextToken'];
    if (typeof token !== 'string' || !token) return;
    if (seen.has(token)) throw paginationLoop();
    seen.add(token);
    current = early.get(token) ?? send(token);
    early.delete(token);
  }
}

/** A listing whose next-page token repeats would never end: an error, the pages before it kept. */
export const paginationLoop = (): Error => Object.assign(new Error('the service returned a page token it had returned before (the listing would never end)'), { name: 'PaginationLoop' });

/** Every page of an SDK paginator, failing when a token repeats (the SDK's paginators would loop forever). */
export async function* guarded<T extends object>(pager: AsyncIterable<T>, tokenKey: 'NextToken' | 'NextMarker'): AsyncGenerator<T> {
  const seen = new Set<string>();
  for await (const page of pager) {
    yield page;
    const token = (page as Record<string, unknown>)[tokenKey];
    if (typeof token !== 'string' || !token) continue;
    if (seen.has(token)) throw paginationLoop();
    seen.add(token);
  }
}

const OPEN = Buffer.from('<nextToken>');
const CLOSE = Buffer.from('</nextToken>');

/**
 * Middleware between the HTTP handler and the SDK's deserializer: buffers a successful response's
 * body (the deserializer accepts bytes as well as a stream), hands over the last `<nextToken>` and
 * waits until the request for it has been sent (credentials and signing are asynchronous; parsing
 * first would hold it back).
 */
function peekNextToken(onToken: (token: string) => Promise<void>) {
  return (next: (args: unknown) => Promise<{ response: { statusCode?: number; body?: unknown } }>) => async (args: unknown) => {
    const result = await next(args);
    const res = result.response;
    const body = res?.body as (AsyncIterable<Uint8Array> & { pipe?: unknown }) | Buffer | undefined;
    if (res?.statusCode === 200 && body) {
      // Usually read already (and checked whole, within the deadline) by the transport's middleware.
      let bytes: Buffer;
      if (Buffer.isBuffer(body)) bytes = body;
      else {
        const chunks: Uint8Array[] = [];
        for await (const chunk of body) chunks.push(chunk);
        res.body = bytes = Buffer.concat(chunks);
      }
      const at = bytes.lastIndexOf(OPEN);
      const end = at < 0 ? -1 : bytes.indexOf(CLOSE, at);
      if (end > at) {
        const token = bytes.toString('utf8', at + OPEN.length, end);
        // The SDK parses this page only once the next request is out (or 100 ms have passed).
        if (token && !token.includes('&')) await Promise.race([onToken(token), new Promise((ok) => setTimeout(ok, 100).unref())]);
      }
    }
    return result;
  };
}
