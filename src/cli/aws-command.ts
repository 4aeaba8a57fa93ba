import fs from 'node:fs';
import path from 'node:path';
import type { Io } from './run.js';
import { Progress } from './progress.js';
import { scanCommand, type ScanFlags } from './scan-command.js';

export interface AwsFlags {
  regions: string[];
  allRegions: boolean;
  endpointUrl?: string | undefined;
  profile?: string | undefined;
  out?: string | undefined;
  concurrency?: string | undefined;
  roleArn?: string | undefined;
  externalId?: string | undefined;
  /** --org: every active account, through this role name. */
  orgRole?: string | undefined;
  /** --request-timeout and --region-timeout, in seconds. */
  requestTimeout?: string | undefined;
  regionTimeout?: string | undefined;
  /** --check-permissions: probe each read-only call (EC2 DryRun) instead of reading; list what is denied. */
  checkPermissions?: boolean | undefined;
  /** --timings: wall and CPU time of the read, the snapshot write and the scan, on stderr. */
  timings?: boolean | undefined;
}

/** Wall and CPU seconds since `from` (CPU: this process's user + system time). */
function since(from: { wall: bigint; cpu: NodeJS.CpuUsage }): { wall: number; cpu: number } {
  const cpu = process.cpuUsage(from.cpu);
  return { wall: Number(process.hrtime.bigint() - from.wall) / 1e9, cpu: (cpu.user + cpu.system) / 1e6 };
}
const mark = (): { wall: bigint; cpu: NodeJS.CpuUsage } => ({ wall: process.hrtime.bigint(), cpu: process.cpuUsage() });
const phase = (name: string, t: { wall: number; cpu: number }): string => `${name} ${t.wall.toFixed(2)} s (CPU ${t.cpu.toFixed(2)} s, ${((t.cpu / Math.max(t.wall, 1e-9)) * 100).toFixed(0)}%)`;

/**
 * `sglint aws`: reads the live account (read-only Describe* calls, every page, every region
 * asked for), writes the snapshot (`--out`, default sglint-aws-snapshot.json) that scan,
 * exposure, diff and merge read, then scans it. A region that cannot be read is reported and
 * the rest goes on; the result then says it is partial (a line in every format, exit code 2).
 */
export async function awsCommand(f: AwsFlags, scan: ScanFlags, io: Io): Promise<number> {
  if (f.profile) io.env['AWS_PROFILE'] = f.profile;
  // The SDK warns on Node < 22 about *future* SDK releases; sglint pins its SDK, so the notice is noise here.
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  const { readAccounts } = await import('../ingest/aws/accounts.js');
  const regions = f.regions.length ? f.regions : [io.env['AWS_REGION'] ?? io.env['AWS_DEFAULT_REGION'] ?? 'us-east-1'];
  const tty = !!(io.stderr as { isTTY?: boolean }).isTTY && !io.env['CI'];
  const concurrency = f.concurrency ? Number(f.concurrency) : 4;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    io.stderr.write('sglint: --concurrency must be a whole number of 1 or more\n');
    return 2;
  }
  const seconds = (v: string | undefined, flag: string): number | undefined | string => {
    if (v === undefined) return undefined;
    const x = Number(v);
    return Number.isFinite(x) && x > 0 ? Math.round(x * 1000) : `sglint: ${flag} must be a number of seconds above 0, not ${JSON.stringify(v)}\n`;
  };
  const requestTimeoutMs = seconds(f.requestTimeout, '--request-timeout');
  const regionTimeoutMs = seconds(f.regionTimeout, '--region-timeout');
  for (const x of [requestTimeoutMs, regionTimeoutMs]) {
    if (typeof x === 'string') {
      io.stderr.write(x);
      return 2;
    }
  }
  const settings = {
    regions, allRegions: f.allRegions, endpointUrl: f.endpointUrl, concurrency, roleArn: f.roleArn, externalId: f.externalId, orgRole: f.orgRole,
    ...(requestTimeoutMs ? { requestTimeoutMs: requestTimeoutMs as number } : {}), ...(regionTimeoutMs ? { regionTimeoutMs: regionTimeoutMs as number } : {}),
  };
  if (f.checkPermissions) {
    const { checkPermissions, formatPermissions } = await import('../ingest/aws/permissions.js');
    const checked = await readAccounts({ ...settings, reader: checkPermissions });
    const report = formatPermissions(checked.status);
    io.stdout.write(report.text);
    return checked.failures.length ? 2 : 0;
  }
  const progress = tty ? new Progress(io.stderr) : undefined;
  const t0 = mark();
  const result = await readAccounts({
    ...settings,
    ...(progress ? { onProgress: (e) => progress.update(e) } : {}),
  });
  progress?.finish();
  const read = since(t0);
  const t1 = mark();
  const out = f.out ?? 'sglint-aws-snapshot.json';
  const dest = path.resolve(io.cwd, out);
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  fs.writeFileSync(dest, JSON.stringify(result.snapshot, null, 1) + '\n');
  const write = since(t1);
  for (const failure of result.failures) io.stderr.write(`sglint: ${failure.message}\n`);
  if (result.failures.length) {
    const incomplete = new Set(result.status.filter((x) => x.Calls.some((c) => c.Status !== 'ok')).map((x) => `${x.Account ?? ''}/${x.Region}`)).size;
    io.stderr.write(`sglint: partial result: ${result.failures.length} call(s) did not succeed in ${incomplete} region(s) or account(s); ${out} keeps everything that was read and records what is missing\n`);
  }
  // What to add to the role, once, so the next run is complete.
  const denied = [...new Set(result.status.flatMap((x) => x.Calls.filter((c) => c.Status === 'failed' && /was denied/.test(c.Error ?? '')).map((c) => c.Call)))].sort();
  if (denied.length) io.stderr.write(`sglint: denied: ${denied.join(', ')}; add them to the policy (README), or list every denial with --check-permissions\n`);
  const faults = Object.entries(result.faults).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`);
  if (faults.length) io.stderr.write(`sglint: retried: ${faults.join(', ')}\n`);
  if (result.accounts.length) io.stderr.write(`sglint: read ${result.accounts.length} account(s): ${result.accounts.join(', ')}\n`);
  const t2 = mark();
  // The snapshot's read record makes the scan say it is partial, in every format (as any later scan of the file does).
  const code = await scanCommand([out], { vars: [], varFiles: [] }, scan, io);
  if (f.timings) io.stderr.write(`sglint: timings: ${phase('read', read)}; ${phase('snapshot write', write)}; ${phase('scan', since(t2))}\n`);
  return result.failures.length ? 2 : code;
}
