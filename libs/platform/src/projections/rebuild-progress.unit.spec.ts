import { averageRate, RateMeter, rebuildStatus } from './rebuild-progress';

describe('rebuild progress (GET /admin/projections, npm run projections:rebuild)', () => {
  it('the rate is over the last window of steps, and needs two samples', () => {
    let now = 0;
    const meter = new RateMeter(10_000, () => now);
    meter.restart(0);
    expect(meter.perSecond()).toBeNull();
    now = 1_000;
    meter.record(5_000);
    expect(meter.perSecond()).toBe(5_000);
    // Slower later: the window forgets the fast start once it is more than 10 s old.
    for (let s = 2; s <= 30; s++) {
      now = s * 1_000;
      meter.record(5_000 + (s - 1) * 1_000);
    }
    expect(meter.perSecond()).toBe(1_000);
    meter.restart(40_000);
    expect(meter.perSecond()).toBeNull();
  });

  it('done, total, rate and ETA from the record and the head', () => {
    const rebuild = { generation: 3, checkpoint: 250_000, startedAt: '2026-11-30T10:00:00.000Z' };
    expect(rebuildStatus(rebuild, 1_000_000, 125_000.4)).toEqual({
      generation: 3,
      done: 250_000,
      total: 1_000_000,
      ratePerSecond: 125_000,
      etaSeconds: 6,
      startedAt: '2026-11-30T10:00:00.000Z',
    });
    expect(rebuildStatus(rebuild, 1_000_000, null)).toMatchObject({ ratePerSecond: null, etaSeconds: null });
    // A head read before the checkpoint moved never shows more done than total.
    expect(rebuildStatus(rebuild, 200_000, 10)).toMatchObject({ done: 250_000, total: 250_000, etaSeconds: 0 });
  });

  it('read from the record alone (another process runs it), the rate is the average since it started', () => {
    const rebuild = { generation: 2, checkpoint: 30_000, startedAt: '2026-11-30T10:00:00.000Z' };
    expect(averageRate(rebuild, Date.parse('2026-11-30T10:00:10.000Z'))).toBe(3_000);
    expect(averageRate({ ...rebuild, checkpoint: 0 }, Date.parse('2026-11-30T10:00:10.000Z'))).toBeNull();
  });
});
