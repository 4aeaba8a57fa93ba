import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Progress } from '../../src/cli/progress.js';

describe('live-read progress line', () => {
  it('redraws one line with accounts, regions done, pages, items and the current step, then a summary', () => {
    let out = '';
    let clock = 0;
    const p = new Progress({ write: (s: string) => (out += s) }, 100, () => clock);
    p.update({ account: '222222222222', region: 'us-east-1', section: 'SecurityGroups', pages: 1, items: 1000 });
    clock = 50;
    p.update({ account: '222222222222', region: 'us-east-1', section: 'SecurityGroups', pages: 2, items: 1500 }); // within the interval: not drawn
    clock = 200;
    p.update({ account: '333333333333', region: 'eu-west-1', section: 'NetworkInterfaces', pages: 3, items: 3000 });
    p.update({ account: '222222222222', region: 'us-east-1', section: '', pages: 0, items: 0, done: true }); // a region ending is always drawn
    p.update({ account: '333333333333', region: 'eu-west-1', section: '', pages: 0, items: 0, done: true, failed: true });
    clock = 2500;
    p.finish();
    const draws = out.split('\r\u001b[K').filter(Boolean);
    assert.equal(draws[0], '1 account, 0/1 region done, 1 page, 1,000 items - 222222222222/us-east-1 SecurityGroups 1,000 (1 page)');
    assert.equal(draws[1], '2 accounts, 0/2 regions done, 5 pages, 4,500 items - 333333333333/eu-west-1 NetworkInterfaces 3,000 (3 pages)');
    assert.equal(draws[2], '2 accounts, 1/2 regions done, 5 pages, 4,500 items - 222222222222/us-east-1 done');
    assert.match(draws[3]!, /2\/2 regions done \(1 failed\).* - 333333333333\/eu-west-1 failed$/);
    assert.equal(draws.length, 5, 'the 50 ms update was not drawn');
    assert.equal(draws[4], 'sglint: read 2 accounts, 2/2 regions done (1 failed), 5 pages, 4,500 items in 2.5 s\n');
    assert.ok(out.endsWith('\n') && !out.slice(0, -1).includes('\n'), 'one line redrawn in place, one summary line');
  });
});
