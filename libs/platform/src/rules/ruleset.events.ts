/**
 * The events of a rule set's stream `ruleset-<name>` (M-RULE-1). The shipped version 1 lives in
 * code and has no event; every published version (2, 3, …) is one `RuleSetVersionPublished`.
 */

/** A new version made public: it takes effect on `effectiveFrom` unless an objection withdraws it before. */
export type RuleSetVersionPublished = {
  type: 'RuleSetVersionPublished.v1';
  data: {
    name: string;
    version: number;
    /** The full document of the version (the caller's partial document merged onto the latest), with id, version and effectiveFrom. */
    document: Record<string, unknown>;
    /** The instant of publication (ISO-8601). */
    publishedAt: string;
    /** Its business date: publicity is counted in working days from here. */
    publishedDate: string;
    /** First business date on which the version decides conduct. */
    effectiveFrom: string;
    /** Last business date on which an objection is taken: the day before effectiveFrom. */
    publicityEndsDate: string;
  };
};

/** An objection during publicity: the version never takes effect. */
export type RuleSetVersionWithdrawn = {
  type: 'RuleSetVersionWithdrawn.v1';
  data: { name: string; version: number; objection: { reason: string }; withdrawnDate: string };
};

export type RuleSetEvent = RuleSetVersionPublished | RuleSetVersionWithdrawn;
