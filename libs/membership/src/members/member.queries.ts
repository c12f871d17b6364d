import { Inject, Injectable } from '@nestjs/common';
import { businessDateOf, CLOCK, NotFound, type Clock, type RecordedEvent } from '@opc/kernel';
import { EVENT_STORE, type EventStore } from '@opc/eventstore';
import { Projections, RuleSets, ruleSetAt, selectEvents, type AsOfSelection } from '@opc/platform';
import { disciplineStreamId } from '../discipline/discipline.decider';
import { disciplineSummary, foldDiscipline, type Discipline } from '../discipline/discipline.state';
import { foldMember, toMemberView, type Member, type MemberStatus } from '../member.state';
import { memberStreamId } from '../member.decider';
import { MEMBERSHIP } from '../rules/membership-rule-sets';
import type { MembershipRules } from '../rules/membership-rules';
import { MEMBERS_PROJECTION, scoresFrom, type MemberDoc, type QuarterScore } from './member.projection';
import { toArchive } from '../archive/archive';

export const PAGE_SIZE = 50;
/** Consoles export lists a page at a time; a page stays one bounded read. */
export const MAX_PAGE_SIZE = 500;

/**
 * The member as read: its membership and, from its disciplinary record, warnings, fines
 * (issued, paid, outstanding in fen), suspensions running on `today` and open cases.
 */
/** What the scoring said of the member (from the members projection; as-of reads fold the quarters). */
export interface MemberScores {
  latestScore: number | null;
  scores: QuarterScore[];
  onWarningList: boolean;
}
const NO_SCORES: MemberScores = { latestScore: null, scores: [], onWarningList: false };

export const toMemberRead = (m: Member, d: Discipline, today: string, scoring: MemberScores = NO_SCORES) => {
  const summary = disciplineSummary(d, today);
  return {
    ...toMemberView(m),
    warnings: summary.warnings,
    fines: summary.fines,
    suspensions: summary.suspensions,
    openCases: summary.openCases,
    openNotices: summary.openNotices,
    violations: summary.violations,
    // M-SCORE: the last quarter's total (null until scored), each quarter's outcome, the warning list (M-SCORE-10).
    latestScore: scoring.latestScore,
    scores: scoring.scores,
    onWarningList: scoring.onWarningList,
  };
};

/** The read side of members: current state from the projection, past state folded from the streams. */
@Injectable()
export class MemberQueries {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly projections: Projections,
    private readonly ruleSets: RuleSets,
  ) {}

  private rules() {
    return this.ruleSets.history<MembershipRules>(MEMBERSHIP);
  }

  private members() {
    return this.projections.reader(MEMBERS_PROJECTION, 'members');
  }

  private today(): string {
    return businessDateOf(this.clock.now());
  }

  async current(id: string, minPosition?: number) {
    await this.projections.waitFor(minPosition, [MEMBERS_PROJECTION]);
    const doc = await this.members().findOne<MemberDoc>({ _id: id });
    if (!doc || doc.state.status === null) throw new NotFound('member', id);
    const rules = (await this.rules()).inForceOn(this.today());
    return {
      ...toMemberRead(doc.state, doc.discipline, this.today(), scoresOf(doc)),
      revision: doc.revision,
      disciplineRevision: doc.disciplineRevision,
      position: doc.position,
      ruleSet: { id: rules.id, version: rules.version },
    };
  }

  /**
   * As-of reads: the member and its disciplinary record, each folded from the events the selection
   * admits (`atRevision` counts the membership stream's revisions; the record is folded up to the
   * moment the last of those was recorded).
   */
  async asOf(id: string, sel: AsOfSelection) {
    const [all, record] = await Promise.all([
      this.events.readStream(memberStreamId(id)),
      this.events.readStream(disciplineStreamId(id)),
    ]);
    if (all.length === 0) throw new NotFound('member', id);
    const folded = selectEvents(all, sel);
    if (folded.length === 0) throw new NotFound('member', `${id} (it did not exist at the requested moment)`);
    const last = folded[folded.length - 1];
    const recordFolded =
      sel.mode === 'atRevision'
        ? record.filter((e) => e.metadata.recordedAt <= last.metadata.recordedAt)
        : selectEvents(record, sel);
    const at = sel.at ?? new Date(last.metadata.occurredAt);
    // Scores as they stood then: derived from the facts recorded by the moment asked (by revision: by its last event).
    const doc = await this.members().findOne<MemberDoc>({ _id: id });
    const knownBy = sel.mode === 'atRevision' ? last.metadata.recordedAt : at.toISOString();
    const { latestQuarter: _latest, ...scoring } = scoresFrom(doc?.scoreFacts ?? [], knownBy);
    return {
      ...toMemberRead(foldMember(folded), foldDiscipline(recordFolded), businessDateOf(at), scoring),
      revision: last.revision,
      disciplineRevision: recordFolded.length - 1,
      position: Math.max(last.position, recordFolded[recordFolded.length - 1]?.position ?? 0),
      ruleSet: ruleSetAt(await this.rules(), sel, folded, this.clock.now()),
      // M-APL-2: the versions that decided what was folded, as stamped on the events.
      decidedUnder: distinctRuleSets([...folded, ...recordFolded]),
      asOf: {
        mode: sel.mode,
        at: sel.at?.toISOString() ?? null,
        atRevision: sel.revision,
        eventsFolded: folded.length + recordFolded.length,
        eventsSince: all.length - folded.length + record.length - recordFolded.length,
      },
    };
  }

  /** Every event about the member (membership and disciplinary record), in the order they were recorded. */
  async history(id: string) {
    const [membership, record] = await Promise.all([
      this.events.readStream(memberStreamId(id)),
      this.events.readStream(disciplineStreamId(id)),
    ]);
    if (membership.length === 0) throw new NotFound('member', id);
    const events = [...membership, ...record].sort((a, b) => a.position - b.position);
    return {
      id,
      streamId: memberStreamId(id),
      streams: [memberStreamId(id), disciplineStreamId(id)],
      events: events.map(historyEntry),
    };
  }

  async list(query: {
    status?: MemberStatus;
    warning?: boolean;
    name?: string;
    minScore?: number;
    maxScore?: number;
    page: number;
    pageSize?: number;
    minPosition?: number;
    onlyId?: string;
  }) {
    await this.projections.waitFor(query.minPosition, [MEMBERS_PROJECTION]);
    const pageSize = query.pageSize ?? PAGE_SIZE;
    const filter: Record<string, unknown> = { status: { $ne: null } };
    if (query.onlyId) filter._id = query.onlyId;
    if (query.status) filter.status = query.status;
    // M-SCORE-10: the warning list.
    if (query.warning !== undefined) filter.onWarningList = query.warning;
    // A literal, case-insensitive search: the text is escaped, never read as a pattern.
    if (query.name) filter.name = { $regex: query.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), $options: 'i' };
    if (query.minScore !== undefined || query.maxScore !== undefined)
      filter.latestScore = {
        $ne: null,
        ...(query.minScore !== undefined ? { $gte: query.minScore } : {}),
        ...(query.maxScore !== undefined ? { $lte: query.maxScore } : {}),
      };
    const [docs, total] = await Promise.all([
      this.members().find<MemberDoc>(filter, {
        sort: { appliedAt: 1, _id: 1 },
        skip: (query.page - 1) * pageSize,
        limit: pageSize,
      }),
      this.members().count(filter),
    ]);
    const today = this.today();
    return {
      items: docs.map((d) => ({
        ...toMemberRead(d.state, d.discipline, today, scoresOf(d)),
        revision: d.revision,
        position: d.position,
      })),
      total,
      page: query.page,
      pageSize,
      pages: Math.max(1, Math.ceil(total / pageSize)),
    };
  }

  /** M-ARC: folded from the streams, so it is complete and exact at any moment. */
  async archive(id: string) {
    const [events, record] = await Promise.all([
      this.events.readStream(memberStreamId(id)),
      this.events.readStream(disciplineStreamId(id)),
    ]);
    if (events.length === 0) throw new NotFound('member', id);
    const last = events[events.length - 1];
    return { ...toArchive(foldMember(events), foldDiscipline(record)), revision: last.revision, position: last.position };
  }

  /** M-ARC-1: the member's quarters as the read model holds them (entries and the close's outcome). */
  async scores(id: string): Promise<QuarterScore[]> {
    // The archive reads streams directly; its scores must be as complete (what was recorded by now).
    await this.projections.waitFor(await this.events.headPosition(), [MEMBERS_PROJECTION]);
    const doc = await this.members().findOne<MemberDoc>({ _id: id });
    return scoresFrom(doc?.scoreFacts ?? []).scores;
  }
}

const scoresOf = (d: MemberDoc): MemberScores => {
  const { latestScore, scores, onWarningList } = scoresFrom(d.scoreFacts ?? []);
  return { latestScore, scores, onWarningList };
};

const distinctRuleSets = (events: RecordedEvent[]) => {
  const seen = new Map<string, { id: string; version: number }>();
  for (const e of events) seen.set(`${e.metadata.ruleSet.id}:${e.metadata.ruleSet.version}`, e.metadata.ruleSet);
  return [...seen.values()];
};

const historyEntry = (e: RecordedEvent) => ({
  streamId: e.streamId,
  revision: e.revision,
  position: e.position,
  type: e.type,
  data: e.data,
  metadata: e.metadata,
});
