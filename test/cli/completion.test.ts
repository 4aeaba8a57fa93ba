import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { run } from '../../src/cli/run.js';

async function script(shell: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(['completion', shell], { stdout: { write: (s: string | Uint8Array) => (out += String(s)) }, stderr: { write: (s: string) => (err += s) }, cwd: process.cwd(), env: {} });
  return { code, out, err };
}

/** What bash offers for the words typed so far (the last one is being completed). */
function bashOffers(source: string, words: string[]): string[] {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sglint-completion-')), 'sglint.bash');
  fs.writeFileSync(file, source);
  const quoted = words.map((w) => `'${w}'`).join(' ');
  const r = spawnSync('bash', ['--norc', '-c', `source '${file}'; COMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}; _sglint; printf '%s\\n' "\${COMPREPLY[@]}"`], { encoding: 'utf8', cwd: 'fixtures/examples' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split('\n').filter(Boolean);
}

describe('sglint completion', () => {
  it('bash: commands, flags of the command typed, flag values, rule ids, paths', async () => {
    const { code, out } = await script('bash');
    assert.equal(code, 0);
    assert.deepEqual(bashOffers(out, ['sglint', 'ex']), ['exposure', 'explain']);
    assert.deepEqual(bashOffers(out, ['sglint', 'thr']), ['three-tier'], 'with no command, a path to scan');
    assert.deepEqual(bashOffers(out, ['sglint', 'scan', '--fo']), ['--format']);
    assert.deepEqual(bashOffers(out, ['sglint', 'scan', '--format', 's']), ['sarif']);
    assert.deepEqual(bashOffers(out, ['sglint', '--fail-on', 'h']), ['high'], 'the default command\'s flags');
    assert.deepEqual(bashOffers(out, ['sglint', 'aws', '--con']), ['--concurrency', '--config']);
    assert.deepEqual(bashOffers(out, ['sglint', 'exposure', '--fail']), [], 'only the flags of the command typed');
    assert.deepEqual(bashOffers(out, ['sglint', 'rules', 'ssh-open']), ['ssh-open-to-internet']);
    assert.deepEqual(bashOffers(out, ['sglint', 'help', 'bl']), ['blast-radius']);
    assert.deepEqual(bashOffers(out, ['sglint', 'completion', '']), ['bash', 'zsh', 'fish']);
  });

  it('zsh: a #compdef function with every command, and flag values as choices', async () => {
    const { code, out } = await script('zsh');
    assert.equal(code, 0);
    assert.match(out, /^#compdef sglint\n/);
    for (const c of ['scan', 'diff', 'exposure', 'explain', 'reach', 'blast-radius', 'aws', 'rules', 'merge', 'init', 'completion']) assert.match(out, new RegExp(`^ {4}'${c}:`, 'm'), c);
    assert.match(out, /^ {6}scan\) _arguments -s .*'--format=\[output format\]:value:\(text json sarif markdown github\)'/m);
    assert.match(out, /'\*--var-file=\[[^\]]*\]:file:_files'/, 'repeatable flags may be given again');
    assert.match(out, /^if \(\( \$\+functions\[compdef\] \)\); then compdef _sglint sglint; fi$/m);
  });

  it('fish: one complete line per command and flag, conditioned on the command typed', async () => {
    const { code, out } = await script('fish');
    assert.equal(code, 0);
    assert.match(out, /^complete -c sglint -n 'not __fish_seen_subcommand_from scan diff .*' -a blast-radius -d 'everything an endpoint can reach, data stores first'$/m);
    assert.match(out, /^complete -c sglint -n '__fish_seen_subcommand_from scan; or not __fish_seen_subcommand_from .*' -l format -x -a 'text json sarif markdown github' -d 'output format'$/m);
    assert.match(out, /^complete -c sglint -n '__fish_seen_subcommand_from aws' -l out -r -F -d /m);
    assert.match(out, /^complete -c sglint -n '__fish_seen_subcommand_from rules' -f -a '.*ssh-open-to-internet.*'$/m);
  });

  it('an unknown shell: the ones there are', async () => {
    assert.deepEqual(await script('tcsh'), { code: 2, out: '', err: 'sglint: shell for "completion" must be bash, zsh or fish, not "tcsh"\n' });
  });
});
