import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { run } from '../../src/cli/run.js';

/** The CLI in this process, with its streams captured. */
async function sglint(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io = { stdout: { write: (s: string | Uint8Array) => (out += String(s)) }, stderr: { write: (s: string) => (err += s) }, cwd: process.cwd(), env: {} };
  const code = await run(argv, io);
  return { code, out, err };
}

describe('the command line: help', () => {
  it('sglint --help lists every command with a summary and the exit codes', async () => {
    const r = await sglint('--help');
    assert.equal(r.code, 0);
    for (const c of ['scan', 'diff', 'exposure', 'explain', 'reach', 'blast-radius', 'aws', 'rules', 'merge', 'init', 'help']) assert.match(r.out, new RegExp(`^  ${c} `, 'm'), c);
    assert.match(r.out, /^Exit codes: 0 nothing at or above --fail-on, 1 findings, 2 usage or input error\.$/m);
  });

  it('each command has its own help with its flags and examples, through --help and `sglint help`', async () => {
    for (const c of ['scan', 'diff', 'exposure', 'explain', 'reach', 'blast-radius', 'aws', 'rules', 'merge', 'init']) {
      const own = await sglint(c, '--help');
      assert.equal(own.code, 0, c);
      assert.match(own.out, new RegExp(`^Usage: sglint ${c} `, 'm'), c);
      assert.match(own.out, /^Examples:\n {2}# .+\n {2}\$ sglint/m, c);
      assert.equal((await sglint('help', c)).out, own.out, c);
    }
    assert.match((await sglint('aws', '--help')).out, /--concurrency <N>/);
    assert.match((await sglint('scan', '--help')).out, /--write-baseline <FILE>/);
    assert.equal((await sglint('help')).code, 0);
  });

  it('--version and -v print package.json\'s version', async () => {
    assert.match((await sglint('--version')).out, /^\d+\.\d+\.\d+\n$/);
    assert.equal((await sglint('-v')).out, (await sglint('--version')).out);
  });
});

describe('the command line: mistakes', () => {
  it('a mistyped command: one line with a suggestion, exit 2', async () => {
    assert.deepEqual(await sglint('scna'), { code: 2, out: '', err: 'sglint: "scna" is neither a command nor a file or folder (did you mean "scan"?); "sglint help" lists the commands\n' });
    assert.deepEqual(await sglint('help', 'expalin'), { code: 2, out: '', err: 'sglint: unknown command "expalin" (did you mean "explain"?); "sglint help" lists the commands\n' });
  });

  it('a mistyped flag: the flag it resembles and where the help is', async () => {
    assert.deepEqual(await sglint('scan', '--formt', 'json'), { code: 2, out: '', err: 'sglint: unknown option \'--formt\' (did you mean --format?); see "sglint scan --help"\n' });
    assert.deepEqual(await sglint('exposure', '--fail-on', 'high'), { code: 2, out: '', err: 'sglint: unknown option \'--fail-on\'; see "sglint exposure --help"\n' });
  });

  it('a value outside a flag\'s choices: the choices and the closest one', async () => {
    assert.deepEqual(await sglint('scan', '--format', 'jsn'), { code: 2, out: '', err: 'sglint: --format for "scan" must be text, json, sarif, markdown or github, not "jsn" (did you mean "json"?)\n' });
    assert.equal((await sglint('scan', '--fail-on', 'hgh')).err, 'sglint: --fail-on for "scan" must be critical, high, medium, low or none, not "hgh" (did you mean "high"?)\n');
  });

  it('a missing argument says which', async () => {
    assert.deepEqual(await sglint('explain'), { code: 2, out: '', err: 'sglint: missing required argument \'target\'; see "sglint explain --help"\n' });
  });
});

describe('sglint rules ID', () => {
  it('describes the rules named, with how to fix them', async () => {
    const r = await sglint('rules', 'ssh-open-to-internet');
    assert.equal(r.code, 0);
    assert.match(r.out, /^ssh-open-to-internet {2}\(critical, recommended\)\n/);
    assert.match(r.out, /^How to fix:$/m);
    assert.ok(!r.out.includes('rdp-open-to-internet  ('));
  });

  it('json: only the rules named', async () => {
    const rules = JSON.parse((await sglint('rules', 'ssh-open-to-internet', 'rdp-open-to-internet', '--format', 'json')).out) as { id: string }[];
    assert.deepEqual(rules.map((x) => x.id), ['rdp-open-to-internet', 'ssh-open-to-internet']);
  });

  it('an unknown id: the closest ids, exit 2', async () => {
    assert.deepEqual(await sglint('rules', 'ssh-open-to-internt'), { code: 2, out: '', err: 'sglint: no rule "ssh-open-to-internt" (did you mean "ssh-open-to-internet" or "rdp-open-to-internet"?); "sglint rules" lists them\n' });
  });
});
