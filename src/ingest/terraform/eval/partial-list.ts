import { Unknown } from '../../../model/unknown.js';
import type { Value } from './values.js';

/**
 * A list whose length is unknown but some of whose elements are known (`concat(var.cidrs,
 * ["0.0.0.0/0"])`). It is an Unknown everywhere (length, index and for-expressions stay unknown),
 * and the mapper reads it as "these elements, and maybe others", so a world-open entry next to a
 * variable is still seen.
 */
export class PartialList extends Unknown {
  constructor(
    reason: string,
    /** Elements certainly in the list (for a set: certainly members). */
    readonly known: Value[],
  ) {
    super(reason);
  }
}

/** The elements of a list argument that are known to be there; null when it is not a list at all. */
export const knownElements = (v: Value): Value[] | null => (v instanceof PartialList ? v.known : Array.isArray(v) ? v : null);

/** An unknown passed on by an operation that does not keep list elements (length, index, +). */
export const opaque = (u: Unknown): Unknown => (u instanceof PartialList ? new Unknown(u.reason) : u);
