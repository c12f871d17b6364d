import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CLOCK, deterministicId, type Clock } from '@opc/kernel';
import { PLATFORM_CONFIG, type PlatformConfig } from '../config';
import { Projections } from '../projections/projections.service';
import type { Deadline, DeadlineAction, DeadlineRules } from './deadline';
import { Leased } from '../leases/leased';
import { LeaseKeeper } from '../leases/leases';

export const DEADLINES_PROJECTION = 'deadlines';

/**
 * The generic deadlines projection and the scheduler that acts on it. Contexts register their
 * event → deadline rules and the actions for deadlines that carry one.
 */
@Injectable()
export class Deadlines implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('scheduler');
  private readonly rules: DeadlineRules[] = [];
  private readonly knownKinds = new Set<string>();
  private readonly actions = new Map<string, DeadlineAction>();
  private timer: NodeJS.Timeout | null = null;
  private gate: Leased | null = null;
  private running: Promise<number> | null = null;

  constructor(
    private readonly projections: Projections,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    private readonly leases: LeaseKeeper,
  ) {
    projections.register({
      name: DEADLINES_PROJECTION,
      // v2: deadlines name the member they concern.
      version: 2,
      collections: ['deadlines'],
      apply: (event, tx) => {
        for (const rule of this.rules)
          for (const change of rule(event)) {
            if ('close' in change) tx.delete('deadlines', change.close);
            else tx.put('deadlines', { ...change.open, openedAt: event.metadata.recordedAt } as Deadline);
          }
      },
    });
  }

  /** A context's event → deadline mapping, and the kinds of deadline it opens (for the API's enums). */
  registerRules(rules: DeadlineRules, kinds: readonly string[]): void {
    this.rules.push(rules);
    for (const kind of kinds) this.knownKinds.add(kind);
  }

  kinds(): string[] {
    return [...this.knownKinds];
  }

  registerAction(command: string, action: DeadlineAction): void {
    this.actions.set(command, action);
  }

  /**
   * With the system clock the scheduler polls, under the `scheduler` lease: with several projectors
   * one acts at a time (its actions' command ids make a repeat harmless anyway). With the manual
   * clock it runs when the clock is moved.
   */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.runProjections || this.config.clock === 'manual') return;
    this.gate = new Leased(this.leases, 'scheduler', {
      start: async () => {
        // Each round first renews the lease: a process paused past its lease does not act on waking.
        this.timer = setInterval(
          () =>
            void this.gate!.confirm()
              .then((held) => (held ? this.runDue() : 0))
              .catch((e) => this.logger.error(String(e))),
          this.config.schedulerIntervalMs,
        );
        this.timer.unref();
      },
      stop: async () => {
        if (this.timer) clearInterval(this.timer);
        this.timer = null;
        await this.running?.catch(() => undefined);
      },
      lost: () => false,
    });
    await this.gate.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.gate?.stop();
    if (this.timer) clearInterval(this.timer);
  }

  /** Deadlines, soonest first; `overdue` is computed against the injected clock. */
  async list(query: { dueBefore?: Date; kind?: string; memberId?: string; overdue?: boolean }) {
    const filter: Record<string, unknown> = {};
    const now = this.clock.now().toISOString();
    if (query.dueBefore) filter.dueAt = { $lte: query.dueBefore.toISOString() };
    if (query.kind) filter.kind = query.kind;
    if (query.memberId) filter.memberId = query.memberId;
    if (query.overdue === true) filter.dueAt = { ...(filter.dueAt as object), $lt: now };
    if (query.overdue === false) filter.dueAt = { ...(filter.dueAt as object), $gte: now };
    const items = await this.reader().find<Deadline>(filter, { sort: { dueAt: 1, _id: 1 } });
    return items.map((d) => ({ ...d, id: d._id, overdue: d.dueAt < now }));
  }

  /** Issues the action of every deadline due by now; returns how many recorded something. One run at a time. */
  runDue(): Promise<number> {
    this.running ??= this.actOnDue().finally(() => (this.running = null));
    return this.running;
  }

  private async actOnDue(): Promise<number> {
    const now = this.clock.now().toISOString();
    const due = await this.reader().find<Deadline>(
      { action: { $ne: null }, dueAt: { $lte: now } },
      { sort: { dueAt: 1, _id: 1 } },
    );
    let acted = 0;
    for (const deadline of due) if (await this.actOn(deadline)) acted++;
    return acted;
  }

  /**
   * Carries out one deadline's action with the command id derived from the deadline, so running
   * it again — a second scheduler, a retry — records nothing twice. Answers whether it recorded anything.
   */
  async actOn(deadline: Deadline): Promise<boolean> {
    const action = deadline.action ? this.actions.get(deadline.action.command) : undefined;
    if (!action) {
      this.logger.warn(`no action registered for ${deadline.action?.command ?? '(none)'} (deadline ${deadline._id})`);
      return false;
    }
    try {
      return await action(deadline, {
        commandId: deterministicId('deadline', deadline._id, deadline.dueAt),
        actor: { id: 'scheduler', role: 'system' },
        // The fact happened when it fell due, however late the scheduler gets to it.
        occurredAt: new Date(deadline.dueAt),
      });
    } catch (e) {
      this.logger.error(`deadline ${deadline._id}: ${(e as Error).message}`);
      return false;
    }
  }

  private reader() {
    return this.projections.reader(DEADLINES_PROJECTION, 'deadlines');
  }
}
