import { Unknown } from '../../../model/unknown.js';
import type { Span } from '../hcl/ast.js';
import { EvalError, LazyObject, type Value } from './values.js';

/**
 * Evaluation budgets. Terraform evaluates whatever it is given, so a hostile configuration can
 * ask for a string of a billion characters or a billion iterations; sglint stops at these
 * limits with an error at the expression instead of hanging or running out of memory. Each is
 * far above what real configurations use.
 */
/** Longest string one value may hold, and most characters in all the strings of one value. */
export const MAX_STRING_LENGTH = 16 * 1024 * 1024;
/** Most elements one value may hold, nested elements included. */
export const MAX_VALUE_ELEMENTS = 1_000_000;
/** Most instances one `count` or `for_each` may create. */
export const MAX_INSTANCES = 10_000;
/** Most iterations and created elements in one scan: bounds the time evaluation can take. */
export const MAX_EVALUATION_STEPS = 4_000_000;
/** Deepest chain of module calls (Terraform has none; real configurations stay below 10). */
export const MAX_MODULE_DEPTH = 100;
/** Deepest nesting of evaluation (expressions within expressions, function calls, templates). */
export const MAX_EVALUATION_DEPTH = 1_000;

/** A budget is exhausted. Unlike other evaluation errors, try() and can() do not absorb it. */
export class BudgetError extends EvalError {}

export const tooLarge = (what: string, limit: number, at: Span | null): BudgetError =>
  new BudgetError(`too large to evaluate: ${what} (limit ${limit})`, at);

/** Work done so far by one scan's evaluation. */
export class Budget {
  private steps = 0;
  private depth = 0;

  /** Counts `n` iterations or created elements. */
  charge(n: number, at: Span): void {
    this.steps += n;
    if (this.steps > MAX_EVALUATION_STEPS) throw tooLarge('the scan needs more iterations and created elements than allowed', MAX_EVALUATION_STEPS, at);
  }

  /** One level deeper into nested evaluation; every `enter` is paired with a `leave`. */
  enter(at: Span): void {
    if (this.depth >= MAX_EVALUATION_DEPTH) throw tooLarge('expressions and references nested too deeply', MAX_EVALUATION_DEPTH, at);
    this.depth++;
  }

  leave(): void {
    this.depth--;
  }
}

export function checkLength(length: number, at: Span, what = 'a string'): void {
  if (length > MAX_STRING_LENGTH) throw tooLarge(`${what} of ${length} characters`, MAX_STRING_LENGTH, at);
}

interface Size {
  elements: number;
  chars: number;
}
const sizes = new WeakMap<object, Size>();

/**
 * Elements and characters in a value, counting shared parts each time they appear (that is
 * what jsonencode, flatten or a for expression would produce), yet computed in time linear in
 * the distinct parts: sizes of collections are memoised.
 */
export function sizeOf(v: Value): Size {
  if (typeof v === 'string') return { elements: 1, chars: v.length };
  if (v === null || typeof v !== 'object' || v instanceof Unknown || v instanceof LazyObject) return { elements: 1, chars: 0 };
  let size = sizes.get(v);
  if (!size) {
    size = { elements: 1, chars: 0 };
    for (const x of Array.isArray(v) ? v : Object.values(v)) {
      const s = sizeOf(x);
      size.elements += s.elements;
      size.chars += s.chars;
    }
    sizes.set(v, size);
  }
  return size;
}

/** Rejects a value too large to hold; returns it otherwise. */
export function checkValue<T extends Value>(v: T, at: Span): T {
  if (typeof v === 'string') {
    checkLength(v.length, at);
    return v;
  }
  if (v === null || typeof v !== 'object') return v;
  const { elements, chars } = sizeOf(v);
  if (elements > MAX_VALUE_ELEMENTS) throw tooLarge(`a value of ${elements} elements`, MAX_VALUE_ELEMENTS, at);
  if (chars > MAX_STRING_LENGTH) throw tooLarge(`a value holding ${chars} characters of strings`, MAX_STRING_LENGTH, at);
  return v;
}

/**
 * JavaScript's own limits (call stack, string and array length), reached by input the budgets
 * above did not foresee: still the input's doing, so an error at the expression, not a crash.
 */
export function exhausted(err: RangeError, at: Span): BudgetError {
  const why = /call stack/i.test(err.message) ? 'nested too deeply for the evaluator' : `beyond JavaScript's limits (${err.message})`;
  return new BudgetError(`too large to evaluate: ${why}`, at);
}
