/** Limits every download of one scan obeys. */
export interface DownloadLimits {
  /** Per request, from sending it to the last byte of the body. */
  timeoutMs: number;
  /** Largest response body (an archive or a registry answer). */
  maxBytes: number;
  /** Largest total size of the files one package unpacks to. */
  maxUnpackedBytes: number;
  /** Most files one package may unpack to. */
  maxFiles: number;
}

export const DEFAULT_DOWNLOAD_LIMITS: DownloadLimits = {
  timeoutMs: 60_000,
  maxBytes: 100 * 1024 * 1024,
  maxUnpackedBytes: 500 * 1024 * 1024,
  maxFiles: 20_000,
};

export interface HttpResponse {
  status: number;
  headers: Headers;
  body: Buffer;
  /** The URL answered, after redirects: relative locations resolve against it. */
  url: string;
}

/** Milliseconds as seconds for messages: 0.3, 5, 60. */
export const seconds = (ms: number): string => String(ms < 10_000 ? Math.round(ms / 100) / 10 : Math.round(ms / 1000));

/** A download that failed; the message names the URL (without credentials) and the reason. */
export class DownloadError extends Error {}

/** A URL as shown in messages: no user:password, no query (it may carry a token). */
export function shownUrl(u: string): string {
  try {
    const url = new URL(u);
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    return '(an invalid URL)';
  }
}

/**
 * GET with a deadline and a body size cap (checked against Content-Length first, then while
 * streaming, so a server cannot make sglint buffer more than the cap). Only http and https.
 */
export async function httpGet(url: string, limits: DownloadLimits, headers: Record<string, string> = {}): Promise<HttpResponse> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DownloadError(`${JSON.stringify(url)} is not a valid URL`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new DownloadError(`${shownUrl(url)}: only http and https URLs are downloaded`);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), limits.timeoutMs);
  try {
    const res = await fetch(parsed, { headers: { 'user-agent': 'sglint', ...headers }, signal: controller.signal, redirect: 'follow' });
    const declared = Number(res.headers.get('content-length') ?? '0');
    if (declared > limits.maxBytes) throw new DownloadError(`${shownUrl(url)}: the response is ${declared} bytes, over the ${limits.maxBytes}-byte download limit`);
    const chunks: Buffer[] = [];
    let total = 0;
    if (res.body) {
      const reader = res.body.getReader();
      while (true) {
        const { done, value } = await reader.read();
        if (done) break;
        total += value.byteLength;
        if (total > limits.maxBytes) {
          await reader.cancel();
          throw new DownloadError(`${shownUrl(url)}: the response is over the ${limits.maxBytes}-byte download limit`);
        }
        chunks.push(Buffer.from(value));
      }
    }
    return { status: res.status, headers: res.headers, body: Buffer.concat(chunks), url: res.url || url };
  } catch (err) {
    if (err instanceof DownloadError) throw err;
    if (controller.signal.aborted) throw new DownloadError(`${shownUrl(url)}: no complete answer within ${seconds(limits.timeoutMs)} s`);
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw new DownloadError(`${shownUrl(url)}: ${cause?.code ?? cause?.message ?? (err as Error).message}`);
  } finally {
    clearTimeout(timer);
  }
}
