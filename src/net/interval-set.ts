/**
 * Immutable set of integers stored as sorted, disjoint, non-adjacent closed intervals.
 * Generic over `number` (ports, IPv4) and `bigint` (IPv6): only +1/-1 differ between them,
 * so callers pass the successor/predecessor functions once via `IntervalDomain`.
 */
export type Scalar = number | bigint;
export type Interval<T extends Scalar> = readonly [T, T];

export interface IntervalDomain<T extends Scalar> {
  readonly min: T;
  readonly max: T;
  inc(v: T): T;
  dec(v: T): T;
}

export class IntervalSet<T extends Scalar> {
  /** Sorted, disjoint, non-adjacent. Never mutated after construction. */
  readonly ranges: readonly Interval<T>[];
  readonly domain: IntervalDomain<T>;

  private constructor(domain: IntervalDomain<T>, ranges: readonly Interval<T>[]) {
    this.domain = domain;
    this.ranges = ranges;
  }

  static empty<T extends Scalar>(domain: IntervalDomain<T>): IntervalSet<T> {
    return new IntervalSet(domain, []);
  }

  static full<T extends Scalar>(domain: IntervalDomain<T>): IntervalSet<T> {
    return new IntervalSet(domain, [[domain.min, domain.max]]);
  }

  /** Builds from arbitrary (possibly overlapping, unsorted) intervals; lo > hi pairs are dropped. */
  static of<T extends Scalar>(domain: IntervalDomain<T>, intervals: Iterable<Interval<T>>): IntervalSet<T> {
    const list: Interval<T>[] = [];
    for (const [lo, hi] of intervals) if (lo <= hi) list.push([lo, hi]);
    list.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    return new IntervalSet(domain, normalizeSorted(domain, list));
  }

  isEmpty(): boolean {
    return this.ranges.length === 0;
  }

  isFull(): boolean {
    return this.ranges.length === 1 && this.ranges[0]![0] === this.domain.min && this.ranges[0]![1] === this.domain.max;
  }

  has(v: T): boolean {
    let lo = 0;
    let hi = this.ranges.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = this.ranges[mid]!;
      if (v < r[0]) hi = mid - 1;
      else if (v > r[1]) lo = mid + 1;
      else return true;
    }
    return false;
  }

  union(other: IntervalSet<T>): IntervalSet<T> {
    if (other.ranges.length === 0) return this;
    if (this.ranges.length === 0) return other;
    const merged: Interval<T>[] = [];
    let i = 0;
    let j = 0;
    const a = this.ranges;
    const b = other.ranges;
    while (i < a.length || j < b.length) {
      if (j >= b.length || (i < a.length && a[i]![0] <= b[j]![0])) merged.push(a[i++]!);
      else merged.push(b[j++]!);
    }
    const out = normalizeSorted(this.domain, merged);
    // One side covering the other (common: a wide rule with a narrow one): that side, no new set.
    if (sameRanges(out, a)) return this;
    if (sameRanges(out, b)) return other;
    return new IntervalSet(this.domain, out);
  }

  intersect(other: IntervalSet<T>): IntervalSet<T> {
    const out: Interval<T>[] = [];
    const a = this.ranges;
    const b = other.ranges;
    let i = 0;
    let j = 0;
    while (i < a.length && j < b.length) {
      const lo = a[i]![0] > b[j]![0] ? a[i]![0] : b[j]![0];
      const hi = a[i]![1] < b[j]![1] ? a[i]![1] : b[j]![1];
      if (lo <= hi) out.push([lo, hi]);
      if (a[i]![1] < b[j]![1]) i++;
      else j++;
    }
    return new IntervalSet(this.domain, out);
  }

  complement(): IntervalSet<T> {
    const d = this.domain;
    const out: Interval<T>[] = [];
    let next: T | null = d.min;
    for (const [lo, hi] of this.ranges) {
      if (next !== null && next < lo) out.push([next, d.dec(lo)]);
      next = hi === d.max ? null : d.inc(hi);
    }
    if (next !== null) out.push([next, d.max]);
    return new IntervalSet(d, out);
  }

  difference(other: IntervalSet<T>): IntervalSet<T> {
    if (other.ranges.length === 0 || this.ranges.length === 0) return this;
    return this.intersect(other.complement());
  }

  /** True when every member of `other` is in this set. */
  covers(other: IntervalSet<T>): boolean {
    return other.difference(this).isEmpty();
  }

  overlaps(other: IntervalSet<T>): boolean {
    return !this.intersect(other).isEmpty();
  }

  equals(other: IntervalSet<T>): boolean {
    if (this.ranges.length !== other.ranges.length) return false;
    return this.ranges.every((r, k) => r[0] === other.ranges[k]![0] && r[1] === other.ranges[k]![1]);
  }

  /** Number of members (as the domain's scalar type would overflow for IPv6, always a bigint). */
  size(): bigint {
    let n = 0n;
    for (const [lo, hi] of this.ranges) n += BigInt(hi) - BigInt(lo) + 1n;
    return n;
  }
}

function sameRanges<T extends Scalar>(x: readonly Interval<T>[], y: readonly Interval<T>[]): boolean {
  if (x.length !== y.length) return false;
  for (let k = 0; k < x.length; k++) if (x[k]![0] !== y[k]![0] || x[k]![1] !== y[k]![1]) return false;
  return true;
}

function normalizeSorted<T extends Scalar>(d: IntervalDomain<T>, sorted: Interval<T>[]): Interval<T>[] {
  const out: [T, T][] = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    // Merge overlapping and adjacent intervals (hi + 1 === lo), guarding the domain maximum.
    if (last && (lo <= last[1] || (last[1] !== d.max && d.inc(last[1]) === lo))) {
      if (hi > last[1]) last[1] = hi;
    } else {
      out.push([lo, hi]);
    }
  }
  return out;
}

export const numberDomain = (min: number, max: number): IntervalDomain<number> => ({
  min,
  max,
  inc: (v) => v + 1,
  dec: (v) => v - 1,
});

export const bigintDomain = (min: bigint, max: bigint): IntervalDomain<bigint> => ({
  min,
  max,
  inc: (v) => v + 1n,
  dec: (v) => v - 1n,
});
