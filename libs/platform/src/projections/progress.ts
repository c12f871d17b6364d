/**
 * A log follower's position and who is waiting for it: read-your-writes (`?minPosition=`) and
 * the manual clock wait here until a projection or a process manager has folded a position.
 */
export class Progress {
  private readonly waiters = new Set<() => void>();

  constructor(private position = 0) {}

  get checkpoint(): number {
    return this.position;
  }

  /** Records a new checkpoint and wakes whoever waits for it. */
  advance(position: number): void {
    this.position = position;
    for (const w of [...this.waiters]) w();
  }

  /** Resolves once the checkpoint is at or past `position`, or with false after `timeoutMs`. */
  waitFor(position: number, timeoutMs: number): Promise<boolean> {
    if (this.position >= position) return Promise.resolve(true);
    return new Promise((resolve) => {
      const check = () => {
        if (this.position >= position) {
          clearTimeout(timer);
          this.waiters.delete(check);
          resolve(true);
        }
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        resolve(this.position >= position);
      }, timeoutMs);
      this.waiters.add(check);
    });
  }
}
