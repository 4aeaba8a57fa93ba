import { describe, it } from 'node:test';
import { CASES } from './hostile-cases.js';
import { checkCase } from './hostile-runner.js';

describe('hostile inputs: each case ends within its time and memory limits, as an input error or a result, never a crash', () => {
  for (const c of CASES) {
    it(`${c.family}: ${c.name}`, async () => {
      await checkCase(c);
    });
  }
});
