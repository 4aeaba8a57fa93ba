import { loadInputs } from '../checks/pipeline/inputs.js';
import type { VariableInputs } from '../ingest/terraform/index.js';
import { blastRadiusReport, formatBlastRadiusMarkdown, formatBlastRadiusText } from '../report/blast-radius.js';
import { formatMatrixMarkdown, formatMatrixText, matrixReport } from '../report/matrix.js';
import { formatReachMarkdown, formatReachText, reachReport } from '../report/reach.js';
import { solve } from '../solver/index.js';
import { ReachEngine, parsePartition, segmentationMatrix, trafficSpec, type Selection } from '../solver/reach/index.js';
import type { Traffic } from '../solver/traffic.js';
import { emit } from './output.js';
import type { Io } from './run.js';

export interface ReachFlags {
  from?: string | undefined;
  to?: string | undefined;
  port?: string | undefined;
  protocol?: string | undefined;
  maxHops?: string | undefined;
  tierTag?: string | undefined;
  matrix?: string | undefined;
  format: string;
  output?: string | undefined;
}

const FORMATS = ['text', 'json', 'markdown'];
const inputErrors = (d: { severity: string }[]): number => d.filter((x) => x.severity === 'error').length;

/** A usage mistake: one line on stderr, exit code 2. */
function usageError(io: Io, message: string): number {
  io.stderr.write(`sglint: ${message}\n`);
  return 2;
}

/** The flags every reachability command shares, checked before anything is read; a message on error. */
function checkFlags(command: string, f: ReachFlags): { traffic?: Traffic; maxHops?: number } | string {
  if (!FORMATS.includes(f.format)) return `--format for "${command}" must be text, json or markdown, not ${JSON.stringify(f.format)}`;
  const out: { traffic?: Traffic; maxHops?: number } = {};
  if (f.port !== undefined || f.protocol !== undefined) {
    const t = trafficSpec(f.protocol, f.port);
    if ('error' in t) return `${f.port !== undefined && t.error.includes('port') ? '--port' : '--protocol'}: ${t.error}`;
    out.traffic = t;
  }
  if (f.maxHops !== undefined) {
    const n = Number(f.maxHops);
    if (!Number.isInteger(n) || n < 1) return `--max-hops must be a whole number of at least 1, not ${JSON.stringify(f.maxHops)}`;
    out.maxHops = n;
  }
  return out;
}

async function engineFor(paths: string[], vars: VariableInputs, io: Io) {
  const input = await loadInputs(paths.length ? paths : ['.'], vars, io.cwd);
  return { input, engine: new ReachEngine(solve(input.network)) };
}

function selection(engine: ReachEngine, flag: string, text: string, io: Io, asTarget: boolean): Selection | null {
  const s = engine.select(text);
  if ('error' in s) {
    io.stderr.write(`sglint: ${flag}: ${s.error}\n`);
    return null;
  }
  if (asTarget && s.internet && s.endpoints.size === 0) {
    io.stderr.write(`sglint: ${flag}: the internet is a source only (what endpoints can send out is not modelled)\n`);
    return null;
  }
  return s;
}

function finish(input: { diagnostics: { severity: string; file?: string; line?: number; column?: number; message: string }[] }, format: string, io: Io): number {
  if (format === 'text') for (const d of input.diagnostics.filter((x) => x.severity === 'error')) io.stderr.write(`error: ${d.file ?? ''}${d.line ? `:${d.line}:${d.column}` : ''} ${d.message}\n`);
  else if (inputErrors(input.diagnostics)) io.stderr.write(`sglint: ${inputErrors(input.diagnostics)} input error(s); see "diagnostics" in the report\n`);
  return inputErrors(input.diagnostics) ? 2 : 0;
}

/** `sglint reach --from X --to Y [--port N] [--protocol P] [--max-hops N] [PATH...]`. */
export async function reachCommand(paths: string[], vars: VariableInputs, f: ReachFlags, io: Io): Promise<number> {
  if (f.matrix !== undefined) return matrixCommand(paths, vars, f, io);
  if (!f.from || !f.to) {
    io.stderr.write('sglint: reach needs --from and --to (each an endpoint, group:ID, subnet:ID, vpc:ID, tag:KEY=VALUE, a CIDR, internet or any)\n');
    return 2;
  }
  const opts = checkFlags('reach', f);
  if (typeof opts === 'string') return usageError(io, opts);
  const { input, engine } = await engineFor(paths, vars, io);
  const from = selection(engine, '--from', f.from, io, false);
  const to = selection(engine, '--to', f.to, io, true);
  if (!from || !to) return 2;
  const answers = engine.reach({ from, to, ...opts });
  const report = reachReport(engine, { from: f.from, to: f.to, ...opts }, answers, input.diagnostics);
  const text = f.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : f.format === 'markdown' ? formatReachMarkdown(report) : formatReachText(report);
  if (!emit(text, f.output, io)) return 2;
  return finish(input, f.format, io);
}

/** `sglint blast-radius TARGET [PATH...]`: everything TARGET reaches, most severe first, with totals. */
export async function blastRadiusCommand(args: string[], vars: VariableInputs, f: ReachFlags, io: Io): Promise<number> {
  const [target, ...paths] = args;
  if (!target) {
    io.stderr.write('sglint: blast-radius needs a TARGET (an endpoint, group:ID, subnet:ID, tag:KEY=VALUE, ...)\n');
    return 2;
  }
  const opts = checkFlags('blast-radius', f);
  if (typeof opts === 'string') return usageError(io, opts);
  const { input, engine } = await engineFor(paths, vars, io);
  const from = selection(engine, 'TARGET', target, io, false);
  const to = selection(engine, '--to', 'any', io, true);
  if (!from || !to) return 2;
  const answers = engine.reach({ from: { ...from, internet: from.internet && from.endpoints.size === 0 }, to, ...opts });
  const report = blastRadiusReport(engine, target, answers, input.diagnostics, f.tierTag ?? 'tier');
  const text = f.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : f.format === 'markdown' ? formatBlastRadiusMarkdown(report) : formatBlastRadiusText(report);
  if (!emit(text, f.output, io)) return 2;
  return finish(input, f.format, io);
}

/** `sglint reach --matrix tag:KEY|vpc|subnet`: which segment reaches which, on what, in how many hops. */
async function matrixCommand(paths: string[], vars: VariableInputs, f: ReachFlags, io: Io): Promise<number> {
  const partition = parsePartition(f.matrix ?? '');
  if (!partition) return usageError(io, `--matrix must be tag:KEY, vpc or subnet, not ${JSON.stringify(f.matrix)}`);
  if (f.from || f.to) return usageError(io, '--matrix answers for every segment: leave out --from and --to');
  const opts = checkFlags('reach', f);
  if (typeof opts === 'string') return usageError(io, opts);
  const { input, engine } = await engineFor(paths, vars, io);
  const m = segmentationMatrix(engine, partition, opts);
  const text = f.format === 'json' ? `${JSON.stringify(matrixReport(m, input.diagnostics), null, 2)}\n` : f.format === 'markdown' ? formatMatrixMarkdown(m) : formatMatrixText(m);
  if (!emit(text, f.output, io)) return 2;
  return finish(input, f.format, io);
}
