/** Failed calls as a user reads them: which call, which permission, what is unknown as a result. */

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

/** What a failed call leaves unknown, per snapshot section (for the message and the snapshot's record). */
const CONSEQUENCE: Record<string, string> = {
  Vpcs: 'VPC ranges there unknown',
  Subnets: 'subnets there unknown: their public-IP defaults and ranges are treated as unknown',
  RouteTables: 'routes there unknown: routes to the internet are treated as unknown',
  NetworkAcls: 'network ACLs there unknown: exposure there may be blocked by one',
  SecurityGroups: 'groups there unknown: their rules are not checked, members using them may be exposed',
  NetworkInterfaces: 'interfaces there unknown: exposure there not computed except for instances',
  Reservations: 'instances there unknown: load-balancer targets named by instance are unresolved',
  InternetGateways: 'internet gateways there unknown: only igw- route targets are recognised',
  ManagedPrefixLists: 'prefix lists there unknown: rules naming one have unknown sources',
  LoadBalancers: 'load balancers there unknown: their exposure not computed',
  Listeners: 'listeners there unknown: load-balancer ports treated as unknown',
  TargetGroups: 'target groups there unknown: what load balancers forward to not computed',
  TargetHealth: 'targets there unknown: what load balancers forward to not computed',
};

/** "interfaces of eu-west-1 unknown: exposure there not computed" */
export function consequence(section: string, region: string): string {
  const text = CONSEQUENCE[section] ?? `${section} there unknown`;
  const [what, ...rest] = text.split(' there unknown');
  return `${what} of ${region} unknown${rest.join(' there unknown')}`;
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
