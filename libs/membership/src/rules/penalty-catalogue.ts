/**
 * The penalty catalogue (M-PEN-1..10) as data: part of the membership rule set, so a revised
 * table is a new rule-set version and every decision records the version, clause, tier, repeat
 * count and amount that produced it (M-PEN-9). The shipped table is in penalty-catalogue-v1.ts.
 */

/** What a suspension takes away. */
export type SuspendedResource =
  /** 资源使用权限: compute, meeting rooms, the community's resources generally (M-PEN-3a, 7c, 8). */
  | 'resource-permissions'
  /** 公共空间使用: public areas (M-PEN-2a serious). */
  | 'public-space'
  /** 公共资源使用: shared equipment (M-PEN-3c not rectified). */
  | 'public-resources'
  /** 社区使用: the community as a whole (M-PEN-4c serious). */
  | 'community-use';

/** Orders that come with a penalty and need no amount: the officer sees them through. */
export type PenaltyOrder =
  | 'leave-at-once' // 责令立即退出 (M-PEN-1a)
  | 'apologise' // 道歉 (M-PEN-5a, 5b)
  | 'clean-up' // 清理 (M-PEN-4c)
  | 'remove-visitor' // 驱离访客 (M-PEN-5c)
  | 'forced-clear-out' // 强制清场 (M-PEN-1b over 7 days)
  | 'legal-liability'; // 追究法律责任 (M-PEN-4b, 6b, 6c; outside this system)

/** A fine: a fixed amount, or a range inside which the officer picks (M-PEN-9). Whole fen. */
export type FineRule = { fixedFen: number } | { minFen: number; maxFen: number };

export type SuspensionRule = { resource: SuspendedResource; days: number } | { resource: SuspendedResource; untilPaid: true };

/** What one tier of a clause imposes. Every field is optional: a tier imposes what it names. */
export interface PenaltyRule {
  /** 警告 */
  warning?: boolean;
  fine?: FineRule;
  /** 照价赔偿: the damage the case states (`damageFen`) is owed. */
  compensation?: boolean;
  suspension?: SuspensionRule;
  /** M-EXIT-2: the member is forced out (through the member stream). */
  forcedExit?: boolean;
  /** 没收保证金 */
  depositForfeited?: boolean;
  /** The re-entry ban, when it differs from the rule set's default for a forced exit (M-BAN-2). */
  banYears?: number;
  /** 没收违规所得 */
  confiscateGains?: boolean;
  /** 上报相关部门: reported to the authorities (where serious, or always for some clauses). */
  report?: boolean;
  orders?: PenaltyOrder[];
}

/** The facts a tier may depend on, as the officer records them. */
export interface TierCondition {
  /** The damage exceeds this many fen (M-PEN-2a: > ¥500). */
  damageAboveFen?: number;
  /** The damage is at most this many fen (M-PEN-2a: ≤ ¥500). */
  damageAtMostFen?: number;
  /** The officer found it serious (情节严重). */
  serious?: boolean;
  /** A loss was caused (M-PEN-5a: damageFen > 0). */
  loss?: boolean;
}

/**
 * One tier. A recorded violation takes the first tier of its clause whose repeat range holds the
 * member's count for that clause (this one included) and whose condition the facts meet. A
 * scheduled clause (fees, late exit) takes tiers by days late instead.
 */
export interface Tier {
  /** Short name for decisions and appeal handlers: 'first', 'second', 'third and more', 'M-PEN-7b', … */
  label: string;
  /** Repeat counts this tier covers: from `from` up to `to` (omitted: and above). */
  repeat?: { from: number; to?: number };
  /** For scheduled clauses: applied once the days late reach this. */
  daysLate?: number;
  when?: TierCondition;
  penalty: PenaltyRule;
  /** A rectification notice (整改通知书) is issued with the penalty, with these requirements. */
  rectification?: { requirements: string };
  /** What an inspection that finds the notice not rectified brings (M-PEN-10). */
  onNotRectified?: PenaltyRule;
}

export interface ClauseRule {
  /** 'M-PEN-2b' */
  clause: string;
  title: string;
  titleZh: string;
  /** The rule in plain English, as an appeal handler reads it. */
  text: string;
  /** The source text (seed, Ch. 8 §2). */
  textZh: string;
  /** M-PEN-10: decided at once, with no notice first (M-PEN-1a, 3b, 4b, 6b, 6c). */
  immediate: boolean;
  /** Applied by the scheduler as days pass (M-PEN-1b late exit, M-PEN-7 fees); an officer does not record it. */
  scheduled: boolean;
  /** Facts the officer must give for this clause, e.g. ['damageFen']. */
  requires: readonly ('damageFen' | 'serious')[];
  tiers: readonly Tier[];
}

export interface DisciplineRules {
  clauses: Readonly<Record<string, ClauseRule>>;
  /** M-PEN-10 [choice]: a rectification notice is due within this many working days. */
  rectificationWorkingDays: number;
  /** M-PEN-10 / M-APL-1: a penalty is publicised this many working days; the window for a review request. */
  publicityWorkingDays: number;
  /** M-APL-1: the answer to a review request is due within this many working days. */
  appealAnswerWorkingDays: number;
}
