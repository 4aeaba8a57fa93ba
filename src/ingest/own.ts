/**
 * A user-keyed lookup that sees only the object's own entries: `own(resources, 'toString')` is
 * undefined, never a function inherited from Object.prototype. Input names (logical ids,
 * parameters, mapping keys, tags) go through this or live in prototype-free objects and Maps.
 */
export function own<T>(o: Readonly<Record<string, T>> | null | undefined, key: string): T | undefined {
  return o !== null && o !== undefined && typeof o === 'object' && Object.hasOwn(o, key) ? o[key] : undefined;
}

/** A prototype-free object for user keys (`__proto__` is then an ordinary key). */
export const dict = <T>(): Record<string, T> => Object.create(null) as Record<string, T>;
