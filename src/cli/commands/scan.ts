import type { Command } from 'commander';
import type { ScanFlags } from '../scan-command.js';
import { splitList } from '../select.js';
import { act, type CliContext } from './context.js';
import { DEFAULT_LIMITS } from '../../ingest/files/input-files.js';
import { examples, inputOptions, inputsOf, PATHS_HELP, reportOptions, scanOptions, trustOptions, useColor, type ScanOpts, type TrustOpts } from './options.js';

export const SCAN_FORMATS = ['text', 'json', 'sarif', 'markdown', 'github'];

/** The ScanFlags of scan, diff and aws from their parsed options. */
export function scanFlagsOf(o: ScanOpts & Partial<TrustOpts>, ctx: CliContext): ScanFlags {
  return {
    format: o.format, output: o.output, failOn: o.failOn, config: o.config, baseline: o.baseline, writeBaseline: o.writeBaseline,
    showSuppressed: o.showSuppressed, category: o.category, version: ctx.version,
    color: o.format === 'text' && !o.output && useColor(ctx.io, o.color),
    ...trustOf(o),
    select: { check: splitList(o.check), skipCheck: splitList(o.skipCheck), skipPath: o.skipPath, severity: splitList(o.severity) },
    sort: o.sort, compact: !!o.compact, quiet: !!o.quiet, softFail: !!o.softFail,
  };
}

/** --root, the size limits and --no-custom-rules as scan inputs (absent when not given). */
function trustOf(o: Partial<TrustOpts>): Pick<ScanFlags, 'root' | 'limits' | 'noCustomRules'> {
  const limits = o.maxFileSize || o.maxScanSize
    ? {
      maxSourceFileBytes: o.maxFileSize ?? DEFAULT_LIMITS.maxSourceFileBytes,
      maxDataFileBytes: o.maxFileSize ? o.maxFileSize * 32 : DEFAULT_LIMITS.maxDataFileBytes,
      maxScanBytes: o.maxScanSize ?? DEFAULT_LIMITS.maxScanBytes,
    }
    : undefined;
  return { root: o.root, limits, noCustomRules: o.customRules === false };
}

export function scanCommandSpec(program: Command, ctx: CliContext): Command {
  const cmd = program.command('scan', { isDefault: true })
    .summary('lint security groups (the default command)')
    .description('Lint security groups, NACLs and what they expose: exit 1 when a finding is at or above --fail-on.')
    .argument('[paths...]', PATHS_HELP);
  reportOptions(cmd, SCAN_FORMATS);
  scanOptions(cmd);
  inputOptions(cmd);
  trustOptions(cmd);
  examples(cmd, [
    ['sglint', 'scan the current folder'],
    ['sglint scan infra/ --fail-on high', 'fail only on high and critical findings'],
    ['sglint scan plan.json --format sarif --output sglint.sarif', 'a Terraform plan, SARIF for code scanning'],
    ['sglint scan . --write-baseline .sglint-baseline.json', "accept today's findings"],
    ['sglint scan . --check ssh-*,CKV_AWS_25 --skip-path "examples/**"', 'some rules only, not in examples/'],
    ['sglint scan . --severity critical,high --compact', 'the most severe findings, one line each'],
    ['sglint scan . --soft-fail', 'report, but never fail the job'],
  ]);
  return act(cmd, ctx, async (paths: string[], o: ScanOpts) => {
    const { scanCommand } = await import('../scan-command.js');
    return scanCommand(paths, inputsOf(o, ctx.io), scanFlagsOf(o, ctx), ctx.io);
  });
}

export function diffCommandSpec(program: Command, ctx: CliContext): Command {
  const cmd = program.command('diff')
    .summary('findings and exposure a change adds and removes')
    .description('Findings a change adds and removes (matched by fingerprint) and the exposure it opens or closes; the exit code comes from what it adds. The base\'s config judges both sides.')
    .argument('<base>', 'a folder, a git ref (origin/main), a snapshot, or one Terraform plan JSON (its before and after)')
    .argument('[head]', 'a folder, git ref or snapshot')
    .argument('[paths...]', 'with git refs: the paths inside the repository to compare (default: .)');
  reportOptions(cmd, SCAN_FORMATS);
  scanOptions(cmd, { baseline: false });
  inputOptions(cmd);
  trustOptions(cmd);
  examples(cmd, [
    ['sglint diff origin/main HEAD', 'what a branch changes'],
    ['sglint diff before/ after/ --format markdown', 'two folders'],
    ['sglint diff plan.json', 'what a Terraform plan changes'],
  ]);
  return act(cmd, ctx, async (base: string, head: string | undefined, paths: string[], o: ScanOpts) => {
    const { diffCommand } = await import('../scan-command.js');
    return diffCommand([base, ...(head ? [head] : []), ...paths], inputsOf(o, ctx.io), scanFlagsOf(o, ctx), ctx.io);
  });
}
