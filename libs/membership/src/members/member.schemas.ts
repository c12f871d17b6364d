import {
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

const memberFields: Record<string, Schema> = {
  id: str(),
  name: str(),
  applicantType: nullable(oneOf(APPLICANT_TYPES)),
  direction: nullable(oneOf(DIRECTIONS)),
  status: oneOf(STATUSES),
  exitKind: nullable(oneOf(EXIT_KINDS, 'set once exited')),
  term: nullable(obj({ start: date(), end: date('last day, inclusive') })),
  renewals: int(),
  warnings: int(),
  fines: obj({ count: int(), totalFen: fen('fines') }),
  latestScore: nullable(int('last quarter total; null until scored')),
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

export const MEMBER_SCHEMA: Schema = obj(
  {
    ...memberFields,
    ruleSet: ruleSetRef,
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
);
(MEMBER_SCHEMA.required as string[]).splice((MEMBER_SCHEMA.required as string[]).indexOf('asOf'), 1);

export const MEMBER_LIST_SCHEMA: Schema = page(obj(memberFields));

export const MEMBER_HISTORY_SCHEMA: Schema = obj({ id: str(), streamId: str(), events: arr(eventEntry, 'oldest first') });

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
    exit: nullable(exitRecord),
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
