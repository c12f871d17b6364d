import {
  anyObject,
  arr,
  bool,
  date,
  eventEntry,
  fen,
  instant,
  int,
  nullable,
  obj,
  oneOf,
  optional,
  page,
  ruleSetRef,
  str,
  type Schema,
} from '@opc/platform/http/schema';
import { APPLICANT_TYPES, DIRECTIONS } from '../rules/membership-rules';

/** OpenAPI schemas of the member read side (what GET answers). */
const STATUSES = ['applied', 'reviewed', 'approved', 'rejected', 'signed', 'active', 'exiting', 'exited'];
const EXIT_KINDS = ['voluntary', 'expired', 'forced', 'eliminated'];

const dueDate = obj({ date: date(), provisional: bool('counted past the holiday data: may move') });
const evidence = obj({ evidenceId: str(), kind: str(), fileRef: str(), sha256: str() });
const exitRecord = obj({
  kind: oneOf(EXIT_KINDS),
  exitDate: date(),
  noticeDate: nullable(date()),
  reason: str(),
  clause: nullable(str()),
  depositForfeitedFen: fen('deposit forfeited'),
  banUntil: nullable(date('first day the subject may apply again')),
  retentionUntil: nullable(date('the archive is kept until this date (M-ARC-2)')),
});

/** One quarter of the member's scoring (M-SCORE): the entry's total, then the close's outcome. */
const quarterScore = obj({
  quarter: str('e.g. 2027Q1'),
  total: int(),
  rank: nullable(int('1 = best; null until the close')),
  eliminated: bool(),
  onWarningList: bool('M-SCORE-10: second consecutive quarter below 70'),
  warningRun: nullable(int('consecutive quarters below 70 up to this one; null until the close')),
  reasons: arr(str(), 'each rule that applied at the close'),
  closed: bool(),
  recordedAt: instant(),
});

const memberFields: Record<string, Schema> = {
  id: str(),
  name: str(),
  applicantType: nullable(oneOf(APPLICANT_TYPES)),
  direction: nullable(oneOf(DIRECTIONS)),
  status: oneOf(STATUSES),
  exitKind: nullable(oneOf(EXIT_KINDS, 'set once exited')),
  term: nullable(obj({ start: date(), end: date('last day, inclusive') })),
  renewals: int(),
  warnings: int('standing warnings on the disciplinary record'),
  fines: obj({ count: int(), issuedFen: fen('fines issued'), paidFen: fen('fines paid'), outstandingFen: fen('fines owed') }),
  suspensions: obj({
    active: bool('a suspension runs today'),
    items: arr(
      obj({ suspensionId: str(), resource: str(), until: nullable(date('first day it no longer applies')), untilPaid: bool() }),
    ),
  }),
  openCases: int('cases with a notice awaiting inspection or a fine owed'),
  openNotices: arr(obj({ noticeId: str(), caseId: str(), clause: str(), due: dueDate, overdue: bool() })),
  violations: int('standing violations on the record'),
  latestScore: nullable(int('last quarter total; null until scored')),
  scores: arr(quarterScore, 'by quarter, oldest first'),
  onWarningList: bool('M-SCORE-10: on the warning list after the last closed quarter'),
  clearedOut: nullable(bool('after an exit: the space confirmed vacated (or cleared by force); null before leaving')),
  clearOut: nullable(obj({ dueDate: date(), confirmedDate: nullable(date()), forced: bool() })),
  agreement: nullable(obj({ startDate: date(), feeFen: fen('fee per term'), depositFen: fen('deposit') })),
  payments: obj({ feeDueFen: fen('fee outstanding'), depositDueFen: fen('deposit outstanding'), feeLate: bool() }),
  workspace: nullable(str()),
  renewalRejected: bool(),
  exit: nullable(exitRecord),
  ban: nullable(obj({ until: date(), clause: nullable(str()), reason: str() })),
  deadlines: obj({ initialReview: nullable(dueDate), projectEvaluation: nullable(dueDate) }),
  rejection: nullable(obj({ stage: oneOf(['initial-review', 'project-evaluation']), reason: str() })),
  materials: arr(evidence),
  revision: int('last revision folded'),
  position: int('global position of that event'),
};

export const MEMBER_SCHEMA: Schema = optional(
  obj(
    {
      ...memberFields,
      disciplineRevision: int('last revision of the disciplinary record folded (-1: none)'),
      ruleSet: ruleSetRef,
      decidedUnder: { ...arr(ruleSetRef), description: 'as-of reads: the rule-set versions stamped on the events folded' },
      asOf: {
        ...obj({
          mode: oneOf(['asOf', 'asOfOccurred', 'atRevision']),
          at: nullable(instant()),
          atRevision: nullable(int()),
          eventsFolded: int(),
          eventsSince: int('events of the stream not folded: learned or happened after the moment'),
        }),
        description: 'present on as-of reads only',
      },
    },
    'a member, current or as of a moment',
  ),
  'asOf',
  'decidedUnder',
);

export const MEMBER_LIST_SCHEMA: Schema = page(obj(memberFields));

export const MEMBER_HISTORY_SCHEMA: Schema = obj({
  id: str(),
  streamId: str(),
  streams: arr(str(), 'the membership and the disciplinary record'),
  events: arr({ ...eventEntry, properties: { ...eventEntry.properties, streamId: str() } }, 'in the order recorded'),
});

export const MEMBER_TIMELINE_SCHEMA: Schema = obj({
  memberId: str(),
  streams: arr(str(), 'every stream read'),
  events: arr(
    {
      ...obj({
        streamId: str(),
        kind: oneOf(['membership', 'discipline', 'scoring', 'reward', 'volunteer', 'appeal', 'request']),
        type: str('stable, versioned name, e.g. ViolationRecorded.v1'),
        eventId: str('what an appeal names (decisionEventId)'),
        revision: int(),
        position: int('global position: the order of the list'),
        occurredAt: instant('business time of the fact (as-of "true then")'),
        recordedAt: instant('when the system learned it (as-of "known then")'),
        actor: obj({ id: str(), role: str() }),
        ruleSet: ruleSetRef,
        data: anyObject('the fact, with its reasons'),
      }),
      description: "a quarter close is an excerpt: only this member's outcome (excerpt: true)",
    },
    'oldest first',
  ),
});

export const ARCHIVE_SCHEMA: Schema = obj(
  {
    memberId: str(),
    name: str(),
    status: oneOf(STATUSES),
    materials: arr(evidence),
    agreement: nullable(obj({ startDate: date(), feeFen: fen('fee per term'), depositFen: fen('deposit') })),
    payments: arr(obj({ kind: str(), amountFen: fen('paid'), reference: str(), paidDate: date(), late: bool() })),
    terms: arr(obj({ start: date(), end: date(), feeFen: fen('fee'), feePaidFen: fen('paid'), feeLate: bool() })),
    renewals: arr(obj({ decision: oneOf(['approve', 'reject']), reason: str(), termEndDate: date() })),
    discipline: obj({
      violations: arr(anyObject('a case: clause, dates, facts, evidence, repeat count')),
      notices: arr(anyObject('a rectification notice and its inspection')),
      penalties: arr(anyObject('a decision: clause, tier, repeat count, amounts, annulled on appeal?')),
      fines: arr(anyObject('a fine, its payments, cancelled on appeal?')),
      suspensions: arr(anyObject()),
    }),
    appeals: arr(anyObject('an appeal and its outcome')),
    scores: arr(quarterScore, 'M-SCORE: by quarter, oldest first'),
    rewards: arr(anyObject('M-REW: a reward — clause, amount or option, publicity, delivery, withdrawn on appeal?')),
    volunteerServices: arr(obj({ serviceId: str(), memberId: str(), date: date(), activity: str() }), 'M-REW-1'),
    exit: nullable(exitRecord),
    clearOut: nullable(obj({ dueDate: date(), confirmedDate: nullable(date()), forced: bool() })),
    annulments: arr(obj({ kind: str(), appealId: str(), date: date(), reason: str() })),
    retentionUntil: nullable(date('kept until (M-ARC-2)')),
    revision: int(),
    position: int(),
  },
  'M-ARC-1: the member archive',
);

export const BAN_LOOKUP_SCHEMA: Schema = obj({
  banned: bool(),
  ban: nullable(obj({ until: date(), clause: str(), reason: str(), decidedDate: date(), memberId: str() })),
  previousBans: int('bans this subject ever had'),
});
