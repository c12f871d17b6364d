import { Inject, Injectable } from '@nestjs/common';
import { businessDateOf, CLOCK, NotFound, type Clock, type RecordedEvent } from '@opc/kernel';
import { EVENT_STORE, type EventStore } from '@opc/eventstore';
import { Projections, ruleSetAt, selectEvents, type AsOfSelection } from '@opc/platform';
import { foldMember, toMemberView, type MemberStatus } from '../member.state';
import { memberStreamId } from '../member.decider';
import { MEMBERSHIP_RULE_SETS } from '../rules/membership-rule-sets';
import { MEMBERS_PROJECTION, type MemberDoc } from './member.projection';
import { toArchive } from '../archive/archive';

export const PAGE_SIZE = 50;

/** The read side of members: current state from the projection, past state folded from the stream. */
@Injectable()
export class MemberQueries {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly projections: Projections,
  ) {}

  private members() {
    return this.projections.reader(MEMBERS_PROJECTION, 'members');
  }

  async current(id: string, minPosition?: number) {
    await this.projections.waitFor(minPosition, [MEMBERS_PROJECTION]);
    const doc = await this.members().findOne<MemberDoc>({ _id: id });
    if (!doc) throw new NotFound('member', id);
    const rules = MEMBERSHIP_RULE_SETS.inForceOn(businessDateOf(this.clock.now()));
    return {
      ...toMemberView(doc.state),
      revision: doc.revision,
      position: doc.position,
      ruleSet: { id: rules.id, version: rules.version },
    };
  }

  /** As-of reads (docs/architecture.md "As-of reads"): the member folded from the events the selection admits. */
  async asOf(id: string, sel: AsOfSelection) {
    const all = await this.events.readStream(memberStreamId(id));
    if (all.length === 0) throw new NotFound('member', id);
    const folded = selectEvents(all, sel);
    if (folded.length === 0) throw new NotFound('member', `${id} (it did not exist at the requested moment)`);
    const state = foldMember(folded);
    const last = folded[folded.length - 1];
    return {
      ...toMemberView(state),
      revision: last.revision,
      position: last.position,
      ruleSet: ruleSetAt(MEMBERSHIP_RULE_SETS, sel, folded, this.clock.now()),
      asOf: {
        mode: sel.mode,
        at: sel.at?.toISOString() ?? null,
        atRevision: sel.revision,
        eventsFolded: folded.length,
        eventsSince: all.length - folded.length,
      },
    };
  }

  async history(id: string) {
    const events = await this.events.readStream(memberStreamId(id));
    if (events.length === 0) throw new NotFound('member', id);
    return { id, streamId: memberStreamId(id), events: events.map(historyEntry) };
  }

  async list(query: { status?: MemberStatus; warning?: boolean; page: number; minPosition?: number; onlyId?: string }) {
    await this.projections.waitFor(query.minPosition, [MEMBERS_PROJECTION]);
    const filter: Record<string, unknown> = {};
    if (query.onlyId) filter._id = query.onlyId;
    if (query.status) filter.status = query.status;
    if (query.warning !== undefined) filter.warnings = query.warning ? { $gt: 0 } : 0;
    const [docs, total] = await Promise.all([
      this.members().find<MemberDoc>(filter, {
        sort: { appliedAt: 1, _id: 1 },
        skip: (query.page - 1) * PAGE_SIZE,
        limit: PAGE_SIZE,
      }),
      this.members().count(filter),
    ]);
    return {
      items: docs.map((d) => ({ ...toMemberView(d.state), revision: d.revision, position: d.position })),
      total,
      page: query.page,
      pageSize: PAGE_SIZE,
      pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    };
  }

  /** M-ARC: folded from the stream, so it is complete and exact at any moment. */
  async archive(id: string) {
    const events = await this.events.readStream(memberStreamId(id));
    if (events.length === 0) throw new NotFound('member', id);
    const state = foldMember(events);
    const last = events[events.length - 1];
    return { ...toArchive(state), revision: last.revision, position: last.position };
  }
}

const historyEntry = (e: RecordedEvent) => ({
  revision: e.revision,
  position: e.position,
  type: e.type,
  data: e.data,
  metadata: e.metadata,
});
