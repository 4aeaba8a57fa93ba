import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ByteChunks, encode } from '../../src/report/byte-chunks.js';

/** Deterministic pseudo-random source (fixed seed): the same strings on every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const ALPHABET = ['a', 'Z', '0', '-', '.', '"', '\\', '\n', '\t', '\u0000', '\u001f', '\u007f', 'é', 'ß', '中', '😀', '[', '"x"'];

function randomString(r: () => number): string {
  let s = '';
  const n = Math.floor(r() * 12);
  for (let i = 0; i < n; i++) s += ALPHABET[Math.floor(r() * ALPHABET.length)];
  return s;
}

const all = (out: ByteChunks): string => out.take().toString('utf8');

describe('ByteChunks', () => {
  it('writes JSON string literals exactly as JSON.stringify does (quotes, escapes, controls, non-ASCII)', () => {
    const r = rng(7);
    for (let k = 0; k < 2000; k++) {
      const s = randomString(r);
      const out = new ByteChunks(64);
      out.jsonString(s);
      assert.equal(all(out), JSON.stringify(s), `for ${JSON.stringify(s)}`);
    }
  });

  it('encodes text and shared bytes as UTF-8, in order', () => {
    const out = new ByteChunks(64);
    out.text('{"id":');
    out.jsonString('aws_instance.web["é"]');
    out.bytes(encode(',"n":1,"s":"中😀"'));
    out.text('}');
    const text = all(out);
    assert.deepEqual(JSON.parse(text), { id: 'aws_instance.web["é"]', n: 1, s: '中😀' });
  });

  it('grows for a record larger than its slack and keeps what was written before it', () => {
    const out = new ByteChunks(16);
    out.text('head:');
    const big = 'x'.repeat(1000) + 'é'.repeat(500);
    out.jsonString(big);
    out.text(':tail');
    assert.equal(all(out), `head:${JSON.stringify(big)}:tail`);
  });

  it('hands out a piece once `full`, each piece its own memory (safe for an asynchronous writer)', () => {
    const out = new ByteChunks(32);
    const pieces: Buffer[] = [];
    const expected: string[] = [];
    for (let i = 0; i < 100; i++) {
      const line = `{"i":${i},"id":"eni-${i.toString(16).padStart(17, '0')}"}\n`;
      expected.push(line);
      out.text(line);
      if (out.full()) pieces.push(out.take());
    }
    pieces.push(out.take());
    assert.ok(pieces.length > 10, 'several pieces');
    // Every piece but the last reached the threshold; none was overwritten by later writes.
    for (const p of pieces.slice(0, -1)) assert.ok(p.length >= 32);
    assert.equal(Buffer.concat(pieces).toString('utf8'), expected.join(''));
  });

  it('with `reuse`, hands out views of one buffer: right while read at once, overwritten by the next piece', () => {
    const out = new ByteChunks(16);
    const copies: Buffer[] = [];
    const views: Buffer[] = [];
    for (let i = 0; i < 40; i++) {
      out.text(`line ${i};`);
      if (out.full()) {
        const v = out.take(true);
        copies.push(Buffer.from(v)); // what a synchronous writer writes before asking for more
        views.push(v);
      }
    }
    copies.push(Buffer.from(out.take(true)));
    assert.equal(Buffer.concat(copies).toString('utf8'), Array.from({ length: 40 }, (_x, i) => `line ${i};`).join(''));
    assert.ok(views.length > 3);
    assert.equal(views[0]!.buffer, views[1]!.buffer, 'the same memory every time');
  });

  it('is empty after take', () => {
    const out = new ByteChunks(8);
    out.text('abc');
    assert.equal(out.take().length, 3);
    assert.equal(out.take().length, 0);
    assert.equal(out.full(), false);
  });
});
