/** Failed calls as a user reads them: which call, which permission, what is unknown as a result. */
export { consequence } from '../awscli/read-status.js';

const SECRET_LIKE = /(AKIA|ASIA)[A-Z0-9]{12,}/g;
/** EC2 appends a long encoded blob to UnauthorizedOperation; it helps only with `sts decode-authorization-message`. */
const ENCODED = /\s*Encoded authorization failure message:\s*\S+/g;

export type ErrorKind = 'denied' | 'expired' | 'timeout' | 'throttled' | 'server' | 'garbled' | 'connection' | 'aborted' | 'other';

const DENIED = ['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'AuthFailure', 'OptInRequired', 'Blocked', 'InvalidClientTokenId', 'UnrecognizedClientException', 'SignatureDoesNotMatch'];
const EXPIRED = ['ExpiredToken', 'ExpiredTokenException', 'RequestExpired', 'TokenRefreshRequired'];

export function errorKind(err: unknown): ErrorKind {
  const e = err as { name?: string; Code?: string; code?: string; $metadata?: { httpStatusCode?: number } };
  const code = e.Code ?? e.name ?? '';
  const status = e.$metadata?.httpStatusCode ?? 0;
  if (EXPIRED.includes(code)) return 'expired';
  if (DENIED.includes(code) || status === 403) return 'denied';
  if (code === 'AbortError' || code === 'RegionDeadline') return 'aborted';
  // Checked before TimeoutError: the SDK gives a reset connection that name too.
  if (['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN'].includes(e.code ?? '')) return 'connection';
  if (code === 'TimeoutError' || e.code === 'ETIMEDOUT') return 'timeout';
  if (code === 'MalformedResponse') return 'garbled';
  if (status === 429 || /Throttl|RequestLimitExceeded|TooManyRequests/.test(code)) return 'throttled';
  if (status >= 500) return 'server';
  return 'other';
}

/** The error's code, HTTP status and message, without credentials or EC2's encoded blob. */
export function describeError(err: unknown): string {
  const e = err as { name?: string; Code?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number; attempts?: number } };
  const code = e.Code ?? (e.name && e.name !== 'Error' ? e.name : e.code) ?? 'Error';
  const status = e.$metadata?.httpStatusCode ? ` (HTTP ${e.$metadata.httpStatusCode})` : '';
  const attempts = (e.$metadata?.attempts ?? 0) > 1 ? ` after ${e.$metadata!.attempts} attempts` : '';
  // The SDK's own wording about its internals ("@smithy/node-http-handler - ...") is not for users.
  const message = (e.message ?? String(err)).replace(/^@smithy\/[\w-]+ - (\[\w+\] )?/, '').replace(ENCODED, '').replace(SECRET_LIKE, '<redacted>').split('\n')[0]!.trim();
  return `${code}${status}${attempts}: ${message}`;
}

/** A one-line reason in sglint's words for a failed call, by kind. */
export function failureText(call: string, err: unknown, timeoutMs: number): string {
  const kind = errorKind(err);
  const base = describeError(err);
  switch (kind) {
    case 'denied': return call === 'sts:AssumeRole'
      ? `${call} was denied (${base}); the caller needs ${call} on the role, and the role's trust policy must allow the caller`
      : `${call} was denied (${base}); the role needs ${call}`;
    case 'expired': return `the credentials expired during the read (${base}); renew them and scan again (or let sglint assume a role with --role-arn, which it renews)`;
    case 'timeout': return `${call} got no answer within the request timeout of ${timeoutMs / 1000} s, on every attempt (${base}); raise --request-timeout if the endpoint is just slow`;
    case 'garbled': return `${call} kept answering with a garbled or cut-off body (${base})`;
    case 'connection': return `${call} could not get through: the connection failed on every attempt (${base})`;
    case 'throttled': return `${call} stayed throttled through every retry (${base}); scan fewer regions at once (--concurrency)`;
    default: return `${call} failed (${base})`;
  }
}
