import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
// @ts-expect-error: a plain JavaScript ESLint rule without type declarations
import noImportCycle from '../../../eslint-rules/no-import-cycle.js';

function lint(files: Record<string, string>, target: string): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sglint-cycle-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  const linter = new Linter({ configType: 'flat', cwd: dir });
  const config = [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser }, plugins: { sglint: { rules: { 'no-import-cycle': noImportCycle as never } } }, rules: { 'sglint/no-import-cycle': 'error' as const } }];
  const file = path.join(dir, target);
  return linter.verify(fs.readFileSync(file, 'utf8'), config, file).map((m) => m.message.replaceAll(dir + path.sep, ''));
}

describe('lint rule no-import-cycle', () => {
  it('reports an import that leads back through other files, with the chain', () => {
    const msgs = lint({ 'a.ts': "import { b } from './b.js';\nexport const a = b;\n", 'b.ts': "import { c } from './c.js';\nexport const b = c;\n", 'c.ts': "import { a } from './a.js';\nexport const c = () => a;\n" }, 'a.ts');
    assert.equal(msgs.length, 1);
    assert.match(msgs[0]!, /import cycle: .*a\.ts -> .*b\.ts -> .*c\.ts -> .*a\.ts/);
  });

  it('type-only imports and re-exports are erased and do not count', () => {
    assert.deepEqual(lint({ 'a.ts': "import type { B } from './b.js';\nexport type A = B;\n", 'b.ts': "import { a } from './a.js';\nexport type B = string;\nvoid a;\n" }, 'a.ts'), []);
    assert.deepEqual(lint({ 'a.ts': "export type { B } from './b.js';\n", 'b.ts': "export * from './a.js';\nexport type B = string;\n" }, 'a.ts'), []);
  });

  it('no cycle, no report', () => {
    assert.deepEqual(lint({ 'a.ts': "import { b } from './b.js';\nexport const a = b;\n", 'b.ts': 'export const b = 1;\n' }, 'a.ts'), []);
  });
});
