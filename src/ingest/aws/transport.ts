/**
 * What every AWS client of a live scan shares: timeouts on each request, a body that is read to
 * its end within the same deadline (and checked to be whole), and per-attempt fault counts. The
 * retries themselves stay the SDK's own (adaptive mode): sglint only marks a garbled or truncated
 * answer as retryable, so the SDK's strategy retries it like a timeout or a 5xx.
 */

/** Per-attempt faults seen by the clients of one read (each retried, or reported when attempts run out). */
export interface FaultCounts {
  throttled: number;
  timeouts: number;
  serverErrors: number;
  garbled: number;
  connection: number;
}

export const noFaults = (): FaultCounts => ({ throttled: 0, timeouts: 0, serverErrors: 0, garbled: 0, connection: 0 });

export interface TransportOptions {
  /** Whole-request deadline of one attempt (connect, wait for the answer, read its body), in ms. */
  requestTimeoutMs: number;
  faults: FaultCounts;
}

/** Defaults: an EC2 Describe* page of 1,000 items answers in a few seconds; 8 attempts. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
export const DEFAULT_REGION_TIMEOUT_MS = 900_000;
export const DEFAULT_MAX_ATTEMPTS = 8;

/**
 * The `requestHandler` options: connect within min(5 s, timeout), no longer than the timeout idle
 * on the socket, and the whole request within the timeout. `throwOnRequestTimeout`: without it the
 * SDK only logs a warning when `requestTimeout` passes, and the request waits on.
 */
export function handlerOptions(requestTimeoutMs: number): Record<string, unknown> {
  return { connectionTimeout: Math.min(5_000, requestTimeoutMs), socketTimeout: requestTimeoutMs, requestTimeout: requestTimeoutMs, throwOnRequestTimeout: true };
}

interface Stack {
  addRelativeTo(mw: unknown, options: Record<string, unknown>): void;
  add(mw: unknown, options: Record<string, unknown>): void;
}
type Next = (args: unknown) => Promise<{ response: { statusCode?: number; body?: unknown } }>;

/** A retryable error in sglint's words (the SDK retries anything carrying `$retryable`). */
function retryable(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, $retryable: {} });
}

/**
 * Reads a streamed body to its end, failing with a TimeoutError when `deadline` (epoch ms) passes
 * first (a body that trickles or stalls), or with the stream's own error when the connection drops.
 */
export async function readBody(body: AsyncIterable<Uint8Array> & { destroy?: (e?: Error) => void }, deadline: number): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  const timer = setTimeout(() => body.destroy?.(retryable('TimeoutError', `the answer did not arrive in full within the request timeout`)), Math.max(0, deadline - Date.now()));
  try {
    for await (const chunk of body) chunks.push(chunk);
  } finally {
    clearTimeout(timer);
  }
  return Buffer.concat(chunks);
}

const ROOT_CLOSE = /<\/[A-Za-z]+Response>\s*$/;

/**
 * Installs the per-attempt middlewares on a client:
 * - inside the retry loop (outermost of an attempt): counts the attempt's fault, and turns an
 *   answer the SDK could not parse into a retryable `MalformedResponse` in sglint's words;
 * - next to the HTTP handler: reads a successful XML body in full within the attempt's deadline
 *   and rejects one that stops before its closing root element (a truncated answer must never
 *   parse into a shorter page).
 */
export function installTransport(stack: Stack, opts: TransportOptions, json = false): void {
  stack.add((next: Next) => async (args: unknown) => {
    try {
      return await next(args);
    } catch (err) {
      throw classify(err, opts.faults);
    }
  }, { step: 'finalizeRequest', priority: 'low', name: 'sglintAttempt', override: true });
  stack.addRelativeTo((next: Next) => async (args: unknown) => {
    const started = Date.now();
    const result = await next(args);
    const res = result.response;
    const body = res?.body as (AsyncIterable<Uint8Array> & { pipe?: unknown; destroy?: (e?: Error) => void }) | undefined;
    if (res && body && typeof body.pipe === 'function') res.body = await readBody(body, started + opts.requestTimeoutMs);
    const bytes = res?.body;
    if (!json && res?.statusCode === 200 && Buffer.isBuffer(bytes) && !ROOT_CLOSE.test(bytes.toString('latin1', Math.max(0, bytes.length - 200)))) {
      throw retryable('MalformedResponse', `the answer was cut off (${bytes.length} bytes, no closing element)`);
    }
    return result;
  }, { relation: 'after', toMiddleware: 'deserializerMiddleware', name: 'sglintBody', override: true });
}

/** Counts one failed attempt and returns the error to throw (a garbled answer made retryable). */
function classify(err: unknown, faults: FaultCounts): unknown {
  const e = err as { name?: string; code?: string; $metadata?: { httpStatusCode?: number }; $response?: unknown; $fault?: string; $retryable?: unknown };
  const status = e.$metadata?.httpStatusCode ?? 0;
  const dropped = ['ECONNRESET', 'ECONNREFUSED', 'EPIPE'].includes(e.code ?? '') || /aborted|socket hang up/i.test((err as Error)?.message ?? '');
  if (e.name === 'MalformedResponse') faults.garbled++;
  // The SDK names a reset connection a TimeoutError too: the code tells them apart.
  else if (dropped && e.name !== 'AbortError') {
    faults.connection++;
    if (e.$retryable === undefined) return Object.assign(err as object, { $retryable: {} });
  } else if (e.name === 'TimeoutError' || e.code === 'ETIMEDOUT') faults.timeouts++;
  else if (status === 429 || /Throttl|RequestLimitExceeded|TooManyRequests|SlowDown/.test(e.name ?? '')) faults.throttled++;
  else if (status >= 500) faults.serverErrors++;
  else if (e.$response !== undefined && !e.$fault && status > 0 && status < 300) {
    // A 2xx answer the SDK's parser rejected (its message points at a hidden field): retry it, say it plainly.
    faults.garbled++;
    return Object.assign(retryable('MalformedResponse', 'the answer could not be parsed (garbled or not XML)'), { $metadata: e.$metadata });
  }
  return err;
}
