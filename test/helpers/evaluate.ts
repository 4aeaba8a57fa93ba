import fs from 'node:fs';
import { InputFiles } from '../../src/ingest/files/input-files.js';
import { ModuleInstance } from '../../src/ingest/terraform/eval/instance.js';
import { Runtime } from '../../src/ingest/terraform/eval/runtime.js';
import { toPlain, type Value } from '../../src/ingest/terraform/eval/values.js';
import { loadTree, rootVariableValues } from '../../src/ingest/terraform/load.js';
import type { Diagnostic } from '../../src/model/diagnostic.js';
import { tempTree } from './tf.js';

/** Evaluates root-module locals of a temporary tree: `locals(files).get('x')`. */
export function locals(files: Record<string, string>, vars: string[] = []): { get(name: string): Value; diagnostics: Diagnostic[] } {
  const dir = fs.realpathSync(tempTree(files));
  const reader = new InputFiles(dir);
  const tree = loadTree(reader, '.', dir);
  const varDiagnostics: Diagnostic[] = [];
  const inputs = rootVariableValues(tree, '.', { vars, varFiles: [] }, dir, varDiagnostics);
  const runtime = new Runtime(reader, '.', (d) => tree.load(d), inputs);
  const root = new ModuleInstance(runtime, tree.configs.get('.')!, '', null);
  const span = { s: 0, e: 0 };
  return {
    get: (name) => toPlain(root.local(name, span), span),
    get diagnostics() {
      return [...tree.diagnostics, ...varDiagnostics, ...runtime.diagnostics];
    },
  };
}
