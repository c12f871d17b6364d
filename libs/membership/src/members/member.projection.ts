import { businessDateOf, type RecordedEvent } from '@opc/kernel';
import type { Projection, ProjectionTx } from '@opc/platform';
import type { DisciplineEvent } from '../discipline/discipline.events';
import { disciplineSummary, evolveDiscipline, initialDiscipline, type Discipline } from '../discipline/discipline.state';
import { evolveMember, initialMember, toMemberView, type Member, type MemberEvent } from '../member.state';
import type { QuarterEvent } from '../scoring/quarter.events';
import { isPeriodStream, periodStart } from '../scoring/period';
import type { Outcome } from '../scoring/scoring.rules';

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
  onWarningList: boolean;
  /** The facts the scores are derived from (as-of reads derive them from those recorded by then). */
  scoreFacts: ScoreFact[];
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

/**
 * What the member's record learned about its scores, in order: entries, voids, the close's outcome
 * (or why it was not ranked). The scores shown are derived from it, so an as-of read derives them
 * from the facts recorded by then.
 */
export type ScoreFact = { quarter: string; recordedAt: string } & (
  | { kind: 'entry'; total: number }
  | { kind: 'voided' }
  | { kind: 'outcome'; outcome: Outcome }
  | { kind: 'not-ranked'; total: number; reason: string }
);

/** The member's scores by period from its facts (those recorded by `knownBy`, when given). */
export function scoresFrom(facts: readonly ScoreFact[], knownBy?: string) {
  const byPeriod = new Map<string, QuarterScore>();
  for (const f of facts) {
    if (knownBy !== undefined && f.recordedAt > knownBy) continue;
    const before = byPeriod.get(f.quarter);
    const base = { quarter: f.quarter, recordedAt: f.recordedAt };
    switch (f.kind) {
      case 'entry':
        // A corrected entry after the close (an upheld objection) keeps the outcome until it is re-decided.
        byPeriod.set(f.quarter, before?.closed ? { ...before, ...base, total: f.total } : { ...base, ...OPEN, total: f.total });
        break;
      case 'voided':
        byPeriod.delete(f.quarter);
        break;
      case 'outcome': {
        const o = f.outcome;
        byPeriod.set(f.quarter, {
          ...base,
          total: o.total,
          rank: o.rank,
          eliminated: o.eliminated,
          onWarningList: o.onWarningList,
          warningRun: o.warningRun,
          reasons: o.reasons,
          closed: true,
        });
        break;
      }
      case 'not-ranked':
        byPeriod.set(f.quarter, { ...base, ...OPEN, total: f.total, reasons: [f.reason], closed: true });
        break;
    }
  }
  const scores = [...byPeriod.values()]
    .map((q) => [periodStart(q.quarter), q] as const)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, q]) => q);
  return {
    latestScore: scores.at(-1)?.total ?? null,
    latestQuarter: scores.at(-1)?.quarter ?? null,
    scores,
    onWarningList: scores.filter((q) => q.closed).at(-1)?.onWarningList ?? false,
  };
}

/** What lists filter on (the full list of scores is derived from the facts on read). */
const scoreSummary = (facts: readonly ScoreFact[]) => {
  const { latestScore, latestQuarter, onWarningList } = scoresFrom(facts);
  return { latestScore, latestQuarter, onWarningList };
};

const OPEN = { rank: null, eliminated: false, onWarningList: false, warningRun: null, reasons: [] as string[], closed: false };

/** A period's events touch the documents of the members they score. */
const applyQuarter = async (event: RecordedEvent, tx: Parameters<Projection['apply']>[1]) => {
  const e = event as unknown as QuarterEvent;
  const at = { quarter: e.data.quarter, recordedAt: event.metadata.recordedAt };
  const add = async (memberId: string, fact: ScoreFact) => {
    const doc = await tx.get<MemberDoc>('members', memberId);
    if (!doc) return;
    const scoreFacts = [...(doc.scoreFacts ?? []), fact];
    tx.put('members', { ...doc, scoreFacts, ...scoreSummary(scoreFacts), position: Math.max(doc.position, event.position) });
  };
  switch (e.type) {
    case 'ScoreRecorded.v1':
      return add(e.data.memberId, { ...at, kind: 'entry', total: e.data.total });
    case 'ScoreVoided.v1':
      return add(e.data.memberId, { ...at, kind: 'voided' });
    case 'QuarterClosed.v1':
      for (const o of e.data.decision.ranking) await add(o.memberId, { ...at, kind: 'outcome', outcome: o });
      for (const n of e.data.notRanked ?? [])
        await add(n.memberId, { ...at, kind: 'not-ranked', total: n.total, reason: n.reason });
      return;
    case 'MemberOutcomeRevised.v1':
      return add(e.data.memberId, { ...at, kind: 'outcome', outcome: e.data.outcome });
  }
};

export const membersProjection: Projection = {
  name: MEMBERS_PROJECTION,
  // v4: scores derived from the facts recorded (voids honoured, as-of reads exact).
  version: 4,
  collections: ['members'],
  apply(event: RecordedEvent, tx) {
    if (isPeriodStream(event.streamId)) return applyQuarter(event, tx);
    const id = idOf(event.streamId);
    if (id === null) return;
    // The batch mostly holds the member's document already (its earlier events wrote it): no await then.
    const held = tx.peek?.<MemberDoc>('members', id);
    if (held !== undefined) return foldIntoMember(event, tx, id, held);
    return tx.get<MemberDoc>('members', id).then((doc) => foldIntoMember(event, tx, id, doc));
  },
};

/** A member-stream or disciplinary-record event into the member's document. */
function foldIntoMember(event: RecordedEvent, tx: ProjectionTx, id: string, doc: MemberDoc | null): void {
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
    ...scoreSummary(doc?.scoreFacts ?? []),
    scoreFacts: doc?.scoreFacts ?? [],
    finesIssuedFen: summary.fines.issuedFen,
    finesPaidFen: summary.fines.paidFen,
    revision: onMember ? event.revision : (doc?.revision ?? -1),
    position: Math.max(event.position, doc?.position ?? 0),
    disciplineRevision: onMember ? (doc?.disciplineRevision ?? -1) : event.revision,
    appliedAt: doc?.appliedAt ?? event.metadata.occurredAt,
    updatedAt: event.metadata.recordedAt,
  });
}
