import { Inject, Injectable } from '@nestjs/common';
import { businessDateOf, CLOCK, type Clock } from '@opc/kernel';
import { EVENT_STORE, type EventStore } from '@opc/eventstore';
import { Projections } from '@opc/platform';
import { BANS_PROJECTION, type BanDoc } from './bans.projection';

/** Bans by the subject's keyed hash, read after the bans projection has folded every event so far. */
@Injectable()
export class BanLookup {
  constructor(
    private readonly projections: Projections,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The subject's bans: the standing one that ends last (whether or not still running) and every ban. */
  async latest(subjectHash: string): Promise<BanDoc | null> {
    // A forced exit just decided must already bar a re-application: read the bans up to the head.
    await this.projections.waitFor(await this.events.headPosition(), [BANS_PROJECTION]);
    return this.projections.reader(BANS_PROJECTION, 'bans').findOne<BanDoc>({ _id: subjectHash });
  }

  /** POST /bans/lookup: the running ban, if any, on the business date of now. */
  async active(subjectHash: string) {
    const doc = await this.latest(subjectHash);
    const ban = doc?.standing ?? null;
    const today = businessDateOf(this.clock.now());
    if (!ban || today >= ban.banUntil) return { banned: false, ban: null, previousBans: doc?.history.length ?? 0 };
    return {
      banned: true,
      ban: { until: ban.banUntil, clause: ban.clause, reason: ban.reason, decidedDate: ban.decidedDate, memberId: ban.memberId },
      previousBans: doc!.history.length,
    };
  }
}
