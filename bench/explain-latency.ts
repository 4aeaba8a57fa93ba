/** Builds the model once, then times `explain` queries on random endpoints: prints the median in ms. */
import { loadInputs } from '../src/checks/pipeline/inputs.js';
import { explain, solve } from '../src/solver/index.js';

const file = process.argv[2]!;
const input = await loadInputs([file], { vars: [], varFiles: [] }, process.cwd());
const sol = solve(input.network);
const endpoints = sol.endpoints();
for (const e of endpoints) sol.exposure(e); // the model and every answer are built before timing
const times: number[] = [];
for (let i = 0; i < 200; i++) {
  const e = endpoints[(i * 7919) % endpoints.length]!;
  const t0 = performance.now();
  const r = explain(sol, { target: e.id, port: [22, 443, 5432, 3389][i % 4]! });
  times.push(performance.now() - t0);
  if ('error' in r) throw new Error(r.error);
}
times.sort((a, b) => a - b);
console.log(JSON.stringify({ median: times[100], p95: times[190], max: times[199] }));
