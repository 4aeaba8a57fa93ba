import type { VariableInputs } from '../ingest/terraform/index.js';
import { exposureJsonChunks, formatExplanation, formatExposureMarkdown, formatExposureText } from '../report/exposure.js';
import { explainEach, solve } from '../solver/index.js';
import { loadInputs } from '../checks/pipeline/inputs.js';
import { emit } from './output.js';
import { inputErrors } from '../report/markdown.js';
import type { Io } from './run.js';

const errorCount = (d: { severity: string }[]): number => d.filter((x) => x.severity === 'error').length;

export async function exposureCommand(paths: string[], vars: VariableInputs, format: string, output: string | undefined, io: Io): Promise<number> {
  if (!['json', 'text', 'markdown'].includes(format)) {
    io.stderr.write(`sglint: --format for "exposure" must be json, text or markdown, not ${JSON.stringify(format)}\n`);
    return 2;
  }
  const input = await loadInputs(paths.length ? paths : ['.'], vars, io.cwd);
  const sol = solve(input.network);
  // JSON streams: each target's answer is made, written and dropped (no report-sized string or list).
  // `emit` writes a file synchronously, piece by piece, so one buffer serves every piece; stdout may hold on to a piece.
  const text = format === 'json'
    ? exposureJsonChunks(sol, input.diagnostics, output !== undefined)
    : format === 'markdown'
      // The summary says when its input is in error or a partial live read, as the scan's does.
      ? [formatExposureMarkdown({ targets: sol.endpoints().map((e) => sol.exposure(e)), diagnostics: input.diagnostics }), ...inputErrors(input).map((l) => `${l}\n`)].join('')
      : formatExposureText({ targets: sol.endpoints().map((e) => sol.exposure(e)), diagnostics: input.diagnostics });
  if (!emit(text, output, io)) return 2;
  if (errorCount(input.diagnostics) && format !== 'text') io.stderr.write(`sglint: ${errorCount(input.diagnostics)} input error(s); see "diagnostics" in the report\n`);
  return errorCount(input.diagnostics) ? 2 : 0;
}

export async function explainCommand(args: string[], vars: VariableInputs, o: { port?: string | undefined; protocol?: string | undefined; from?: string | undefined; format: string }, io: Io): Promise<number> {
  const [target, ...paths] = args;
  if (!target) {
    io.stderr.write('sglint: explain needs a TARGET (an endpoint id or address, e.g. aws_instance.web or eni-0abc)\n');
    return 2;
  }
  const port = o.port === undefined ? undefined : Number(o.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    io.stderr.write(`sglint: --port must be a port number 0-65535, not ${JSON.stringify(o.port)}\n`);
    return 2;
  }
  if (o.protocol && !['tcp', 'udp', 'icmp'].includes(o.protocol)) {
    io.stderr.write('sglint: --protocol must be tcp, udp or icmp\n');
    return 2;
  }
  const input = await loadInputs(paths.length ? paths : ['.'], vars, io.cwd);
  const sol = solve(input.network);
  const r = explainEach(sol, { target, ...(port !== undefined ? { port } : {}), ...(o.protocol ? { proto: o.protocol as 'tcp' } : {}), ...(o.from ? { from: o.from } : {}) });
  if ('error' in r) {
    io.stderr.write(`sglint: ${r.error}\n`);
    return 2;
  }
  const [first, ...rest] = r.explanations;
  if (o.format === 'json') {
    // Without --port: the first explanation as before (compatible), and every port's in `ports`.
    io.stdout.write(JSON.stringify(port === undefined ? { ...first!, ports: r.explanations, ...(r.more ? { portsLeftOut: r.more } : {}) } : first, null, 2) + '\n');
  } else {
    if (rest.length || r.more) io.stdout.write(`${r.explanations.length + r.more} ports to explain: ${r.explanations.map((e) => e.packet).join(', ')}${r.more ? ` and ${r.more} more (ask with --port)` : ''}\n\n`);
    io.stdout.write(r.explanations.map(formatExplanation).join('\n'));
  }
  for (const d of input.diagnostics.filter((x) => x.severity === 'error')) io.stderr.write(`error: ${d.file ?? ''}${d.line ? `:${d.line}:${d.column}` : ''} ${d.message}\n`);
  return errorCount(input.diagnostics) ? 2 : 0;
}
