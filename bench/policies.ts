/**
 * One process that does what a pull request with policies costs on top of reading the input:
 * `node dist/bench/policies.js SNAPSHOT OUT` reads the snapshot, solves it, evaluates 20 network
 * policies over tier tags, ports, hop limits and VPCs, builds the full tier matrix, and writes
 * both as JSON. `npm run bench` runs it alternately with `sglint exposure` on the same snapshot.
 */
import fs from 'node:fs';
import { loadInputs } from '../src/checks/pipeline/inputs.js';
import { matrixReport } from '../src/report/matrix.js';
import { solve } from '../src/solver/index.js';
import { ReachEngine, evaluatePolicy, segmentationMatrix, type PolicySpec } from '../src/solver/reach/index.js';

const TIERS = ['web', 'app', 'db', 'cache', 'admin'];

/** 20 policies of every form: forbid and only, ports, protocols, hop limits, except, VPCs. */
export function benchPolicies(vpcs: string[]): PolicySpec[] {
  const out: PolicySpec[] = [];
  for (const t of ['db', 'cache', 'admin']) out.push({ id: `no-internet-${t}`, forbid: { from: 'internet', to: `tag:tier=${t}` } });
  for (const [from, to, ports] of [['web', 'db', '5432'], ['web', 'cache', '6379'], ['web', 'admin', '22'], ['cache', 'db', '3306'], ['db', 'web', '80,443']] as const) {
    out.push({ id: `no-${from}-${to}`, forbid: { from: `tag:tier=${from}`, to: `tag:tier=${to}`, ports } });
  }
  out.push({ id: 'ssh-only-admin', only: { from: 'tag:tier=admin', to: 'any', ports: 22 } });
  out.push({ id: 'db-only-app', only: { from: 'tag:tier=app', to: 'tag:tier=db', ports: '3306,5432' } });
  out.push({ id: 'rdp-nowhere', forbid: { from: 'any', to: 'any', ports: 3389 } });
  out.push({ id: 'udp-db', forbid: { from: 'any', to: 'tag:tier=db', protocol: 'udp', ports: '0-65535' } });
  out.push({ id: 'icmp-admin', forbid: { from: 'internet', to: 'tag:tier=admin', protocol: 'icmp' } });
  out.push({ id: 'web-direct-db', forbid: { from: 'tag:tier=web', to: 'tag:tier=db' }, maxHops: 1 });
  out.push({ id: 'internet-2-hops-app', forbid: { from: 'internet', to: 'tag:tier=app' }, maxHops: 2 });
  out.push({ id: 'cache-except-app', forbid: { from: 'any', to: 'tag:tier=cache', ports: 6379 }, except: [{ from: 'tag:tier=app', to: 'tag:tier=cache' }] });
  for (let k = 0; k + 1 < vpcs.length && out.length < 20; k++) out.push({ id: `vpc-${k}-isolated`, forbid: { from: `vpc:${vpcs[k]}`, to: `vpc:${vpcs[k + 1]}` } });
  for (const t of TIERS) if (out.length < 20) out.push({ id: `no-internet-${t}-mysql`, forbid: { from: 'internet', to: `tag:tier=${t}`, ports: 3306 } });
  return out.slice(0, 20);
}

if (process.argv[1]?.endsWith('policies.js') && process.argv[2]) {
  const [file, outFile] = process.argv.slice(2) as [string, string | undefined];
  const input = await loadInputs([file], { vars: [], varFiles: [] }, process.cwd());
  const engine = new ReachEngine(solve(input.network));
  const policies = benchPolicies(input.network.vpcs.map((v) => v.id));
  const violations = policies.map((p) => ({ id: p.id, violations: evaluatePolicy(engine, p).length }));
  const matrix = matrixReport(segmentationMatrix(engine, { by: 'tag', key: 'tier' }), input.diagnostics);
  const text = JSON.stringify({ policies: violations, matrix: matrix.matrix });
  if (outFile) fs.writeFileSync(outFile, text);
  else process.stdout.write(`${text}\n`);
}
