import type { RebuildStatus } from '@opc/platform/projections/rebuild-progress';

/**
 * A rebuild's progress on a terminal: one line redrawn in place with a bar (events done / total,
 * rate, ETA) when the output is a TTY; plain lines, one every few seconds, when it is not (a log,
 * a pipe, CI).
 */
export class ProgressDisplay {
  private lastDraw = 0;
  private drawn = false;

  constructor(
    private readonly out: { write(text: string): unknown; isTTY?: boolean; columns?: number },
    private readonly name: string,
    private readonly plainEveryMs = 5_000,
    private readonly now: () => number = Date.now,
  ) {}

  private get tty(): boolean {
    return this.out.isTTY === true;
  }

  /** Shows the status; on a TTY at most ten times a second, otherwise a line every `plainEveryMs`. */
  update(status: RebuildStatus, force = false): void {
    const now = this.now();
    if (!force && this.drawn && now - this.lastDraw < (this.tty ? 100 : this.plainEveryMs)) return;
    this.lastDraw = now;
    this.drawn = true;
    if (this.tty) this.out.write(`\r\x1b[2K${barLine(this.name, status, this.out.columns ?? 80)}`);
    else this.out.write(`${plainLine(this.name, status)}\n`);
  }

  /** Ends the display with a line of its own (the bar's line is kept). */
  finish(text: string): void {
    this.out.write(`${this.tty && this.drawn ? '\n' : ''}${text}\n`);
    this.drawn = false;
  }
}

const count = (n: number): string => n.toLocaleString('en');

const percent = (s: RebuildStatus): number => (s.total > 0 ? Math.floor((100 * s.done) / s.total) : 100);

/** 75 → '1:15', 3725 → '1:02:05'. */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

const rateText = (s: RebuildStatus): string => (s.ratePerSecond === null ? '… events/s' : `${count(s.ratePerSecond)} events/s`);
const etaText = (s: RebuildStatus): string => (s.etaSeconds === null ? 'ETA …' : `ETA ${duration(s.etaSeconds)}`);

/** `members: generation 3: 540,000 / 1,000,000 events (54%), 128,403 events/s, ETA 0:04` */
export function plainLine(name: string, s: RebuildStatus): string {
  return `${name}: generation ${s.generation}: ${count(s.done)} / ${count(s.total)} events (${percent(s)}%), ${rateText(s)}, ${etaText(s)}`;
}

/** `members g3 [████████░░░░░░░░]  54%  540,000/1,000,000 events  128,403 events/s  ETA 0:04`, fitted to `columns`. */
export function barLine(name: string, s: RebuildStatus, columns: number): string {
  const head = `${name} g${s.generation} `;
  const tail = ` ${String(percent(s)).padStart(3)}%  ${count(s.done)}/${count(s.total)} events  ${rateText(s)}  ${etaText(s)}`;
  const width = Math.min(40, columns - 1 - head.length - tail.length - 2);
  if (width < 5) return `${head}${tail.trimStart()}`.slice(0, Math.max(0, columns - 1));
  const filled = s.total > 0 ? Math.min(width, Math.floor((width * s.done) / s.total)) : width;
  return `${head}[${'█'.repeat(filled)}${'░'.repeat(width - filled)}]${tail}`;
}
