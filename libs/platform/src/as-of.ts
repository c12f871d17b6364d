import {
  businessDateOf,
  DomainError,
  parseInstant,
  type RecordedEvent,
  type RuleSetHistory,
  type VersionedRules,
} from '@opc/kernel';

/** As-of reads (docs/architecture.md "As-of reads"): exactly one of these selects which events are folded. */
export interface AsOfQuery {
  asOf?: string;
  asOfOccurred?: string;
  atRevision?: string;
}

export interface AsOfSelection {
  mode: 'current' | 'asOf' | 'asOfOccurred' | 'atRevision';
  /** The instant asked for (for the instant modes). */
  at: Date | null;
  revision: number | null;
}

export const parseAsOf = (q: AsOfQuery): AsOfSelection => {
  const given = (['asOf', 'asOfOccurred', 'atRevision'] as const).filter((k) => q[k] !== undefined);
  if (given.length > 1)
    throw new DomainError('VALIDATION_FAILED', `use one of asOf, asOfOccurred, atRevision, not ${given.join(' and ')}`);
  if (given.length === 0) return { mode: 'current', at: null, revision: null };
  const mode = given[0];
  if (mode === 'atRevision') {
    const raw = q.atRevision!;
    if (!/^\d+$/.test(raw)) throw new DomainError('VALIDATION_FAILED', 'atRevision must be a whole number ≥ 0');
    return { mode, at: null, revision: Number(raw) };
  }
  const at = parseInstant(q[mode]!);
  if (!at)
    throw new DomainError(
      'VALIDATION_FAILED',
      `${mode} must be an ISO-8601 instant with a zone, or a date (end of that day in Asia/Shanghai)`,
    );
  return { mode, at, revision: null };
};

/**
 * Which events a selection folds: by `recordedAt` ("what we knew then"), by `occurredAt` as
 * known now ("what was true then"), or by revision. Works for any stream.
 */
export const selectEvents = (events: RecordedEvent[], sel: AsOfSelection): RecordedEvent[] => {
  switch (sel.mode) {
    case 'current':
      return events;
    case 'atRevision':
      return events.filter((e) => e.revision <= sel.revision!);
    case 'asOf':
      return events.filter((e) => new Date(e.metadata.recordedAt).getTime() <= sel.at!.getTime());
    case 'asOfOccurred':
      return events.filter((e) => new Date(e.metadata.occurredAt).getTime() <= sel.at!.getTime());
  }
};

/** The rule-set version in force at the selection's moment (M-RULE-1, M-APL-2). */
export const ruleSetAt = <R extends VersionedRules>(
  rules: RuleSetHistory<R>,
  sel: AsOfSelection,
  folded: RecordedEvent[],
  now: Date,
): { id: string; version: number } => {
  const last = folded[folded.length - 1];
  // atRevision names no instant: the rules in force when the last folded fact occurred.
  const at = sel.mode === 'atRevision' ? (last ? new Date(last.metadata.occurredAt) : now) : (sel.at ?? now);
  const r = rules.inForceOn(businessDateOf(at));
  return { id: r.id, version: r.version };
};
