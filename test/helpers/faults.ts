import type http from 'node:http';

/**
 * Faults the local EC2-compatible server injects, each limited to matching requests (an action, a
 * region, an account, later pages only) and to a window of them (`after` let through first, then
 * `times` faulted; default: all).
 */
export interface Fault {
  kind:
    | 'hang' // never answers (the connection stays open)
    | 'drop' // closes the connection without an answer
    | 'throttle' // 503 RequestLimitExceeded
    | 'error5xx' // 500 InternalError / 503 Unavailable
    | 'slow' // answers after `delayMs`
    | 'trickle' // sends the answer a few bytes every `delayMs`
    | 'garbled' // 200 with a body that is not the XML it should be
    | 'truncated' // 200, then the connection closes half-way through the body
    | 'cutXml' // 200 with a complete HTTP body that stops mid-document
    | 'repeatToken' // a page whose NextToken is the one of the request (the listing never ends)
    | 'badToken' // 400 InvalidParameterValue for a request with a NextToken
    | 'deny' // 403 UnauthorizedOperation / AccessDenied
    | 'expired'; // credentials expire: after `after` calls signed with one access key, every call with that key fails
  action?: string;
  region?: string;
  account?: string;
  laterPages?: boolean;
  after?: number;
  times?: number;
  delayMs?: number;
}

export interface FaultState {
  /** How many requests each kind of fault hit. */
  hits: Record<string, number>;
  seen: Map<Fault, number>;
  perKey: Map<string, number>;
}

export const faultState = (): FaultState => ({ hits: {}, seen: new Map(), perKey: new Map() });

export interface RequestInfo {
  action: string;
  region: string;
  account?: string | undefined;
  token?: string | undefined;
  accessKey: string;
}

/** The fault this request gets, if any (counting it). */
export function pickFault(faults: Fault[] | undefined, st: FaultState, r: RequestInfo): Fault | undefined {
  for (const f of faults ?? []) {
    if (f.action && f.action !== r.action) continue;
    if (f.region && f.region !== r.region) continue;
    if (f.account && f.account !== r.account) continue;
    if (f.laterPages && !r.token) continue;
    if (f.kind === 'expired') {
      // Per access key: a key expires after `after` calls; a key from a new AssumeRole starts afresh.
      const n = (st.perKey.get(r.accessKey) ?? 0) + 1;
      st.perKey.set(r.accessKey, n);
      if (n <= (f.after ?? 0)) continue;
    } else {
      const n = (st.seen.get(f) ?? 0) + 1;
      st.seen.set(f, n);
      if (n <= (f.after ?? 0) || n > (f.after ?? 0) + (f.times ?? Infinity)) continue;
    }
    st.hits[f.kind] = (st.hits[f.kind] ?? 0) + 1;
    return f;
  }
  return undefined;
}

const ELB_ACTIONS = /LoadBalancers|Listeners|TargetGroups|TargetHealth|AssumeRole/;

/** The service's error document: EC2's `<Response><Errors>` or the query protocol's `<ErrorResponse>`. */
export function errorXml(action: string, code: string, message: string, id: string): string {
  const esc = message.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return ELB_ACTIONS.test(action)
    ? `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${esc}</Message></Error><RequestId>${id}</RequestId></ErrorResponse>`
    : `<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>${code}</Code><Message>${esc}</Message></Error></Errors><RequestID>${id}</RequestID></Response>`;
}

/** An error answer for faults that replace the answer; undefined for faults that change how it is delivered. */
export function faultError(f: Fault, action: string): { status: number; code: string; message: string } | undefined {
  const elb = ELB_ACTIONS.test(action);
  switch (f.kind) {
    case 'throttle': return { status: 503, code: elb ? 'Throttling' : 'RequestLimitExceeded', message: 'Request limit exceeded.' };
    case 'error5xx': return { status: 500, code: 'InternalError', message: 'An internal error has occurred.' };
    case 'badToken': return { status: 400, code: 'InvalidParameterValue', message: 'Invalid value for nextToken' };
    case 'deny': return elb
      ? { status: 403, code: 'AccessDenied', message: `User: arn:aws:sts::123456789012:assumed-role/audit/sglint is not authorized to perform: elasticloadbalancing:${action} because no identity-based policy allows the elasticloadbalancing:${action} action` }
      : { status: 403, code: 'UnauthorizedOperation', message: 'You are not authorized to perform this operation. Encoded authorization failure message: AbCdEf0123456789xyzXYZ-_AbCdEf0123456789' };
    case 'expired': return elb
      ? { status: 400, code: 'ExpiredToken', message: 'The security token included in the request is expired' }
      : { status: 400, code: 'RequestExpired', message: 'Request has expired.' };
    default: return undefined;
  }
}

/** Delivers a (successful) answer the way the fault says; false when the fault is not about delivery. */
export function deliver(f: Fault, req: http.IncomingMessage, res: http.ServerResponse, xml: string): boolean {
  const headers = { 'content-type': 'text/xml;charset=UTF-8' };
  switch (f.kind) {
    case 'hang':
      return true; // nothing, ever (the server's close() ends the connection)
    case 'drop':
      req.socket.destroy();
      return true;
    case 'garbled':
      res.writeHead(200, headers);
      res.end(`<?xml version="1.0" encoding="UTF-8"?>\n<html><body><h1>502 Bad Gateway</h1><p>upstream sent <b>garbage</p></body>`);
      return true;
    case 'cutXml':
      res.writeHead(200, headers);
      res.end(xml.slice(0, Math.floor(xml.length / 2)));
      return true;
    case 'truncated': {
      const body = Buffer.from(xml);
      res.writeHead(200, { ...headers, 'content-length': String(body.length) });
      res.write(body.subarray(0, Math.floor(body.length / 2)), () => setTimeout(() => req.socket.destroy(), 5));
      return true;
    }
    case 'trickle': {
      res.writeHead(200, headers);
      let at = 0;
      const timer = setInterval(() => {
        if (res.destroyed) return clearInterval(timer);
        res.write(xml.slice(at, (at += 16)));
        if (at >= xml.length) {
          clearInterval(timer);
          res.end();
        }
      }, f.delayMs ?? 200);
      return true;
    }
    default:
      return false;
  }
}
