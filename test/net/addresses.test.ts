import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PUBLIC_V4, PUBLIC_V6, parseCidr, parseIpv4, ipv4Set, formatIpv4 } from '../../src/net/addresses.js';
import { int, rng } from '../helpers/random.js';

describe('parseCidr', () => {
  it('parses IPv4 and canonicalises host bits like AWS', () => {
    const c = parseCidr('100.68.0.18/18');
    assert.equal(c?.family, 4);
    assert.equal(formatIpv4(c!.lo as number), '100.68.0.0');
    assert.equal(formatIpv4(c!.hi as number), '100.68.63.255');
    assert.deepEqual([parseCidr('0.0.0.0/0')?.lo, parseCidr('0.0.0.0/0')?.hi], [0, 2 ** 32 - 1]);
  });
  it('parses IPv6 as bigint', () => {
    const c = parseCidr('2001:db8::/32');
    assert.equal(c?.family, 6);
    assert.equal(c!.lo, 0x20010db8n << 96n);
    assert.equal(parseCidr('::/0')?.hi, (1n << 128n) - 1n);
  });
  it('rejects what is not a CIDR', () => {
    for (const bad of ['', 'x', '10.0.0.0/33', '256.1.1.1/8', '10.0.0/8', '01.2.3.4/8', 'fe80::/129']) assert.equal(parseCidr(bad), null, bad);
  });
  it('agrees with a naive bit computation on random IPv4 CIDRs', () => {
    const r = rng(3);
    for (let n = 0; n < 2000; n++) {
      const addr = int(r, 0, 2 ** 32 - 1);
      const prefix = int(r, 0, 32);
      const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
      const c = parseCidr(`${formatIpv4(addr)}/${prefix}`)!;
      assert.equal(c.lo, (addr & mask) >>> 0);
      assert.equal(c.hi, ((addr & mask) >>> 0) + 2 ** (32 - prefix) - 1);
    }
  });
});

describe('public address space', () => {
  it('excludes private, CGNAT, loopback, link-local and multicast ranges', () => {
    for (const p of ['10.1.2.3', '172.16.0.1', '192.168.1.1', '100.64.0.1', '127.0.0.1', '169.254.169.254', '224.0.0.1', '0.1.2.3']) {
      assert.equal(PUBLIC_V4.has(parseCidr(p)!.lo as number), false, p);
    }
    for (const p of ['8.8.8.8', '52.94.76.1', '198.51.100.7']) assert.equal(PUBLIC_V4.has(parseCidr(p)!.lo as number), true, p);
    assert.ok(ipv4Set([[0, 2 ** 32 - 1]]).covers(PUBLIC_V4));
    assert.equal(PUBLIC_V6.has(parseCidr('2600::1')!.lo as bigint), true);
    assert.equal(PUBLIC_V6.has(parseCidr('fd00::1')!.lo as bigint), false);
  });
});

describe('parseIpv4 (the interface-address fast path)', () => {
  it('agrees with parseCidr on bare addresses, valid and not', () => {
    const r = rng(7);
    const alphabet = ['0', '1', '2', '5', '9', '.', '25', '255', '256', '01', '/', 'a', ''];
    const cases = ['10.0.0.1', '0.0.0.0', '255.255.255.255', '1.2.3', '1.2.3.4.5', '01.2.3.4', '1..2.3', '10.0.0.1/32', ' 10.0.0.1'];
    for (let i = 0; i < 5000; i++) {
      const octets = Array.from({ length: int(r, 3, 5) }, () => (int(r, 0, 3) === 0 ? alphabet[int(r, 0, alphabet.length - 1)]! : String(int(r, 0, 299))));
      cases.push(octets.join(int(r, 0, 19) === 0 ? '..' : '.'));
    }
    for (const text of cases) {
      const p = text.includes('/') || text.trim() !== text ? null : parseCidr(text);
      const expected = p && p.family === 4 ? (p.lo as number) : -1;
      assert.equal(parseIpv4(text), expected, text);
    }
  });
});
