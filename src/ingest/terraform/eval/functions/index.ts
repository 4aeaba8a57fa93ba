import { Unknown } from '../../../../model/unknown.js';
import type { Span } from '../../hcl/ast.js';
import { BudgetError, checkValue } from '../budget.js';
import type { EvalContext } from '../scope.js';
import { EvalError, findUnknown, type Value } from '../values.js';
import { collectionFunctions } from './collections.js';
import { conversionFunctions } from './conversion.js';
import { encodingFunctions } from './encoding.js';
import { filesystemFunctions } from './filesystem.js';
import { networkFunctions } from './network.js';
import { numericFunctions } from './numeric.js';
import { stringFunctions } from './strings.js';
import { digestFunctions } from './digests.js';
import { textFunctions } from './text.js';
import { timeFunctions } from './time.js';
import { opaque } from '../partial-list.js';
import { withPartialLists } from './partial-lists.js';
import type { FunctionTable } from './types.js';

const FUNCTIONS: FunctionTable = withPartialLists({
  ...stringFunctions,
  ...numericFunctions,
  ...collectionFunctions,
  ...networkFunctions,
  ...encodingFunctions,
  ...conversionFunctions,
  ...filesystemFunctions,
  ...digestFunctions,
  ...textFunctions,
  ...timeFunctions,
});

export const functionNames = (): string[] => Object.keys(FUNCTIONS).concat('try', 'can').sort();

export function callFunction(name: string, args: Value[], at: Span, ctx: EvalContext): Value {
  const bare = name.startsWith('core::') ? name.slice(6) : name;
  const def = FUNCTIONS[bare];
  if (!def) {
    if (name.includes('::')) return new Unknown(`provider-defined function ${name}() is not evaluated`);
    throw new EvalError(`call to unknown function ${JSON.stringify(name)}; sglint knows ${Object.keys(FUNCTIONS).length + 2} of Terraform's functions`, at);
  }
  const [min, max] = def.arity;
  if (args.length < min || args.length > max) {
    const expected = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
    throw new EvalError(`${name}() takes ${expected} argument${min === 1 && max === 1 ? '' : 's'}, got ${args.length}`, at);
  }
  if (!def.acceptsUnknown) for (const a of args) if (a instanceof Unknown) return opaque(a);
  let result: Value;
  try {
    result = def.fn(args, at, ctx);
  } catch (err) {
    // An unknown inside an argument (an element of a list given to join) may be what failed:
    // Terraform would see the real value, so the result is unknown, not an error.
    const unknown = err instanceof EvalError && !(err instanceof BudgetError) ? findUnknown(args) : null;
    if (unknown) return new Unknown(`${bare}() of a value that is not fully known (${unknown.reason})`);
    throw err;
  }
  if (Array.isArray(result)) ctx.budget.charge(result.length, at);
  return checkValue(result, at);
}
