import { arr, date, fen, instant, int, nullable, obj, type Schema } from '@opc/platform/http/schema';
import { EXIT_KINDS, MEMBER_STATUSES } from './summary';

const counts = (keys: readonly string[], description: string): Schema =>
  obj(Object.fromEntries(keys.map((k) => [k, int()])), description);
const byKey = (description: string): Schema => ({
  type: 'object',
  additionalProperties: { type: 'integer' },
  description,
});
const totalByKind = (description: string): Schema => obj({ total: int(), byKind: byKey('by deadline kind') }, description);

/** `GET /dashboard/summary`: every figure an integer (money in fen). */
export const DASHBOARD_SUMMARY_SCHEMA: Schema = obj(
  {
    date: date('the business date the figures are for'),
    asOf: nullable(
      obj({
        date: date(),
        recordedBy: instant('the end of that business day: events recorded by then are counted'),
        eventsFolded: int(),
      }),
    ),
    position: int('the last event the figures include'),
    members: obj({
      total: int(),
      byStatus: counts(MEMBER_STATUSES, 'members by status'),
      exitedByKind: counts(EXIT_KINDS, 'exited members by exit kind'),
      scoreBands: arr(
        obj({ from: int(), to: nullable(int('inclusive; null: open-ended')), count: int() }),
        'active and exiting members by latest score, in the bands of the scoring scheme in force',
      ),
      unscored: int('active or exiting, never scored'),
      warningList: int('M-SCORE-10: on the warning list'),
    }),
    deadlines: obj({
      overdue: totalByKind('open deadlines past their moment'),
      dueThisWeek: totalByKind('open deadlines due from now to Sunday'),
      next30Days: arr(obj({ date: date(), count: int() }), 'open deadlines by due date, today first, 30 days'),
    }),
    fines: obj({
      issuedFen: fen('fines issued (cancelled on appeal excluded)'),
      paidFen: fen('paid'),
      outstandingFen: fen('owed'),
      byMonth: arr(
        obj({ month: { type: 'string', example: '2027-06' }, issuedFen: fen(), paidFen: fen() }),
        '12 months, oldest first',
      ),
    }),
    rewards: obj({
      inPublicity: int(),
      awaitingDelivery: int('publicity over, not delivered'),
      deliveryOverdue: int('awaiting delivery past its due date (M-REW-4)'),
      delivered: int(),
    }),
    appeals: obj({ open: int(), overdue: int('open past the answer due date (M-APL-1)') }),
    requests: obj({
      open: int('not resolved'),
      breaches: obj({ thisMonth: int(), thisQuarter: int() }, 'M-SVC-1: deadlines breached'),
    }),
    communities: obj({
      total: int(),
      byCategory: byKey('I, II, or none (below 1,000 m²)'),
      byGrade: byKey('valid results by grade'),
      valid: int('with a result valid on the date'),
      expiringWithin60Days: int('C-VALID-1: valid results ending within 60 days'),
    }),
  },
  'the operators’ overview',
);
