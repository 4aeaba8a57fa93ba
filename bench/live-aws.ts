/**
 * Issue 8 benchmark: `sglint aws` against the local EC2-compatible server (test/helpers/fake-ec2),
 * 10,000 groups and 50,000 interfaces over 4 regions. The server runs in this process, sglint in
 * its own. The read (from `--timings`) is compared with the time the server itself held its
 * answers on the slowest region: at most 1.25x means the read waits on the server, not on sglint.
 * sglint's CPU share is printed beside it, and its peak RSS must stay under 1 GB.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startFakeEc2 } from '../test/helpers/fake-ec2.js';

const ROOT = process.cwd();
const GEN = path.join(ROOT, 'test-data/gen-aws-snapshot.mjs');
const WORK = path.join(ROOT, '.bench');
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-2'];

/**
 * `delayMs` + `delayPerItemMs` per item returned is the server's time per response. EC2's
 * Describe* calls take roughly 0.3-2 s for a page of 1,000 interfaces or groups; 30 ms + 0.5 ms
 * per item (530 ms a full page) is the default, at the fast end of that. A 5 ms flat run shows
 * sglint's raw client cost against a server that is (unrealistically) instant.
 */
export async function benchLiveAws(delayMs = 30, delayPerItemMs = 0.5, judged = true): Promise<boolean> {
  fs.mkdirSync(WORK, { recursive: true });
  const world: Record<string, Record<string, unknown[]>> = {};
  REGIONS.forEach((r, i) => {
    world[r] = JSON.parse(spawnSync(process.execPath, [GEN, '12500', '2500', String(i + 11)], { encoding: 'utf8', maxBuffer: 1 << 30 }).stdout) as Record<string, unknown[]>;
  });
  // Each response takes a few milliseconds, as a real endpoint's do.
  const fake = await startFakeEc2(world, { pageSize: 1000, delayMs, delayPerItemMs });
  try {
    const t0 = process.hrtime.bigint();
    const r = await new Promise<{ code: number | null; err: string }>((ok) => {
      const p = spawn('/usr/bin/time', ['-f', '%U %S %M', process.execPath, path.join(ROOT, 'dist/src/cli/main.js'), 'aws', ...REGIONS.flatMap((x) => ['--region', x]), '--endpoint-url', fake.url, '--out', path.join(WORK, 'live.json'), '--format', 'json', '--output', path.join(WORK, 'live-scan.json'), '--fail-on', 'none', '--timings'], {
        env: { ...process.env, AWS_ACCESS_KEY_ID: 'AKIAFAKEFAKEFAKEFAKE', AWS_SECRET_ACCESS_KEY: 'fake', CI: 'true' },
      });
      let err = '';
      p.stderr.on('data', (d: Buffer) => (err += d.toString()));
      p.on('close', (code) => ok({ code, err }));
    });
    const wall = Number(process.hrtime.bigint() - t0) / 1e9;
    const [user, sys, rssKb] = r.err.trim().split('\n').pop()!.split(' ').map(Number) as [number, number, number];
    const share = (user + sys) / wall;
    const timings = r.err.split('\n').find((l) => l.startsWith('sglint: timings:')) ?? '';
    // The read phase is the one that talks to the server: its CPU share says who it waits for.
    const m = /read ([\d.]+) s \(CPU ([\d.]+) s/.exec(timings);
    const readShare = m ? Number(m[2]) / Number(m[1]) : Infinity;
    // The server's own time on the critical path: a region's calls are made one after another
    // (regions in parallel), so the read can take no less than the slowest region's sum of delays.
    const perRegion = new Map<string, number>();
    for (const c of fake.calls) perRegion.set(`${c.account ?? ''}/${c.region}`, (perRegion.get(`${c.account ?? ''}/${c.region}`) ?? 0) + (c.delayMs ?? 0) / 1000);
    const serverTime = Math.max(...perRegion.values());
    const readWall = m ? Number(m[1]) : Infinity;
    const bound = readWall / serverTime;
    const ok = r.code === 0 && rssKb / 1024 < 1024 && bound <= 1.25;
    console.log('');
    console.log(`sglint aws, 4 regions, 10,000 groups, 50,000 ENIs (local server, ${delayMs} ms + ${delayPerItemMs} ms per item per response, ${fake.calls.length} calls):`);
    console.log(`  ${timings.slice(8) || 'no timings'}`);
    console.log(`  whole process: wall ${wall.toFixed(2)} s, CPU ${(user + sys).toFixed(2)} s (${(share * 100).toFixed(0)}% of wall), peak RSS ${(rssKb / 1024).toFixed(0)} MB`);
    console.log(`  read phase: ${readWall.toFixed(2)} s against ${serverTime.toFixed(2)} s of server time on the slowest region = ${bound.toFixed(2)}x; sglint's CPU share ${(readShare * 100).toFixed(0)}%`);
    if (judged) console.log(`  bound by the server (read <= 1.25x the server's time) and peak RSS < 1024 MB  ${ok ? 'PASS' : 'FAIL'}`);
    else console.log('  (the raw client cost against an almost instant server: reported, no target)');
    return ok;
  } finally {
    await fake.close();
  }
}
