/**
 * Issue 8 benchmark: `sglint aws` against the local EC2-compatible server (test/helpers/fake-ec2),
 * 10,000 groups and 50,000 interfaces over 4 regions. The server runs in this process, sglint in
 * its own; sglint's CPU time (user + sys) against its wall time says whether the scan is bound
 * by the server's responses, and its peak RSS must stay under 1 GB.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startFakeEc2 } from '../test/helpers/fake-ec2.js';

const ROOT = process.cwd();
const GEN = fs.existsSync(path.join(ROOT, '../shared/corpus/gen-aws-snapshot.mjs')) ? path.join(ROOT, '../shared/corpus/gen-aws-snapshot.mjs') : path.join(ROOT, 'test-data/gen-aws-snapshot.mjs');
const WORK = path.join(ROOT, '.bench');
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-2'];

export async function benchLiveAws(delayMs = 5): Promise<boolean> {
  fs.mkdirSync(WORK, { recursive: true });
  const world: Record<string, Record<string, unknown[]>> = {};
  REGIONS.forEach((r, i) => {
    world[r] = JSON.parse(spawnSync(process.execPath, [GEN, '12500', '2500', String(i + 11)], { encoding: 'utf8', maxBuffer: 1 << 30 }).stdout) as Record<string, unknown[]>;
  });
  // Each response takes a few milliseconds, as a real endpoint's do.
  const fake = await startFakeEc2(world, { pageSize: 1000, delayMs });
  try {
    const t0 = process.hrtime.bigint();
    const r = await new Promise<{ code: number | null; err: string }>((ok) => {
      const p = spawn('/usr/bin/time', ['-f', '%U %S %M', process.execPath, path.join(ROOT, 'dist/src/cli/main.js'), 'aws', ...REGIONS.flatMap((x) => ['--region', x]), '--endpoint-url', fake.url, '--out', path.join(WORK, 'live.json'), '--format', 'json', '--output', path.join(WORK, 'live-scan.json'), '--fail-on', 'none'], {
        env: { ...process.env, AWS_ACCESS_KEY_ID: 'AKIAFAKEFAKEFAKEFAKE', AWS_SECRET_ACCESS_KEY: 'fake', CI: 'true' },
      });
      let err = '';
      p.stderr.on('data', (d: Buffer) => (err += d.toString()));
      p.on('close', (code) => ok({ code, err }));
    });
    const wall = Number(process.hrtime.bigint() - t0) / 1e9;
    const [user, sys, rssKb] = r.err.trim().split('\n').pop()!.split(' ').map(Number) as [number, number, number];
    const share = (user + sys) / wall;
    console.log('');
    console.log(`sglint aws, 4 regions, 10,000 groups, 50,000 ENIs (local server, ${delayMs} ms per response, ${fake.calls.length} calls):`);
    console.log(`  wall ${wall.toFixed(2)} s, sglint CPU ${(user + sys).toFixed(2)} s (${(share * 100).toFixed(0)}% of wall: above 100% means bound by its own CPU, not by the server), peak RSS ${(rssKb / 1024).toFixed(0)} MB  ${r.code === 0 && rssKb / 1024 < 1024 ? 'PASS' : 'FAIL'}`);
    return r.code === 0 && rssKb / 1024 < 1024;
  } finally {
    await fake.close();
  }
}
