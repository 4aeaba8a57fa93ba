import type { ProgressEvent } from '../ingest/aws/read.js';

interface RegionState {
  pages: Map<string, number>;
  items: Map<string, number>;
  done: boolean;
  failed: boolean;
}

const n = (x: number): string => x.toLocaleString('en-US');

/**
 * The live read's progress on a terminal: one line, redrawn in place (at most every `intervalMs`),
 * with accounts, regions done, pages and items so far and what is being read now; a summary line
 * when it ends. Only used on a TTY outside CI, so logs never fill with carriage returns.
 */
export class Progress {
  private readonly regions = new Map<string, RegionState>();
  private readonly accounts = new Set<string>();
  private lastDraw = -Infinity;
  private drawn = false;
  private readonly started: number;

  constructor(
    private readonly out: { write(s: string): unknown },
    private readonly intervalMs = 100,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.started = now();
  }

  update(e: ProgressEvent): void {
    if (e.account) this.accounts.add(e.account);
    const key = e.account ? `${e.account}/${e.region}` : e.region;
    let r = this.regions.get(key);
    if (!r) this.regions.set(key, (r = { pages: new Map(), items: new Map(), done: false, failed: false }));
    if (e.done) {
      r.done = true;
      r.failed = !!e.failed;
    } else {
      r.pages.set(e.section, e.pages);
      r.items.set(e.section, e.items);
    }
    const t = this.now();
    if (!e.done && t - this.lastDraw < this.intervalMs) return;
    this.lastDraw = t;
    const now = e.done ? `${key} ${e.failed ? 'failed' : 'done'}` : `${key} ${e.section} ${n(e.items)} (${e.pages} page${e.pages === 1 ? '' : 's'})`;
    this.out.write(`\r\u001b[K${this.status()} - ${now}`);
    this.drawn = true;
  }

  /** Clears the line and says what was read. */
  finish(): void {
    if (this.drawn) this.out.write('\r\u001b[K');
    const secs = ((this.now() - this.started) / 1000).toFixed(1);
    this.out.write(`sglint: read ${this.status()} in ${secs} s\n`);
  }

  private status(): string {
    let pages = 0;
    let items = 0;
    let done = 0;
    let failed = 0;
    for (const r of this.regions.values()) {
      for (const p of r.pages.values()) pages += p;
      for (const i of r.items.values()) items += i;
      if (r.done) done++;
      if (r.failed) failed++;
    }
    const accounts = this.accounts.size ? `${this.accounts.size} account${this.accounts.size === 1 ? '' : 's'}, ` : '';
    return `${accounts}${done}/${this.regions.size} region${this.regions.size === 1 ? '' : 's'} done${failed ? ` (${failed} failed)` : ''}, ${n(pages)} page${pages === 1 ? '' : 's'}, ${n(items)} item${items === 1 ? '' : 's'}`;
  }
}
