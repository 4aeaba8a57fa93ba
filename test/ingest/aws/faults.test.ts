import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readAccount, type ReadOptions, type ReadResult } from '../../../src/ingest/aws/read.js';
import { readAccounts } from '../../../src/ingest/aws/accounts.js';
import fs from 'node:fs';
import os from 'node:os';
import { run } from '../../../src/cli/run.js';
import { EC2_ACTIONS } from '../../../src/ingest/aws/read.js';
import { startFakeEc2 } from '../../helpers/fake-ec2.js';
import type { Fault } from '../../helpers/faults.js';

const SECRET = 'fakeSecretKeyThatMustNeverBePrinted0000';
const gen = (n: number, g: number, seed: number): Record<string, unknown[]> =>
  JSON.parse(spawnSync(process.execPath, [path.resolve('test-data/gen-aws-snapshot.mjs'), String(n), String(g), String(seed)], { encoding: 'utf8' }).stdout) as Record<string, unknown[]>;

/** Two regions, pages of 10: every section takes a few pages. */
const world = { 'us-east-1': gen(60, 30, 1), 'eu-west-1': gen(40, 20, 2) };
const SECTIONS = ['Vpcs', 'Subnets', 'RouteTables', 'NetworkAcls', 'SecurityGroups', 'NetworkInterfaces'];
const all = (section: string): number => world['us-east-1'][section]!.length + world['eu-west-1'][section]!.length;
/** Key order does not matter: compare canonical JSON. */
const canonical = (v: unknown): string => JSON.stringify(v, (_k, x: unknown) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : 1))) : x));
const fast: Partial<ReadOptions> = { requestTimeoutMs: 400, maxAttempts: 4, concurrency: 2 };

/** Reads both regions through a server with `faults`; returns the result and the wall time. */
async function readWith(faults: Fault[], opts: Partial<ReadOptions> = {}): Promise<{ r: ReadResult; ms: number; hits: Record<string, number> }> {
  const server = await startFakeEc2(world, { pageSize: 10, faults });
  try {
    const t = performance.now();
    const r = await readAccount({ regions: ['us-east-1', 'eu-west-1'], endpointUrl: server.url, ...fast, ...opts });
    return { r, ms: performance.now() - t, hits: server.faultHits };
  } finally {
    await server.close();
  }
}

function assertComplete(r: ReadResult): void {
  assert.deepEqual(r.failures, []);
  // Every item of both regions, in order, each once (the generated regions reuse ids, so compare whole sections).
  for (const s of SECTIONS) assert.equal(canonical(r.snapshot[s]), canonical([...world['us-east-1'][s]!, ...world['eu-west-1'][s]!]), s);
  assert.ok(r.status.every((x) => x.Calls.every((c) => c.Status === 'ok')));
}

describe('live reads under injected faults', () => {
  before(() => {
    process.env['AWS_ACCESS_KEY_ID'] = 'AKIAFAKEFAKEFAKEFAKE';
    process.env['AWS_SECRET_ACCESS_KEY'] = SECRET;
  });
  after(() => undefined);

  it('a page that never answers is cut off by the request timeout and asked for again; the data is complete', async () => {
    const { r, ms, hits } = await readWith([{ kind: 'hang', action: 'DescribeNetworkInterfaces', laterPages: true, times: 2 }]);
    assertComplete(r);
    assert.equal(hits['hang'], 2);
    assert.ok(r.faults.timeouts >= 2, JSON.stringify(r.faults));
    assert.ok(ms < 10_000, `${ms} ms`); // generous: the machine may be loaded; a hang would be endless
  });

  it('an endpoint that always hangs on one call: that call fails after its attempts, in bounded time, and everything else is kept', async () => {
    const { r, ms } = await readWith([{ kind: 'hang', action: 'DescribeNetworkInterfaces', region: 'eu-west-1' }], { maxAttempts: 3 });
    // 3 attempts x 400 ms plus the SDK's backoff (< 1 s between attempts here).
    assert.ok(ms < 12_000, `${ms} ms`);
    assert.equal(r.failures.length, 1);
    assert.match(r.failures[0]!.message, /^region eu-west-1: ec2:DescribeNetworkInterfaces got no answer within the request timeout of 0\.4 s, on every attempt \(TimeoutError after 3 attempts: .*\); raise --request-timeout if the endpoint is just slow; interfaces of eu-west-1 unknown: exposure there not computed except for instances$/);
    assert.doesNotMatch(r.failures[0]!.message, /@smithy|\$response/);
    for (const s of ['Vpcs', 'Subnets', 'RouteTables', 'NetworkAcls', 'SecurityGroups']) assert.equal(r.snapshot[s]!.length, all(s), `${s} of eu-west-1 kept`);
    assert.equal(r.snapshot['NetworkInterfaces']!.length, world['us-east-1']['NetworkInterfaces']!.length);
    const eu = r.status.find((x) => x.Region === 'eu-west-1')!;
    assert.deepEqual(eu.Calls.filter((c) => c.Status !== 'ok').map((c) => [c.Call, c.Status]), [['ec2:DescribeNetworkInterfaces', 'failed']]);
    assert.deepEqual(r.regions, ['us-east-1']);
  });

  it('the region deadline cuts off what is in flight and skips the rest, with a clear message', async () => {
    const { r, ms } = await readWith([{ kind: 'hang', action: 'DescribeSecurityGroups', region: 'eu-west-1' }], { regions: ['eu-west-1'], requestTimeoutMs: 60_000, regionTimeoutMs: 1500 });
    assert.ok(ms < 8000, `${ms} ms`);
    const eu = r.status.find((x) => x.Region === 'eu-west-1')!;
    const byCall = Object.fromEntries(eu.Calls.map((c) => [c.Call, c.Status]));
    assert.equal(byCall['ec2:DescribeSubnets'], 'ok');
    assert.equal(byCall['ec2:DescribeSecurityGroups'], 'failed');
    assert.equal(byCall['ec2:DescribeNetworkInterfaces'], 'skipped');
    assert.match(r.failures.find((f) => f.message.includes('DescribeSecurityGroups'))!.message, /ec2:DescribeSecurityGroups was cut off: the region's deadline of 1\.5 s passed; groups of eu-west-1 unknown/);
    assert.match(r.failures.find((f) => f.message.includes('DescribeNetworkInterfaces'))!.message, /skipped \(the region's deadline of 1\.5 s passed\)/);
    assert.equal(r.snapshot['Subnets']!.length, world['eu-west-1']['Subnets']!.length, 'what was read before the deadline is kept');
  });

  for (const [name, fault, counter] of [
    ['a dropped connection', { kind: 'drop', action: 'DescribeSubnets', times: 3 }, 'connection'],
    ['a throttling burst', { kind: 'throttle', times: 3 }, 'throttled'],
    ['a burst of 5xx answers', { kind: 'error5xx', times: 5 }, 'serverErrors'],
    ['a garbled body', { kind: 'garbled', action: 'DescribeSecurityGroups', times: 2 }, 'garbled'],
    ['a connection closed half-way through the body', { kind: 'truncated', action: 'DescribeNetworkInterfaces', laterPages: true, times: 2 }, 'connection'],
    ['a body that stops mid-document', { kind: 'cutXml', action: 'DescribeRouteTables', times: 2 }, 'garbled'],
    ['a body that trickles in slower than the request timeout', { kind: 'trickle', action: 'DescribeVpcs', delayMs: 100, times: 1 }, 'timeouts'],
  ] as [string, Fault, keyof ReadResult['faults']][]) {
    it(`${name} is retried and the data is complete`, async () => {
      const { r, hits } = await readWith([fault], { maxAttempts: 8 });
      assertComplete(r);
      assert.ok((hits[fault.kind] ?? 0) >= Math.min(fault.times ?? 1, 1), JSON.stringify(hits));
      assert.ok(r.faults[counter] >= 1, `${counter}: ${JSON.stringify(r.faults)}`);
    });
  }

  it('a body that is always garbled fails that call in sglint\'s words (never the SDK\'s hidden-field hint)', async () => {
    const { r } = await readWith([{ kind: 'garbled', action: 'DescribeNetworkAcls', region: 'us-east-1' }], { maxAttempts: 2 });
    assert.equal(r.failures.length, 1);
    assert.match(r.failures[0]!.message, /^region us-east-1: ec2:DescribeNetworkAcls kept answering with a garbled or cut-off body \(MalformedResponse after 2 attempts: the answer was cut off \(\d+ bytes, no closing element\)\); network ACLs of us-east-1 unknown/);
  });

  it('a denied call in one region: the rest of that region is kept, and the message names the call, the permission and what is unknown', async () => {
    const { r } = await readWith([{ kind: 'deny', action: 'DescribeNetworkInterfaces', region: 'eu-west-1' }]);
    assert.equal(r.failures.length, 1);
    assert.equal(r.failures[0]!.message, 'region eu-west-1: ec2:DescribeNetworkInterfaces was denied (UnauthorizedOperation (HTTP 403): You are not authorized to perform this operation.); the role needs ec2:DescribeNetworkInterfaces; interfaces of eu-west-1 unknown: exposure there not computed except for instances');
    for (const s of ['Vpcs', 'Subnets', 'RouteTables', 'NetworkAcls', 'SecurityGroups']) assert.equal(r.snapshot[s]!.length, all(s), s);
    const eu = r.status.find((x) => x.Region === 'eu-west-1')!;
    assert.ok(eu.VpcIds?.length && eu.ReadAt && eu.Seconds !== undefined);
    assert.deepEqual(eu.Calls.find((c) => c.Call === 'ec2:DescribeNetworkInterfaces'), { Call: 'ec2:DescribeNetworkInterfaces', Section: 'NetworkInterfaces', Status: 'failed', Error: r.failures[0]!.message.slice('region eu-west-1: '.length, r.failures[0]!.message.indexOf('; interfaces of')), Items: 0 });
  });

  it('a rejected page token fails that call and keeps the page read before it', async () => {
    const { r } = await readWith([{ kind: 'badToken', action: 'DescribeSecurityGroups', region: 'us-east-1', after: 1 }]);
    assert.equal(r.failures.length, 1);
    assert.match(r.failures[0]!.message, /ec2:DescribeSecurityGroups failed \(InvalidParameterValue \(HTTP 400\): Invalid value for nextToken\); groups of us-east-1 unknown/);
    const call = r.status.find((x) => x.Region === 'us-east-1')!.Calls.find((c) => c.Call === 'ec2:DescribeSecurityGroups')!;
    assert.equal(call.Items, 10, 'the first page');
    assert.equal(r.snapshot['SecurityGroups']!.length, 10 + world['eu-west-1']['SecurityGroups']!.length);
  });

  it('a page token that repeats ends the listing with an error instead of looping', async () => {
    const { r, ms } = await readWith([{ kind: 'repeatToken', action: 'DescribeSubnets', region: 'eu-west-1' }, { kind: 'repeatToken', action: 'DescribeNetworkInterfaces', region: 'eu-west-1' }]);
    assert.ok(ms < 10_000);
    assert.deepEqual(r.failures.map((f) => /(ec2:\w+) failed \(PaginationLoop/.exec(f.message)?.[1]), ['ec2:DescribeNetworkInterfaces'], 'subnets fit one page of 10 (6 of them)');
    assert.match(r.failures[0]!.message, /the service returned a page token it had returned before/);
  });

  it('slow answers within the timeout: complete, nothing retried', async () => {
    const { r } = await readWith([{ kind: 'slow', delayMs: 60 }], { requestTimeoutMs: 2000 });
    assertComplete(r);
    assert.equal(r.faults.timeouts, 0);
  });

  it('credentials that expire mid-read: the call fails with a message that says so, and the rest of the region is skipped, not lost silently', async () => {
    const { r } = await readWith([{ kind: 'expired', region: 'eu-west-1', after: 5 }], { concurrency: 1 });
    const eu = r.status.find((x) => x.Region === 'eu-west-1')!;
    const failed = eu.Calls.filter((c) => c.Status === 'failed');
    assert.equal(failed.length, 1);
    assert.match(failed[0]!.Error!, /^the credentials expired during the read \(RequestExpired \(HTTP 400\): Request has expired\.\); renew them/);
    assert.ok(eu.Calls.filter((c) => c.Status === 'skipped').every((c) => c.Error === 'the credentials had expired'));
    assert.ok(eu.Calls.some((c) => c.Status === 'skipped'));
    assert.ok(!JSON.stringify(r).includes(SECRET) && !JSON.stringify(r).includes('AKIAFAKE'));
  });

  it('assumed credentials that expire mid-read are assumed again and the read completes', async () => {
    const org = { '222222222222': { 'us-east-1': gen(60, 30, 3) } };
    const server = await startFakeEc2({}, { pageSize: 10, accounts: org, faults: [{ kind: 'expired', account: '222222222222', after: 6 }] });
    try {
      const r = await readAccounts({ regions: ['us-east-1'], endpointUrl: server.url, roleArn: 'arn:aws:iam::222222222222:role/audit', ...fast });
      assert.deepEqual(r.failures, []);
      assert.equal(r.snapshot['NetworkInterfaces']!.length, 60);
      assert.ok(server.calls.filter((c) => c.action === 'AssumeRole').length >= 2, 'assumed again');
    } finally {
      await server.close();
    }
  });

  it('an organization where one role cannot be assumed and one account denies a call in one region: both recorded, the rest read', async () => {
    const accounts = { '222222222222': { 'us-east-1': gen(20, 6, 5), 'eu-west-1': gen(20, 6, 6) }, '333333333333': { 'us-east-1': gen(10, 4, 7) } };
    const server = await startFakeEc2({}, {
      accounts, orgAccounts: [{ Id: '222222222222', Name: 'prod', State: 'ACTIVE' }, { Id: '333333333333', Name: 'dev', State: 'ACTIVE' }, { Id: '444444444444', Name: 'locked', State: 'ACTIVE' }],
      denyRoles: ['arn:aws:iam::444444444444:role/sglint-readonly'], faults: [{ kind: 'deny', account: '222222222222', region: 'eu-west-1', action: 'DescribeLoadBalancers' }],
    });
    try {
      const r = await readAccounts({ regions: ['us-east-1', 'eu-west-1'], endpointUrl: server.url, orgRole: 'sglint-readonly', ...fast });
      assert.deepEqual(r.accounts, ['222222222222', '333333333333']);
      const lines = r.failures.map((f) => f.message);
      assert.ok(lines.some((m) => /^cannot assume arn:aws:iam::444444444444:role\/sglint-readonly: sts:AssumeRole was denied/.test(m)), lines.join('\n'));
      assert.ok(lines.some((m) => m.startsWith('account 222222222222 region eu-west-1: elasticloadbalancing:DescribeLoadBalancers was denied (AccessDenied (HTTP 403): User: arn:aws:sts::123456789012:assumed-role/audit/sglint is not authorized to perform: elasticloadbalancing:DescribeLoadBalancers')), lines.join('\n'));
      assert.ok(lines.some((m) => m.startsWith('account 222222222222 region eu-west-1: elasticloadbalancing:DescribeListeners skipped (the load balancers could not be read)')), lines.join('\n'));
      const record = r.snapshot['SglintReadStatus'] as { Account?: string; Region: string }[];
      assert.deepEqual(record.map((x) => `${x.Account}/${x.Region}`).sort(), ['222222222222/eu-west-1', '222222222222/us-east-1', '333333333333/eu-west-1', '333333333333/us-east-1', '444444444444/*']);
      assert.equal(r.snapshot['SecurityGroups']!.length, 6 + 6 + 4, 'the denied ELB call loses nothing else');
    } finally {
      await server.close();
    }
  });

  /** `sglint aws ARGS` in this process (the server lives here too), with fake credentials. */
  async function aws(args: string[], faults: Fault[]): Promise<{ code: number; out: string; err: string; dir: string; ms: number; calls: { action: string }[] }> {
    const server = await startFakeEc2(world, { pageSize: 10, faults });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sglint-faults-'));
    let out = '';
    let err = '';
    const io = { stdout: { write: (x: string | Uint8Array) => (out += String(x)) }, stderr: { write: (x: string) => (err += x) }, cwd: dir, env: { CI: 'true' } };
    try {
      const t = performance.now();
      const code = await run(['aws', '--endpoint-url', server.url, '--region', 'us-east-1', '--region', 'eu-west-1', ...args], io);
      return { code, out, err, dir, ms: performance.now() - t, calls: server.calls };
    } finally {
      await server.close();
    }
  }

  it('sglint aws against an endpoint that hangs on everything ends within its deadlines, says why, and writes what it has', async () => {
    const r = await aws(['--request-timeout', '0.3', '--region-timeout', '1.5', '--out', 'snap.json', '--format', 'json', '--fail-on', 'none'], [{ kind: 'hang' }]);
    assert.ok(r.ms < 10_000, `${r.ms} ms`); // 1.5 s region deadline, then the scan; generous for a loaded machine
    assert.equal(r.code, 2);
    assert.match(r.err, /sglint: region us-east-1: ec2:DescribeVpcs (got no answer within the request timeout of 0\.3 s|was cut off: the region's deadline of 1\.5 s passed)/);
    assert.match(r.err, /sglint: partial result: \d+ call\(s\) did not succeed in 2 region\(s\) or account\(s\); snap\.json keeps everything that was read/);
    const snap = JSON.parse(fs.readFileSync(path.join(r.dir, 'snap.json'), 'utf8')) as { SglintReadStatus: { Calls: { Status: string }[] }[] };
    assert.ok(snap.SglintReadStatus.every((x) => x.Calls.every((c) => c.Status !== 'ok')));
    assert.ok((JSON.parse(r.out) as { diagnostics: { partial?: boolean }[] }).diagnostics.some((d) => d.partial));
    const written = r.out + r.err + fs.readFileSync(path.join(r.dir, 'snap.json'), 'utf8');
    assert.ok(!written.includes(SECRET) && !written.includes('AKIAFAKE'), 'no credentials in any output');
  });

  it('sglint aws names the denied permissions once, at the end', async () => {
    const r = await aws(['--out', 'snap.json', '--format', 'json', '--fail-on', 'none', '--request-timeout', '2'], [{ kind: 'deny', action: 'DescribeNetworkInterfaces' }, { kind: 'deny', action: 'DescribeTargetGroups', region: 'eu-west-1' }]);
    assert.equal(r.code, 2);
    assert.match(r.err, /sglint: denied: ec2:DescribeNetworkInterfaces, elasticloadbalancing:DescribeTargetGroups; add them to the policy \(README\), or list every denial with --check-permissions\n/);
  });

  it('--check-permissions probes each call once per region without reading data, and lists what to add', async () => {
    const r = await aws(['--check-permissions', '--request-timeout', '2'], [{ kind: 'deny', action: 'DescribeNetworkInterfaces', region: 'eu-west-1' }, { kind: 'deny', action: 'DescribeTargetHealth' }]);
    assert.equal(r.code, 2);
    assert.equal(r.out, [
      'region us-east-1: 1 of 15 calls not allowed',
      '  ✖ elasticloadbalancing:DescribeTargetHealth  AccessDenied (HTTP 403): User: arn:aws:sts::123456789012:assumed-role/audit/sglint is not authorized to perform: elasticloadbalancing:DescribeTargetHealth because no identity-based policy allows the elasticloadbalancing:DescribeTargetHealth action',
      'region eu-west-1: 2 of 15 calls not allowed',
      '  ✖ ec2:DescribeNetworkInterfaces  UnauthorizedOperation (HTTP 403): You are not authorized to perform this operation.',
      '  ✖ elasticloadbalancing:DescribeTargetHealth  AccessDenied (HTTP 403): User: arn:aws:sts::123456789012:assumed-role/audit/sglint is not authorized to perform: elasticloadbalancing:DescribeTargetHealth because no identity-based policy allows the elasticloadbalancing:DescribeTargetHealth action',
      'add to the policy: ec2:DescribeNetworkInterfaces, elasticloadbalancing:DescribeTargetHealth (the whole read-only policy is in the README)',
      '',
    ].join('\n'));
    assert.equal(r.calls.length, 2 * EC2_ACTIONS.length, 'one request per call and region');
    const clean = await aws(['--check-permissions'], []);
    assert.equal(clean.code, 0);
    assert.match(clean.out, /every permission sglint aws needs is granted\n$/);
  });
});
