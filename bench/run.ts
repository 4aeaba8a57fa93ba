/**
 * `npm run bench`: generates the Terraform corpus (test-data/gen-terraform.mjs) and measures,
 * in the same run, hcl2-parser's parse alone against a full `sglint scan` process, and how the
 * scan scales with 4x the input; then an AWS snapshot (gen-aws-snapshot.mjs): `sglint exposure`
 * against a process that only reads and parses it, run alternately, its 4x scaling and one
 * `explain`; then live reads against a local endpoint. Prints the figures and whether the targets
 * are met. `--snapshot-only` / `--terraform-only` run one part; `--quick` fewer runs.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = process.cwd();
const GEN = path.join(ROOT, 'test-data/gen-terraform.mjs');
const WORK = path.join(ROOT, '.bench');
const CLI = path.join(ROOT, 'dist/src/cli/main.js');
const quick = process.argv.includes('--quick');

function corpus(name: string, groups: number, files: number): { dir: string; bytes: number } {
  const dir = path.join(WORK, name);
  if (!fs.existsSync(path.join(dir, 'main.tf'))) {
    fs.rmSync(dir, { recursive: true, force: true });
    spawnSync(process.execPath, [GEN, dir, String(groups), String(files), '1'], { stdio: 'ignore' });
  }
  const bytes = fs.readdirSync(dir).reduce((n, f) => n + fs.statSync(path.join(dir, f)).size, 0);
  return { dir, bytes };
}

interface Timing {
  median: number;
  all: number[];
  maxRssMb: number | null;
}

const hasTime = fs.existsSync('/usr/bin/time');

/** One process: wall time (ms) and peak RSS (MB, via /usr/bin/time when present). */
function once(args: string[]): { ms: number; rssMb: number | null } {
  const t0 = process.hrtime.bigint();
  const r = hasTime
    ? spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 })
    : spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  const kb = hasTime ? Number(r.stderr.trim().split('\n').pop()) : NaN;
  return { ms, rssMb: Number.isFinite(kb) ? kb / 1024 : null };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function timing(runs: { ms: number; rssMb: number | null }[]): Timing {
  const rss = runs.map((r) => r.rssMb).filter((x): x is number => x !== null);
  return { median: median(runs.map((r) => r.ms)), all: runs.map((r) => r.ms), maxRssMb: rss.length ? Math.max(...rss) : null };
}

/** Wall time of a whole process, median of `runs`, and its peak RSS. */
function time(args: string[], runs: number): Timing {
  return timing(Array.from({ length: runs }, () => once(args)));
}

/**
 * Two commands run alternately, `n` times each. This kind of shared VM drifts by tens of percent
 * over minutes; back-to-back pairs see the same drift, so the ratio (B / A) is the median of the
 * per-pair ratios rather than of medians taken minutes apart.
 */
function pairs(a: string[], b: string[], n: number): { a: Timing; b: Timing; ratio: number; ratios: number[] } {
  const ra: { ms: number; rssMb: number | null }[] = [];
  const rb: { ms: number; rssMb: number | null }[] = [];
  for (let i = 0; i < n; i++) {
    ra.push(once(a));
    rb.push(once(b));
  }
  const ratios = ra.map((x, i) => rb[i]!.ms / x.ms);
  return { a: timing(ra), b: timing(rb), ratio: median(ratios), ratios };
}

const fmt = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
fs.mkdirSync(WORK, { recursive: true });
let ok = true;
if (!process.argv.includes('--snapshot-only')) {
  const small = corpus('tf-5000', 5000, 50);
  const large = corpus('tf-20000', 20000, 200);
  console.log(`corpus 1x: ${(small.bytes / 1e6).toFixed(1)} MB (5,000 groups, 50 files); 4x: ${(large.bytes / 1e6).toFixed(1)} MB`);

  const scanArgs = (dir: string): string[] => [CLI, 'scan', dir, '--format', 'json', '--output', path.join(WORK, 'out.json'), '--fail-on', 'none'];
  const baseline = time([path.join(ROOT, 'bench/hcl2-parse-only.cjs'), small.dir], 1);
  console.log(`hcl2-parser parse only (1x):   ${fmt(baseline.median)}  (${(small.bytes / 1e3 / (baseline.median / 1000)).toFixed(0)} KB/s)`);
  const scan1 = time(scanArgs(small.dir), quick ? 3 : 7);
  console.log(`sglint scan, whole process (1x): ${fmt(scan1.median)}  runs ${scan1.all.map((t) => (t / 1000).toFixed(2)).join(' ')}  peak RSS ${scan1.maxRssMb?.toFixed(0) ?? '?'} MB`);
  const scan4 = time(scanArgs(large.dir), quick ? 3 : 5);
  console.log(`sglint scan, whole process (4x): ${fmt(scan4.median)}  runs ${scan4.all.map((t) => (t / 1000).toFixed(2)).join(' ')}  peak RSS ${scan4.maxRssMb?.toFixed(0) ?? '?'} MB`);

  const speedup = baseline.median / scan1.median;
  const scaling = scan4.median / scan1.median;
  console.log('');
  console.log(`speed-up over hcl2-parser's parse: ${speedup.toFixed(1)}x   (target >= 15x, aim 25x)  ${speedup >= 15 ? 'PASS' : 'FAIL'}`);
  console.log(`4x input costs:                    ${scaling.toFixed(2)}x time (target <= 4.6x)       ${scaling <= 4.6 ? 'PASS' : 'FAIL'}`);
  ok = speedup >= 15 && scaling <= 4.6;
}

// --- AWS snapshot: exposure vs a parse-only process (issue 4) ---
function snapshot(name: string, enis: number, groups: number): { file: string; bytes: number } {
  const file = path.join(WORK, name);
  if (!fs.existsSync(file)) {
    const gen = GEN.replace('gen-terraform.mjs', 'gen-aws-snapshot.mjs');
    const out = spawnSync(process.execPath, [gen, String(enis), String(groups), '1'], { maxBuffer: 1 << 30 });
    fs.writeFileSync(file, out.stdout);
  }
  return { file, bytes: fs.statSync(file).size };
}
if (!process.argv.includes('--terraform-only')) {
  const s1 = snapshot('snap-100k.json', 100_000, 10_000);
  const s4 = snapshot('snap-400k.json', 400_000, 40_000);
  console.log('');
  console.log(`snapshot 1x: ${(s1.bytes / 1e6).toFixed(0)} MB (100,000 ENIs, 10,000 groups); 4x: ${(s4.bytes / 1e6).toFixed(0)} MB`);
  const exposureArgs = (f: string): string[] => [CLI, 'exposure', f, '--format', 'json', '--output', path.join(WORK, 'exposure.json')];
  const first = pairs([path.join(ROOT, 'bench/parse-only.cjs'), s1.file], exposureArgs(s1.file), quick ? 1 : 7);
  const parse1 = first.a;
  const exp1 = first.b;
  const runs = (t: Timing): string => t.all.map((x) => (x / 1000).toFixed(2)).join(' ');
  console.log(`read + JSON.parse only (1x):     ${fmt(parse1.median)}  runs ${runs(parse1)}  peak RSS ${parse1.maxRssMb?.toFixed(0) ?? '?'} MB`);
  console.log(`sglint exposure (1x):            ${fmt(exp1.median)}  runs ${runs(exp1)}  peak RSS ${exp1.maxRssMb?.toFixed(0) ?? '?'} MB`);
  console.log(`  (run alternately; per-pair ratios ${first.ratios.map((r) => r.toFixed(2)).join(' ')})`);
  let scale = Infinity;
  try {
    const fourfold = pairs(exposureArgs(s1.file), exposureArgs(s4.file), quick ? 1 : 3);
    scale = fourfold.ratio;
    console.log(`sglint exposure (4x):            ${fmt(fourfold.b.median)}  runs ${runs(fourfold.b)}  peak RSS ${fourfold.b.maxRssMb?.toFixed(0) ?? '?'} MB  (1x alongside: ${runs(fourfold.a)})`);
  } catch (err) {
    console.log(`sglint exposure (4x):            failed: ${(err as Error).message.split('\n').slice(-3).join(' ').slice(0, 200)}`);
  }
  const lat = spawnSync(process.execPath, [path.join(ROOT, 'dist/bench/explain-latency.js'), s1.file], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const latency = JSON.parse(lat.stdout.trim().split('\n').pop() ?? '{}') as { median?: number; p95?: number };
  const ratio = first.ratio;
  console.log('');
  console.log(`exposure / parse-only:           ${ratio.toFixed(2)}x  median of pairs (ratio of medians ${(exp1.median / parse1.median).toFixed(2)}x)  (target <= 4x, aim 2x)  ${ratio <= 4 ? 'PASS' : 'FAIL'}`);
  console.log(`peak memory (1x):                ${exp1.maxRssMb?.toFixed(0) ?? '?'} MB  (target < 1024 MB)      ${(exp1.maxRssMb ?? 0) < 1024 ? 'PASS' : 'FAIL'}`);
  console.log(`4x input costs:                  ${scale.toFixed(2)}x time, median of pairs (target <= 4.6x)  ${scale <= 4.6 ? 'PASS' : 'FAIL'}`);
  console.log(`explain after the model is built: median ${latency.median?.toFixed(2)} ms, p95 ${latency.p95?.toFixed(2)} ms (target < 10 ms)  ${(latency.median ?? 99) < 10 ? 'PASS' : 'FAIL'}`);
  ok &&= ratio <= 4 && (exp1.maxRssMb ?? 0) < 1024 && scale <= 4.6 && (latency.median ?? 99) < 10;
}
if (!process.argv.includes('--terraform-only')) {
  // Policies and the tier matrix against exposure on one snapshot (target: at most 2x). The reach
  // graph is still built pair by pair between classes, so this runs on a small snapshot, with a
  // time limit, until it is built from groups instead.
  const small = snapshot('snap-1k.json', 1_000, 100);
  const exposure = [CLI, 'exposure', small.file, '--format', 'json', '--output', path.join(WORK, 'exposure-1k.json')];
  const policies = [path.join(ROOT, 'dist/bench/policies.js'), small.file, path.join(WORK, 'policies-1k.json')];
  const p = spawnSync(process.execPath, policies, { timeout: 120_000 });
  if (p.status !== 0) {
    console.log(`20 policies + tier matrix (1k ENIs): did not finish in 120 s  (target <= 2x exposure)  FAIL`);
    ok = false;
  } else {
    const r = pairs(exposure, policies, quick ? 1 : 3);
    console.log(`20 policies + tier matrix / exposure (1k ENIs): ${r.ratio.toFixed(2)}x (${fmt(r.b.median)} vs ${fmt(r.a.median)})  (target <= 2x)  ${r.ratio <= 2 ? 'PASS' : 'FAIL'}`);
    ok &&= r.ratio <= 2;
  }
}
if (!process.argv.includes('--terraform-only') && hasTime) {
  const { benchLiveAws } = await import('./live-aws.js');
  ok = (await benchLiveAws()) && ok;
  await benchLiveAws(5, 0, false); // the raw client cost against an almost instant server
}
process.exitCode = ok ? 0 : 1;
