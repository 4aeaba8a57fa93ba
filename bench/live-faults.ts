/**
 * Issue 24 measurement: `sglint aws` against the local EC2-compatible server with one injected
 * fault per run (test/helpers/faults.ts). Two regions of 3,000 interfaces and 600 groups, pages of
 * 200, each answer held 20 ms + 0.05 ms per item. Prints one markdown row per fault: wall time of
 * the whole command (read, snapshot, scan), exit code, whether the snapshot holds every item, the
 * calls that did not succeed, and the retries sglint counted. Run: node dist/bench/live-faults.js
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startFakeEc2 } from '../test/helpers/fake-ec2.js';
import type { Fault } from '../test/helpers/faults.js';

const ROOT = process.cwd();
const GEN = path.join(ROOT, 'test-data/gen-aws-snapshot.mjs');
const REGIONS = ['us-east-1', 'eu-west-1'];
const SECTIONS = ['Vpcs', 'Subnets', 'RouteTables', 'NetworkAcls', 'SecurityGroups', 'NetworkInterfaces'];

const SCENARIOS: [string, Fault[], string[]?][] = [
  ['no fault', []],
  ['one page hangs (once)', [{ kind: 'hang', action: 'DescribeNetworkInterfaces', laterPages: true, times: 1 }]],
  ['one page hangs (once), default 30 s timeout', [{ kind: 'hang', action: 'DescribeNetworkInterfaces', laterPages: true, times: 1 }], ['--request-timeout', '30']],
  ['one call hangs on every attempt', [{ kind: 'hang', action: 'DescribeNetworkInterfaces', region: 'eu-west-1' }]],
  ['everything hangs (region deadline 10 s)', [{ kind: 'hang' }], ['--region-timeout', '10']],
  ['5 dropped connections', [{ kind: 'drop', times: 5 }]],
  ['throttling burst (10)', [{ kind: 'throttle', times: 10 }]],
  ['5xx burst (10)', [{ kind: 'error5xx', times: 10 }]],
  ['slow answers (+500 ms each)', [{ kind: 'slow', delayMs: 500 }]],
  ['garbled bodies (3)', [{ kind: 'garbled', times: 3 }]],
  ['bodies cut by a closed connection (3)', [{ kind: 'truncated', laterPages: true, times: 3 }]],
  ['bodies that trickle (16 B / 200 ms, 2)', [{ kind: 'trickle', action: 'DescribeVpcs', delayMs: 200, times: 2 }]],
  ['a page token that repeats', [{ kind: 'repeatToken', action: 'DescribeNetworkInterfaces', region: 'eu-west-1' }]],
  ['a page token rejected', [{ kind: 'badToken', action: 'DescribeSecurityGroups', region: 'eu-west-1', after: 1 }]],
  ['one call denied in one region', [{ kind: 'deny', action: 'DescribeNetworkInterfaces', region: 'eu-west-1' }]],
  ['credentials expire mid-read', [{ kind: 'expired', region: 'eu-west-1', after: 20 }]],
];

async function main(): Promise<void> {
  const world: Record<string, Record<string, unknown[]>> = {};
  REGIONS.forEach((r, i) => (world[r] = JSON.parse(spawnSync(process.execPath, [GEN, '3000', '600', String(i + 31)], { encoding: 'utf8', maxBuffer: 1 << 28 }).stdout) as Record<string, unknown[]>));
  const total = (s: string): number => REGIONS.reduce((n, r) => n + (world[r]![s]?.length ?? 0), 0);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sglint-faults-bench-'));
  console.log('| fault | wall s | exit | items kept | calls not ok | retried |');
  console.log('| --- | ---: | ---: | --- | ---: | --- |');
  for (const [name, faults, extra = []] of SCENARIOS) {
    const server = await startFakeEc2(world, { pageSize: 200, delayMs: 20, delayPerItemMs: 0.05, faults });
    try {
      const out = path.join(dir, 'snap.json');
      const t = performance.now();
      const r = await new Promise<{ code: number | null; err: string }>((ok) => {
        const p = spawn(process.execPath, [path.join(ROOT, 'dist/src/cli/main.js'), 'aws', ...REGIONS.flatMap((x) => ['--region', x]), '--endpoint-url', server.url, '--out', out, '--format', 'json', '--output', path.join(dir, 'scan.json'), '--fail-on', 'none', '--request-timeout', '2', ...extra], {
          env: { PATH: process.env['PATH'] ?? '', AWS_ACCESS_KEY_ID: 'AKIAFAKEFAKEFAKEFAKE', AWS_SECRET_ACCESS_KEY: 'fake', CI: 'true' },
        });
        let err = '';
        p.stderr.on('data', (d: Buffer) => (err += d.toString()));
        p.on('close', (code) => ok({ code, err }));
      });
      const wall = (performance.now() - t) / 1000;
      const snap = JSON.parse(fs.readFileSync(out, 'utf8')) as Record<string, unknown[]> & { SglintReadStatus: { Calls: { Status: string }[] }[] };
      const kept = SECTIONS.filter((s) => (snap[s]?.length ?? 0) === total(s)).length;
      const notOk = snap.SglintReadStatus.reduce((n, x) => n + x.Calls.filter((c) => c.Status !== 'ok').length, 0);
      const retried = /sglint: retried: (.*)/.exec(r.err)?.[1] ?? '-';
      console.log(`| ${name} | ${wall.toFixed(2)} | ${r.code} | ${kept === SECTIONS.length ? 'all' : `${kept}/${SECTIONS.length} sections whole`} | ${notOk} | ${retried} |`);
    } finally {
      await server.close();
    }
  }
}

await main();
