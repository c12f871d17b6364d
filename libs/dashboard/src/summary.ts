import { addDays, addMonths, isoWeekday, type BusinessDate } from '@opc/kernel';

/**
 * The dashboard's figures, computed from read-model documents only (pure: the same function
 * serves the live projections and an as-of fold of the log). Each input lists the fields it
 * uses, so a projection may carry more.
 */
export interface SummaryInput {
  /** The business date the figures are for (today, or the as-of date). */
  date: BusinessDate;
  /** The instant "now" stands for: deadlines due by then are overdue. */
  now: string;
  /** Lower bounds of the score bands (the scoring scheme's `statsBands`, ascending, first 0). */
  scoreBands: readonly number[];
  members: readonly MemberFacts[];
  deadlines: readonly DeadlineFacts[];
  rewards: readonly RewardFacts[];
  appeals: readonly AppealFacts[];
  requests: readonly RequestFacts[];
  communities: readonly CommunityFacts[];
}

export interface MemberFacts {
  status: string | null;
  exitKind?: string | null;
  latestScore?: number | null;
  onWarningList?: boolean;
  discipline: {
    fines: readonly {
      amountFen: number;
      imposedDate: string;
      cancelled: boolean;
      payments: readonly { amountFen: number; paidDate: string }[];
    }[];
  };
}
export interface DeadlineFacts {
  kind: string;
  dueDate: string;
  dueAt: string;
}
export interface RewardFacts {
  status: 'publicity' | 'delivered' | 'withdrawn';
  publicityEndsDate: string;
  deliveryDue: { date: string };
}
export interface AppealFacts {
  status: string;
  answerDueDate: string;
}
export interface RequestFacts {
  status: string;
  breaches: readonly { breachedDate: string }[];
}
export interface CommunityFacts {
  category: string | null;
  resultStatus: string | null;
  grade: string | null;
  validUntil: string | null;
}

export const MEMBER_STATUSES = ['applied', 'reviewed', 'approved', 'rejected', 'signed', 'active', 'exiting', 'exited'] as const;
export const EXIT_KINDS = ['voluntary', 'expired', 'forced', 'eliminated'] as const;
/** Members "in" the community: the ones scored each quarter. */
const IN_COMMUNITY = new Set(['active', 'exiting']);

const countBy = <T>(items: readonly T[], key: (t: T) => string | null | undefined, keys: readonly string[] = []) => {
  const out: Record<string, number> = Object.fromEntries(keys.map((k) => [k, 0]));
  for (const item of items) {
    const k = key(item);
    if (k !== null && k !== undefined) out[k] = (out[k] ?? 0) + 1;
  }
  return out;
};

const monthOf = (date: string) => date.slice(0, 7);
const quarterStart = (date: BusinessDate): BusinessDate => {
  const month = Number(date.slice(5, 7));
  const first = month - ((month - 1) % 3);
  return `${date.slice(0, 4)}-${String(first).padStart(2, '0')}-01`;
};

export function summarize(input: SummaryInput) {
  const { date, now } = input;
  const members = input.members.filter((m) => m.status !== null);

  // Score bands over the members in the community; the last band is open-ended.
  const scored = members.filter((m) => IN_COMMUNITY.has(m.status!) && typeof m.latestScore === 'number');
  const bands = input.scoreBands.map((from, i) => {
    const next = input.scoreBands[i + 1];
    const to = next === undefined ? null : next - 1;
    const count = scored.filter((m) => m.latestScore! >= from && (to === null || m.latestScore! <= to)).length;
    return { from, to, count };
  });

  // Deadlines still open: overdue once their instant has passed (as GET /deadlines says); "this week" runs to Sunday.
  const overdue = input.deadlines.filter((d) => d.dueAt < now);
  const pending = input.deadlines.filter((d) => d.dueAt >= now);
  const sunday = addDays(date, 7 - isoWeekday(date));
  const thisWeek = pending.filter((d) => d.dueDate <= sunday);
  const next30 = Array.from({ length: 30 }, (_, i) => addDays(date, i));
  const dueOn = countBy(pending, (d) => d.dueDate);

  // Fines in integer fen; a fine cancelled on appeal is not counted (as on the member's record).
  const fines = members.flatMap((m) => m.discipline.fines.filter((f) => !f.cancelled));
  const issuedFen = fines.reduce((s, f) => s + f.amountFen, 0);
  const paidFen = fines.reduce((s, f) => s + f.payments.reduce((p, x) => p + x.amountFen, 0), 0);
  const months = Array.from({ length: 12 }, (_, i) => monthOf(addMonths(`${monthOf(date)}-01`, i - 11)));
  const issuedBy = new Map<string, number>();
  const paidBy = new Map<string, number>();
  for (const f of fines) {
    issuedBy.set(monthOf(f.imposedDate), (issuedBy.get(monthOf(f.imposedDate)) ?? 0) + f.amountFen);
    for (const p of f.payments) paidBy.set(monthOf(p.paidDate), (paidBy.get(monthOf(p.paidDate)) ?? 0) + p.amountFen);
  }

  const inPublicity = input.rewards.filter((r) => r.status === 'publicity' && date <= r.publicityEndsDate);
  const awaiting = input.rewards.filter((r) => r.status === 'publicity' && date > r.publicityEndsDate);

  const openAppeals = input.appeals.filter((a) => a.status === 'open');

  const monthStart = `${monthOf(date)}-01`;
  const qStart = quarterStart(date);
  const breaches = input.requests.flatMap((r) => r.breaches).filter((b) => b.breachedDate <= date);

  // A result is valid until its (exclusive) end, whether or not the scheduler has recorded the lapse yet.
  const valid = input.communities.filter((c) => c.resultStatus === 'valid' && c.validUntil !== null && date < c.validUntil);
  const horizon = addDays(date, 60);

  return {
    date,
    members: {
      total: members.length,
      byStatus: countBy(members, (m) => m.status, MEMBER_STATUSES),
      exitedByKind: countBy(
        members.filter((m) => m.status === 'exited'),
        (m) => m.exitKind,
        EXIT_KINDS,
      ),
      scoreBands: bands,
      unscored: members.filter((m) => IN_COMMUNITY.has(m.status!) && typeof m.latestScore !== 'number').length,
      warningList: members.filter((m) => IN_COMMUNITY.has(m.status!) && m.onWarningList === true).length,
    },
    deadlines: {
      overdue: { total: overdue.length, byKind: countBy(overdue, (d) => d.kind) },
      dueThisWeek: { total: thisWeek.length, byKind: countBy(thisWeek, (d) => d.kind) },
      next30Days: next30.map((day) => ({ date: day, count: dueOn[day] ?? 0 })),
    },
    fines: {
      issuedFen,
      paidFen,
      outstandingFen: issuedFen - paidFen,
      byMonth: months.map((month) => ({ month, issuedFen: issuedBy.get(month) ?? 0, paidFen: paidBy.get(month) ?? 0 })),
    },
    rewards: {
      inPublicity: inPublicity.length,
      awaitingDelivery: awaiting.length,
      deliveryOverdue: awaiting.filter((r) => date > r.deliveryDue.date).length,
      delivered: input.rewards.filter((r) => r.status === 'delivered').length,
    },
    appeals: {
      open: openAppeals.length,
      overdue: openAppeals.filter((a) => date > a.answerDueDate).length,
    },
    requests: {
      open: input.requests.filter((r) => r.status !== 'resolved').length,
      breaches: {
        thisMonth: breaches.filter((b) => b.breachedDate >= monthStart).length,
        thisQuarter: breaches.filter((b) => b.breachedDate >= qStart).length,
      },
    },
    communities: {
      total: input.communities.length,
      byCategory: countBy(input.communities, (c) => c.category ?? 'none'),
      byGrade: countBy(valid, (c) => c.grade ?? 'none'),
      valid: valid.length,
      expiringWithin60Days: valid.filter((c) => c.validUntil! <= horizon).length,
    },
  };
}

export type Summary = ReturnType<typeof summarize>;
