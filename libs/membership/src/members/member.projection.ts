import { businessDateOf, type RecordedEvent } from '@opc/kernel';
import type { Projection } from '@opc/platform';
import type { DisciplineEvent } from '../discipline/discipline.events';
import { disciplineSummary, evolveDiscipline, initialDiscipline, type Discipline } from '../discipline/discipline.state';
import { evolveMember, initialMember, toMemberView, type Member, type MemberEvent } from '../member.state';
import type { QuarterEvent } from '../scoring/quarter.events';

/** One quarter of a member's scoring, as the close decided it (or as entered, before the close). */
export interface QuarterScore {
  quarter: string;
  total: number;
  rank: number | null;
  eliminated: boolean;
  onWarningList: boolean;
  warningRun: number | null;
  reasons: string[];
  closed: boolean;
  /** When this was recorded (as-of reads keep what was known then). */
  recordedAt: string;
}

export const MEMBERS_PROJECTION = 'members';

/**
 * The member read model: one document per member, joining its membership (`member-<id>`) and its
 * disciplinary record (`discipline-<id>`), so a read or a list needs one document.
 */
export interface MemberDoc extends ReturnType<typeof toMemberView> {
  _id: string;
  state: Member;
  discipline: Discipline;
  /** Standing warnings, for lists and dashboards. */
  warnings: number;
  /** M-SCORE: the last quarter's total (latest entry), the history by quarter, the warning list (M-SCORE-10). */
  latestScore: number | null;
  latestQuarter: string | null;
  scores: QuarterScore[];
  onWarningList: boolean;
  finesIssuedFen: number;
  finesPaidFen: number;
  revision: number;
  position: number;
  disciplineRevision: number;
  appliedAt: string;
  updatedAt: string;
  [key: string]: unknown;
}

const idOf = (streamId: string): string | null => {
  if (streamId.startsWith('member-')) return streamId.slice('member-'.length);
  if (streamId.startsWith('discipline-')) return streamId.slice('discipline-'.length);
  return null;
};

/** A quarter's events touch the documents of the members they score. */
const applyQuarter = async (event: RecordedEvent, tx: Parameters<Projection['apply']>[1]) => {
  const e = event as unknown as QuarterEvent;
  const upsert = async (memberId: string, change: (d: MemberDoc) => Partial<MemberDoc>) => {
    const doc = await tx.get<MemberDoc>('members', memberId);
    if (doc) tx.put('members', { ...doc, ...change(doc), position: Math.max(doc.position, event.position) });
  };
  const withQuarter = (d: MemberDoc, score: QuarterScore): QuarterScore[] =>
    [...(d.scores ?? []).filter((s) => s.quarter !== score.quarter), score].sort((a, b) => a.quarter.localeCompare(b.quarter));
  switch (e.type) {
    case 'ScoreRecorded.v1': {
      const { memberId, quarter, total } = e.data;
      return upsert(memberId, (d) => {
        const later = (d.latestQuarter ?? '') > quarter;
        return {
          latestScore: later ? d.latestScore : total,
          latestQuarter: later ? d.latestQuarter : quarter,
          scores: withQuarter(d, {
            quarter,
            total,
            rank: null,
            eliminated: false,
            onWarningList: false,
            warningRun: null,
            reasons: [],
            closed: false,
            recordedAt: event.metadata.recordedAt,
          }),
        };
      });
    }
    case 'QuarterClosed.v1':
      for (const o of e.data.decision.ranking)
        await upsert(o.memberId, (d) => {
          const scores = withQuarter(d, {
            quarter: e.data.quarter,
            total: o.total,
            rank: o.rank,
            eliminated: o.eliminated,
            onWarningList: o.onWarningList,
            warningRun: o.warningRun,
            reasons: o.reasons,
            closed: true,
            recordedAt: event.metadata.recordedAt,
          });
          return { scores, onWarningList: scores.filter((s) => s.closed).at(-1)?.onWarningList ?? false };
        });
      return;
    case 'MemberOutcomeRevised.v1': {
      const { memberId, quarter, outcome: o } = e.data;
      return upsert(memberId, (d) => {
        const scores = withQuarter(d, {
          quarter,
          total: o.total,
          rank: o.rank,
          eliminated: o.eliminated,
          onWarningList: o.onWarningList,
          warningRun: o.warningRun,
          reasons: o.reasons,
          closed: true,
          recordedAt: event.metadata.recordedAt,
        });
        return { scores, onWarningList: scores.filter((s) => s.closed).at(-1)?.onWarningList ?? false };
      });
    }
  }
};

export const membersProjection: Projection = {
  name: MEMBERS_PROJECTION,
  // v3: joins the disciplinary record and the quarters' scores.
  version: 3,
  collections: ['members'],
  async apply(event: RecordedEvent, tx) {
    if (event.streamId.startsWith('quarter-')) return applyQuarter(event, tx);
    const id = idOf(event.streamId);
    if (id === null) return;
    const doc = await tx.get<MemberDoc>('members', id);
    const onMember = event.streamId.startsWith('member-');
    // A record without a member (never expected) waits in a document of its own until the member shows up.
    const state = onMember
      ? evolveMember(doc?.state ?? initialMember(), event as unknown as MemberEvent)
      : (doc?.state ?? initialMember());
    const discipline = onMember
      ? (doc?.discipline ?? initialDiscipline())
      : evolveDiscipline(doc?.discipline ?? initialDiscipline(), event as unknown as DisciplineEvent);
    const summary = disciplineSummary(discipline, businessDateOf(event.metadata.recordedAt));
    tx.put('members', {
      _id: id,
      ...toMemberView(state),
      state,
      discipline,
      warnings: summary.warnings,
      latestScore: doc?.latestScore ?? null,
      latestQuarter: doc?.latestQuarter ?? null,
      scores: doc?.scores ?? [],
      onWarningList: doc?.onWarningList ?? false,
      finesIssuedFen: summary.fines.issuedFen,
      finesPaidFen: summary.fines.paidFen,
      revision: onMember ? event.revision : (doc?.revision ?? -1),
      position: Math.max(event.position, doc?.position ?? 0),
      disciplineRevision: onMember ? (doc?.disciplineRevision ?? -1) : event.revision,
      appliedAt: doc?.appliedAt ?? event.metadata.occurredAt,
      updatedAt: event.metadata.recordedAt,
    });
  },
};
