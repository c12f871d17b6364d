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

/**
 * Read-your-writes over several log followers: waits until each named one has reached `position`,
 * all within `waitMs`. A follower running in this process is awaited directly; one running in
 * another process (or standing by here) is polled through the checkpoint it stored. Answers the
 * first name that did not get there in time, or null.
 */
export async function awaitCheckpoints(
  names: readonly string[],
  position: number,
  waitMs: number,
  local: (name: string) => { waitFor(position: number, timeoutMs: number): Promise<boolean> } | undefined,
  stored: (name: string) => Promise<number>,
): Promise<string | null> {
  const deadline = Date.now() + waitMs;
  for (const name of names) {
    const follower = local(name);
    if (follower) {
      if (!(await follower.waitFor(position, Math.max(0, deadline - Date.now())))) return name;
      continue;
    }
    while ((await stored(name)) < position) {
      if (Date.now() >= deadline) return name;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
  return null;
}
