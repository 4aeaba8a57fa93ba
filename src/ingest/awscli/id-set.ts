/**
 * The ids seen so far, for skipping an interface listed twice. A snapshot has ~100k interface ids,
 * each a separate string from JSON.parse: a `Set` hashes each, and rehashes itself as it grows,
 * which took ~80 ms of a 100k-interface scan. Here ids hash into one open-addressing table of
 * indices (FNV-1a over their characters), the hashes kept beside them: ids share long prefixes
 * (`eni-0000000000...`), so strings are compared only when the whole hash matches. Values that
 * are not strings (hand-edited JSON, dropped later by cleanNetwork) go to a plain Set, as before.
 */
export class IdSet {
  private slots: Int32Array;
  private hashes: Int32Array;
  private readonly ids: string[] = [];
  private others: Set<unknown> | undefined;

  constructor(expected = 0) {
    let cap = 1024;
    while (cap < expected * 2) cap *= 2;
    this.slots = new Int32Array(cap);
    this.hashes = new Int32Array(cap);
  }

  /** Adds `id`; false when it was already there. */
  add(id: unknown): boolean {
    if (typeof id !== 'string') {
      const others = (this.others ??= new Set());
      const n = others.size;
      return others.add(id).size > n;
    }
    if (this.ids.length * 2 >= this.slots.length) this.grow();
    const mask = this.slots.length - 1;
    const h = hash(id);
    for (let k = h & mask; ; k = (k + 1) & mask) {
      const at = this.slots[k]!;
      if (at === 0) {
        this.ids.push(id);
        this.slots[k] = this.ids.length;
        this.hashes[k] = h;
        return true;
      }
      if (this.hashes[k] === h && this.ids[at - 1] === id) return false;
    }
  }

  private grow(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const hashes = new Int32Array(slots.length);
    const mask = slots.length - 1;
    for (let j = 0; j < this.slots.length; j++) {
      if (this.slots[j] === 0) continue;
      const h = this.hashes[j]!;
      let k = h & mask;
      while (slots[k] !== 0) k = (k + 1) & mask;
      slots[k] = this.slots[j]!;
      hashes[k] = h;
    }
    this.slots = slots;
    this.hashes = hashes;
  }
}

function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h | 0;
}
