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
 * wrongly from the raw XML costs a request, never a wrong page.
 */
export async function* pages(client: EC2Client, Command: DescribeCommand, maxResults: number): AsyncGenerator<Record<string, unknown>> {
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
    return client.send(command as never) as unknown as Promise<Record<string, unknown>>;
  };
  let current = send(undefined);
  for (;;) {
    const page = await current;
    yield page;
    const token = page['NextToken'];
    if (typeof token !== 'string' || !token) return;
    current = early.get(token) ?? send(token);
    early.delete(token);
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
    const body = res?.body as (AsyncIterable<Uint8Array> & { pipe?: unknown }) | undefined;
    if (res?.statusCode === 200 && body && typeof body.pipe === 'function') {
      const chunks: Uint8Array[] = [];
      for await (const chunk of body) chunks.push(chunk);
      const bytes = Buffer.concat(chunks);
      res.body = bytes;
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
