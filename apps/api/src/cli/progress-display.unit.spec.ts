import { barLine, duration, plainLine, ProgressDisplay } from './progress-display';

const status = (done: number, ratePerSecond: number | null = 125_000, etaSeconds: number | null = 6) => ({
  generation: 3,
  done,
  total: 1_000_000,
  ratePerSecond,
  etaSeconds,
  startedAt: '2026-11-30T10:00:00.000Z',
});

describe('the rebuild CLI’s progress display', () => {
  it('a plain line: events done / total, percent, rate, ETA', () => {
    expect(plainLine('members', status(540_000))).toBe(
      'members: generation 3: 540,000 / 1,000,000 events (54%), 125,000 events/s, ETA 0:06',
    );
    expect(plainLine('members', status(0, null, null))).toBe(
      'members: generation 3: 0 / 1,000,000 events (0%), … events/s, ETA …',
    );
  });

  it('a bar fitted to the terminal', () => {
    const line = barLine('members', status(500_000), 100);
    expect(line).toMatch(/^members g3 \[█+░+\]/);
    expect(line.slice(line.indexOf(']') + 1)).toBe('  50%  500,000/1,000,000 events  125,000 events/s  ETA 0:06');
    expect(line.length).toBeLessThan(100);
    const filled = (line.match(/█/g) ?? []).length;
    expect(filled).toBe(Math.floor((filled + (line.match(/░/g) ?? []).length) / 2));
    expect(barLine('members', status(500_000), 40).length).toBeLessThan(40);
  });

  it('durations read as m:ss or h:mm:ss', () => {
    expect(duration(6)).toBe('0:06');
    expect(duration(75)).toBe('1:15');
    expect(duration(3725)).toBe('1:02:05');
  });

  it('not a TTY: a plain line every few seconds and the last one; a TTY: one line redrawn', () => {
    let now = 0;
    const written: string[] = [];
    const pipe = new ProgressDisplay({ write: (t: string) => written.push(t), isTTY: false }, 'members', 5_000, () => now);
    pipe.update(status(0));
    now = 1_000;
    pipe.update(status(100_000));
    now = 6_000;
    pipe.update(status(600_000));
    pipe.finish('members: generation 3 took over');
    expect(written).toEqual([
      `${plainLine('members', status(0))}\n`,
      `${plainLine('members', status(600_000))}\n`,
      'members: generation 3 took over\n',
    ]);

    const drawn: string[] = [];
    const tty = new ProgressDisplay(
      { write: (t: string) => drawn.push(t), isTTY: true, columns: 100 },
      'members',
      5_000,
      () => now,
    );
    tty.update(status(0));
    now += 200;
    tty.update(status(100_000));
    tty.finish('done');
    expect(drawn[0].startsWith('\r\x1b[2Kmembers g3 [')).toBe(true);
    expect(drawn[1]).toContain('100,000/1,000,000');
    expect(drawn[2]).toBe('\ndone\n');
  });
});
