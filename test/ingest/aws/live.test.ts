import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DescribeNetworkInterfacesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { EC2_ACTIONS, readAccount } from '../../../src/ingest/aws/read.js';
import { pages, type DescribeCommand } from '../../../src/ingest/aws/pages.js';
import { ACCOUNT_ACTIONS, readAccounts } from '../../../src/ingest/aws/accounts.js';
import { ingestAwsCli } from '../../../src/ingest/awscli/index.js';
import { solve } from '../../../src/solver/index.js';
import { startFakeEc2, type FakeEc2 } from '../../helpers/fake-ec2.js';
import { run } from '../../../src/cli/run.js';

const BIN = path.resolve('dist/src/cli/main.js');
const SECRET = 'fakeSecretKeyThatMustNeverBePrinted0000';
const gen = (n: number, g: number, seed: number): Record<string, unknown[]> =>
  JSON.parse(spawnSync(process.execPath, [path.resolve('test-data/gen-aws-snapshot.mjs'), String(n), String(g), String(seed)], { encoding: 'utf8', maxBuffer: 1 << 28 }).stdout) as Record<string, unknown[]>;

/** Key order does not matter: compare canonical JSON. */
const canonical = (v: unknown): string => JSON.stringify(v, (_k, x: unknown) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : 1))) : x));

function exposureOf(snapshot: Record<string, unknown[]>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sglint-live-'));
  fs.writeFileSync(path.join(dir, 'snap.json'), JSON.stringify(snapshot));
  const { network } = ingestAwsCli(['snap.json'], dir);
  const sol = solve(network);
  return sol.endpoints().map((e) => `${e.id} ${sol.exposure(e).internet.jsonText(4)} ${sol.exposure(e).hopsFromInternet}`).sort().join('\n');
}

/** Runs the CLI without blocking this process (the fake server lives here). */
function cli(args: string[], cwd: string): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((ok) => {
    const p = spawn(process.execPath, [BIN, ...args], { cwd, env: { PATH: process.env['PATH'] ?? '', AWS_ACCESS_KEY_ID: 'AKIAFAKEFAKEFAKEFAKE', AWS_SECRET_ACCESS_KEY: SECRET, CI: 'true' } });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('close', (code) => ok({ code, out, err }));
  });
}

/** Adds an internet-facing ALB (listener, target group, healthy target) and a prefix list to a generated region. */
function withLoadBalancer(region: Record<string, unknown[]>): Record<string, unknown[]> {
  const subnet = region['Subnets']![0] as { SubnetId: string; VpcId: string; AvailabilityZone: string };
  const sg = (region['SecurityGroups']![0] as { GroupId: string }).GroupId;
  const eni = region['NetworkInterfaces']!.find((x) => (x as { Attachment?: { InstanceId?: string } }).Attachment?.InstanceId) as { Attachment: { InstanceId: string } };
  const lb = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/front/50dc6c495c0c9188';
  const tg = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/73e2d6bc24d8a067';
  return {
    ...region,
    LoadBalancers: [{ LoadBalancerArn: lb, LoadBalancerName: 'front', Scheme: 'internet-facing', Type: 'application', VpcId: subnet.VpcId, SecurityGroups: [sg], AvailabilityZones: [{ ZoneName: subnet.AvailabilityZone, SubnetId: subnet.SubnetId }], State: { Code: 'active' }, IpAddressType: 'ipv4' }],
    Listeners: [{ ListenerArn: `${lb.replace(':loadbalancer/', ':listener/')}/1`, LoadBalancerArn: lb, Port: 443, Protocol: 'HTTPS', DefaultActions: [{ Type: 'forward', TargetGroupArn: tg }] }],
    TargetGroups: [{ TargetGroupArn: tg, TargetGroupName: 'web', Protocol: 'HTTP', Port: 8080, VpcId: subnet.VpcId, TargetType: 'instance', LoadBalancerArns: [lb] }],
    TargetHealth: [{ TargetGroupArn: tg, TargetHealthDescriptions: [{ Target: { Id: eni.Attachment.InstanceId, Port: 8080 }, TargetHealth: { State: 'healthy' } }] }],
    ManagedPrefixLists: [{ PrefixListId: 'pl-0123456789abcdef0', PrefixListName: 'office', AddressFamily: 'IPv4', MaxEntries: 5, State: 'create-complete', Entries: [{ Cidr: '198.51.100.0/24', Description: 'office' }] }],
  };
}

describe('live AWS scans against a local EC2-compatible endpoint', () => {
  const world = { 'us-east-1': gen(600, 120, 1), 'eu-west-1': withLoadBalancer(gen(250, 50, 2)) };
  let fake: FakeEc2;
  let throttling: FakeEc2;
  const failRegions = { 'ap-south-1': { status: 403, code: 'UnauthorizedOperation', message: 'You are not authorized to perform this operation.' } };
  before(async () => {
    process.env['AWS_ACCESS_KEY_ID'] = 'AKIAFAKEFAKEFAKEFAKE';
    process.env['AWS_SECRET_ACCESS_KEY'] = SECRET;
    fake = await startFakeEc2(world, { pageSize: 50, failRegions });
    throttling = await startFakeEc2(world, { pageSize: 50, throttleEvery: 9 });
  });
  after(async () => {
    await fake.close();
    await throttling.close();
  });

  it('reads every page of every region, survives throttling, and gives the snapshot the AWS CLI would', async () => {
    const r = await readAccount({ regions: ['us-east-1', 'eu-west-1'], endpointUrl: throttling.url, concurrency: 2 });
    assert.deepEqual(r.failures, []);
    for (const section of Object.keys(world['eu-west-1'])) {
      assert.equal(canonical(r.snapshot[section]), canonical([...(world['us-east-1'][section] ?? []), ...world['eu-west-1'][section]!]), section);
    }
    const pages = throttling.calls.filter((c) => c.action === 'DescribeNetworkInterfaces' && c.region === 'us-east-1').length;
    assert.ok(pages >= 12, `600 interfaces in pages of 50: ${pages} calls`);
    assert.ok(throttling.throttled > 0, 'throttling was injected and retried');
    const lbExposure = exposureOf(r.snapshot);
    assert.equal(lbExposure, exposureOf(Object.fromEntries(Object.keys(world['eu-west-1']).map((k) => [k, [...(world['us-east-1'][k] ?? []), ...world['eu-west-1'][k]!]]))));
    assert.match(lbExposure, /arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer\/app\/front\/50dc6c495c0c9188 .*tcp/, 'the load balancer is read and exposed');
  });

  it('asks for the next page as soon as a page arrives (before parsing it), never for a page twice, and within each API\'s page-size limit', async () => {
    const slow = await startFakeEc2({ 'us-east-1': world['us-east-1'] }, { pageSize: 40, delayMs: 20 });
    const client = new EC2Client({ region: 'us-east-1', endpoint: slow.url });
    try {
      const log: string[] = [];
      client.middlewareStack.add((next) => async (args) => {
        log.push(`send ${(args.input as { NextToken?: string }).NextToken ?? 'first'}`);
        return next(args);
      }, { step: 'finalizeRequest', priority: 'low' });
      let n = 0;
      for await (const page of pages(client, DescribeNetworkInterfacesCommand as unknown as DescribeCommand, 1000)) {
        n += (page['NetworkInterfaces'] as unknown[]).length;
        log.push(`parsed, next ${String(page['NextToken'] ?? 'none')}`);
      }
      assert.equal(n, 600);
      const calls = slow.calls.filter((c) => c.action === 'DescribeNetworkInterfaces');
      assert.equal(calls.length, 15, '600 interfaces in pages of 40, each asked for once');
      assert.equal(new Set(calls.map((c) => c.token ?? '')).size, 15);
      // Page N+1 is asked for before the SDK has parsed page N (which names its token).
      for (const c of calls.slice(1)) assert.ok(log.indexOf(`send ${c.token!}`) < log.indexOf(`parsed, next ${c.token!}`), log.join(' | '));
      // And the whole read stays within each action's MaxResults range (the local server enforces them).
      const r = await readAccount({ regions: ['us-east-1'], endpointUrl: slow.url });
      assert.deepEqual(r.failures, []);
    } finally {
      client.destroy();
      await slow.close();
    }
  });

  it('pages through thousands of groups (with throttling) and gets every one, once', async () => {
    const big = { 'us-east-1': gen(400, 3000, 4) };
    const server = await startFakeEc2(big, { pageSize: 250, throttleEvery: 7 });
    try {
      const r = await readAccount({ regions: ['us-east-1'], endpointUrl: server.url });
      assert.deepEqual(r.failures, []);
      const ids = (r.snapshot['SecurityGroups'] as { GroupId: string }[]).map((g) => g.GroupId);
      assert.equal(ids.length, 3000);
      assert.equal(new Set(ids).size, 3000, 'no group twice');
      assert.equal(canonical(r.snapshot['SecurityGroups']), canonical(big['us-east-1']['SecurityGroups']));
      const pagesOfGroups = server.calls.filter((c) => c.action === 'DescribeSecurityGroups');
      assert.ok(pagesOfGroups.length >= 12, `3,000 groups in pages of 250 (plus retries): ${pagesOfGroups.length} calls`);
      assert.ok(server.throttled > 0);
    } finally {
      await server.close();
    }
  });

  it('a region that fails is reported and the others are still read', async () => {
    const r = await readAccount({ regions: ['us-east-1', 'ap-south-1'], endpointUrl: fake.url });
    assert.ok(r.failures.length > 0 && r.failures.every((f) => f.region === 'ap-south-1'), JSON.stringify(r.failures));
    assert.match(r.failures[0]!.message, /^region ap-south-1: ec2:DescribeVpcs was denied \(UnauthorizedOperation \(HTTP 403\): You are not authorized to perform this operation\.\); the role needs ec2:DescribeVpcs; VPC ranges of ap-south-1 unknown$/);
    assert.deepEqual(r.regions, ['us-east-1']);
    assert.ok((r.snapshot['SecurityGroups'] ?? []).length === 120);
  });

  it('--all-regions lists the enabled regions first', async () => {
    const r = await readAccount({ regions: [], allRegions: true, endpointUrl: fake.url });
    assert.deepEqual(r.regions, ['eu-west-1', 'us-east-1']);
  });

  it('sglint aws writes the snapshot, scans it, says when the result is partial, and never prints credentials', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sglint-aws-cli-'));
    const ok = await cli(['aws', '--region', 'us-east-1', '--endpoint-url', fake.url, '--out', 'snap.json', '--format', 'json', '--fail-on', 'none'], dir);
    assert.equal(ok.code, 0, ok.err);
    assert.ok(fs.existsSync(path.join(dir, 'snap.json')));
    const report = JSON.parse(ok.out) as { findings: { location: { file: string } }[] };
    assert.ok(report.findings.length > 0 && report.findings.every((f) => f.location.file === 'snap.json'), 'findings point at the snapshot file');
    const partial = await cli(['aws', '--region', 'us-east-1', '--region', 'ap-south-1', '--endpoint-url', fake.url, '--out', 'p.json', '--format', 'sarif'], dir);
    assert.equal(partial.code, 2);
    assert.match(partial.err, /sglint: region ap-south-1: ec2:DescribeNetworkInterfaces was denied \(UnauthorizedOperation \(HTTP 403\)[^\n]*the role needs ec2:DescribeNetworkInterfaces; interfaces of ap-south-1 unknown: exposure there not computed/);
    assert.match(partial.out, /partial snapshot: region ap-south-1: ec2:DescribeVpcs was denied/);
    for (const r of [ok, partial]) assert.ok(!(r.out + r.err).includes(SECRET) && !(r.out + r.err).includes('AKIAFAKE'));
    for (const r of [ok, partial]) assert.doesNotMatch(r.err, /NodeVersionSupportWarning|Warning:/, 'no SDK notices on stderr');
    assert.doesNotMatch(ok.err + partial.err, /\r/, 'no progress line in CI');
  });

  it('shows progress on a terminal (accounts, regions, pages), stays quiet in CI, and --timings gives each phase', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sglint-aws-tty-'));
    const runWith = async (env: NodeJS.ProcessEnv, extra: string[] = []): Promise<{ code: number; err: string }> => {
      let err = '';
      const io = { stdout: { write: () => true }, stderr: { isTTY: true, write: (s: string) => (err += s) }, cwd: dir, env };
      const code = await run(['aws', '--region', 'us-east-1', '--region', 'ap-south-1', '--endpoint-url', fake.url, '--out', 'snap.json', '--format', 'json', '--fail-on', 'none', ...extra], io);
      return { code, err };
    };
    const tty = await runWith({});
    assert.equal(tty.code, 2, 'ap-south-1 fails: partial');
    const draws = tty.err.split('\r\u001b[K').filter(Boolean);
    assert.ok(draws.some((d) => /^\d\/\d regions? done( \(1 failed\))?, \d+ pages?, [\d,]+ items? - us-east-1 \w+ [\d,]+ \(\d+ pages?\)$/.test(d)), draws.slice(0, 3).join(' | '));
    assert.ok(draws.some((d) => d.endsWith('ap-south-1 failed')), 'a failed region is shown');
    assert.match(tty.err, /sglint: read 2\/2 regions done \(1 failed\), \d+ pages, [\d,]+ items in [\d.]+ s\n/);
    const ci = await runWith({ CI: 'true' }, ['--timings']);
    assert.doesNotMatch(ci.err, /\r|regions done/, 'quiet in CI');
    assert.match(ci.err, /sglint: timings: read [\d.]+ s \(CPU [\d.]+ s, \d+%\); snapshot write [\d.]+ s .*; scan [\d.]+ s/);
  });

  it('labels progress by account when reading an organization', async () => {
    const org = await startFakeEc2({}, {
      accounts: { '222222222222': { 'us-east-1': gen(20, 6, 8) }, '333333333333': { 'us-east-1': gen(20, 6, 9) } },
      orgAccounts: [{ Id: '222222222222', Name: 'prod', State: 'ACTIVE' }, { Id: '333333333333', Name: 'dev', State: 'ACTIVE' }],
    });
    try {
      const events: string[] = [];
      await readAccounts({ regions: ['us-east-1'], endpointUrl: org.url, orgRole: 'sglint-readonly', onProgress: (e) => events.push(`${e.account}/${e.region} ${e.done ? 'done' : e.section}`) });
      for (const a of ['222222222222', '333333333333']) {
        assert.ok(events.includes(`${a}/us-east-1 SecurityGroups`) && events.includes(`${a}/us-east-1 done`), events.join(', '));
      }
    } finally {
      await org.close();
    }
  });

  it('--org: every active account through the named role; suspended ones skipped; a role that cannot be assumed is reported', async () => {
    const accounts = { '222222222222': { 'us-east-1': gen(40, 12, 5) }, '333333333333': { 'us-east-1': gen(30, 8, 6) }, '444444444444': { 'us-east-1': gen(10, 4, 7) } };
    const org = await startFakeEc2({}, {
      accounts,
      orgAccounts: [{ Id: '222222222222', Name: 'prod', State: 'ACTIVE' }, { Id: '333333333333', Name: 'dev', State: 'ACTIVE' }, { Id: '444444444444', Name: 'old', State: 'SUSPENDED' }, { Id: '555555555555', Name: 'locked', State: 'ACTIVE' }],
      denyRoles: ['arn:aws:iam::555555555555:role/sglint-readonly'],
    });
    try {
      const r = await readAccounts({ regions: ['us-east-1'], endpointUrl: org.url, orgRole: 'sglint-readonly' });
      assert.deepEqual(r.accounts, ['222222222222', '333333333333']);
      assert.equal(r.failures.length, 1);
      assert.match(r.failures[0]!.message, /^cannot assume arn:aws:iam::555555555555:role\/sglint-readonly: sts:AssumeRole was denied \(AccessDenied \(HTTP 403\): .*\); the caller needs sts:AssumeRole on the role, .*; nothing of account 555555555555 was read$/);
      assert.equal(r.snapshot['SecurityGroups']!.length, 12 + 8, 'both active accounts, merged');
      const single = await readAccounts({ regions: ['us-east-1'], endpointUrl: org.url, roleArn: 'arn:aws:iam::333333333333:role/audit', externalId: 'x-1' });
      assert.equal(single.snapshot['SecurityGroups']!.length, 8);
      for (const c of org.calls) assert.ok([...EC2_ACTIONS, ...ACCOUNT_ACTIONS].some((a) => a.endsWith(`:${c.action}`)), c.action);
    } finally {
      await org.close();
    }
  });

  it('calls nothing outside the documented read-only policy, and the README lists exactly that policy', () => {
    const service = (a: string): string => (/LoadBalancers|Listeners|TargetGroups|TargetHealth/.test(a) ? 'elasticloadbalancing' : 'ec2');
    const called = new Set([...fake.calls, ...throttling.calls].map((c) => `${service(c.action)}:${c.action}`));
    assert.ok(called.has('elasticloadbalancing:DescribeTargetHealth') && called.has('ec2:GetManagedPrefixListEntries'), [...called].join(', '));
    for (const a of called) assert.ok((EC2_ACTIONS as readonly string[]).includes(a), `${a} is not in the documented policy`);
    const readme = fs.readFileSync('README.md', 'utf8');
    const block = /<!-- iam-policy:start -->\s*```json\n([\s\S]*?)```/.exec(readme);
    assert.ok(block, 'README has the IAM policy block');
    const policy = JSON.parse(block[1]!) as { Statement: { Effect: string; Action: string[]; Resource: string }[] };
    assert.deepEqual([...policy.Statement[0]!.Action].sort(), [...EC2_ACTIONS].sort());
    assert.deepEqual([...policy.Statement[1]!.Action].sort(), [...ACCOUNT_ACTIONS].sort());
    assert.ok(policy.Statement.every((s) => s.Effect === 'Allow' && s.Action.every((a) => /:(Describe|Get|List|AssumeRole)/.test(a))), 'read-only actions only');
  });
});
