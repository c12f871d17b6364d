/**
 * A decider is the pure heart of an aggregate (docs/architecture.md "Write side"):
 * `decide` turns a command and the current state into new events or refuses with a DomainError;
 * `evolve` folds one event into the state. No I/O and no clock: time, the working-day calendar
 * and the rule set in force come in through the context, which is what makes as-of
 * reconstruction and given/when/then tests trivial.
 */
export interface WorkingDays {
  /** The date `n` working days after `from` (`from` itself does not count). */
  addWorkingDays(from: string, n: number): { date: string; provisional: boolean };
}

export interface DecisionContext<TRules> {
  /** When the system learns the fact (becomes `recordedAt`). */
  now: Date;
  /** Business time of the fact (becomes `occurredAt`); never after `now`. */
  occurredAt: Date;
  calendar: WorkingDays;
  /** The rule-set version in force on the fact's business date (M-RULE-1). */
  rules: TRules;
}

/** What a decider emits: the envelope's metadata is added by the command pipeline. */
export interface DomainEvent<TType extends string = string, TData = unknown> {
  type: TType;
  data: TData;
}

export interface Decider<TState, TCommand, TEvent extends DomainEvent, TRules> {
  initialState: () => TState;
  evolve: (state: TState, event: TEvent) => TState;
  decide: (command: TCommand, state: TState, ctx: DecisionContext<TRules>) => TEvent[];
}

/** A version of a rule set, effective from a business date. */
export interface VersionedRules {
  id: string;
  version: number;
  /** 'YYYY-MM-DD', Asia/Shanghai. */
  effectiveFrom: string;
}

/** The versions of one rule set over time; answers which one is in force on a business date. */
export class RuleSetHistory<T extends VersionedRules> {
  private readonly versions: T[];

  constructor(versions: readonly T[]) {
    if (versions.length === 0) throw new Error('a rule set needs at least one version');
    this.versions = [...versions].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom) || a.version - b.version);
  }

  /** M-RULE-1: the latest version whose effective date is on or before `businessDate`; before the first, the first. */
  inForceOn(businessDate: string): T {
    let found = this.versions[0];
    for (const v of this.versions) if (v.effectiveFrom <= businessDate) found = v;
    return found;
  }

  all(): readonly T[] {
    return this.versions;
  }

  /** The version numbered `n`, or undefined (never published, or withdrawn). */
  version(n: number): T | undefined {
    return this.versions.find((v) => v.version === n);
  }

  latest(): T {
    return this.versions[this.versions.length - 1];
  }
}
