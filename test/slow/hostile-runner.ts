import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import type { HostileCase, Outcome } from './hostile-cases.js';

/** Every case runs in its own process under these limits (issue: under 10 s and 1 GB each). */
const TIME_LIMIT_MS = 10_000;
const HEAP_LIMIT_MB = 1024;
const RSS_LIMIT_KB = 1024 * 1024;
const BIN = path.resolve('dist/src/cli/main.js');
/** Reports the process's peak resident memory on exit, whatever way the CLI ends. */
const PEAK = 'data:text/javascript,process.on("exit",()=>process.stderr.write("\\nsglint-peak-rss-kb="+process.resourceUsage().maxRSS+"\\n"))';

function materialise(c: HostileCase): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sglint-hostile-'));
  for (const [rel, content] of Object.entries(c.files())) {
    const abs = path.join(dir, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    if (typeof content === 'string') fs.writeFileSync(abs, content);
    else fs.symlinkSync(content.symlink, abs);
  }
  return dir;
}

interface Run extends Outcome {
  ms: number;
  peakKb: number;
  killed: boolean;
}

function run(c: HostileCase, dir: string): Promise<Run> {
  const args = (c.args ?? ['scan', '$DIR', '--format', 'json', '--fail-on', 'none']).map((a) => a.replace('$DIR', dir));
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [`--max-old-space-size=${HEAP_LIMIT_MB}`, '--stack-size=984', `--import=${PEAK}`, BIN, ...args], { cwd: dir, env: { PATH: process.env['PATH'] ?? '', HOME: dir, ...c.env } });
    let stdout = '';
    let stderr = '';
    let killed = false;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, TIME_LIMIT_MS);
    child.on('close', (status) => {
      clearTimeout(timer);
      const peak = /sglint-peak-rss-kb=(\d+)/.exec(stderr);
      let json: Outcome['json'];
      try {
        json = args.includes('json') ? (JSON.parse(stdout) as Outcome['json']) : undefined;
      } catch {
        json = undefined;
      }
      resolve({ status, stdout, stderr: stderr.replace(/\nsglint-peak-rss-kb=\d+\n/, ''), json, ms: Date.now() - started, peakKb: peak ? Number(peak[1]) : 0, killed });
    });
  });
}

/** Runs one case in a child process under the limits and checks it; throws what went wrong. */
export async function checkCase(c: HostileCase): Promise<void> {
  const dir = materialise(c);
  try {
    const r = await run(c, dir);
    assert.ok(!r.killed, `over the time limit (${TIME_LIMIT_MS} ms)`);
    assert.ok(r.peakKb > 0 && r.peakKb < RSS_LIMIT_KB, `peak memory ${Math.round(r.peakKb / 1024)} MB (limit ${RSS_LIMIT_KB / 1024} MB)`);
    assert.doesNotMatch(r.stderr, /internal error|heap out of memory|Maximum call stack/i, r.stderr.slice(0, 500));
    assert.ok(r.status === 0 || r.status === 1 || r.status === 2, `exit status ${r.status}`);
    if ((c.args ?? ['json']).includes('json')) {
      assert.ok(r.json, `the report is JSON: ${r.stdout.slice(0, 200)} ${r.stderr.slice(0, 300)}`);
      for (const d of r.json.diagnostics) if (d.severity === 'error') assert.ok(d.file !== undefined || /--var|config/i.test(d.message), `an error without a file: ${d.message}`);
    }
    c.check?.(r, dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
