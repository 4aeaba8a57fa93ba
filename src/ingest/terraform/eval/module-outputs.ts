import type { Span } from '../hcl/ast.js';
import type { ModuleInstance } from './instance.js';
import { LazyObject, type Value } from './values.js';

/** `module.NAME`: an object whose attributes are the module's outputs, evaluated on demand. */
export class ModuleOutputs extends LazyObject {
  constructor(
    private readonly instance: ModuleInstance,
    private readonly name: string,
  ) {
    super();
  }

  override toString(): string {
    return `module.${this.name}`;
  }

  get(name: string, at: Span): Value {
    return this.instance.output(name, at);
  }

  keys(): string[] {
    return [...this.instance.config.outputs.keys()];
  }
}
