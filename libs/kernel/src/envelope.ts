/**
 * The event envelope (docs/architecture.md "Event envelope"). Every fact in every stream carries this metadata, so
 * an appeal handler can tell who said what, when it happened (`occurredAt`), when the system
 * learned it (`recordedAt`) and which rule-set version decided it.
 */
export interface Actor {
  id: string;
  role: string;
}

export interface RuleSetRef {
  id: string;
  version: number;
}

export interface EventMetadata {
  eventId: string;
  /** Idempotency: one command appends its events once. */
  commandId: string;
  correlationId: string;
  causationId: string;
  actor: Actor;
  /** Business time of the fact (ISO-8601 instant). */
  occurredAt: string;
  /** When the system learned the fact (ISO-8601 instant). */
  recordedAt: string;
  ruleSet: RuleSetRef;
  /** sha256 of the HTTP request that carried an Idempotency-Key: a repeat with another body is refused. */
  requestHash?: string;
}

/** An event as it is handed to the store. `type` is stable and versioned, e.g. `MembershipApplied.v1`. */
export interface NewEvent<TType extends string = string, TData = unknown> {
  type: TType;
  data: TData;
  metadata: EventMetadata;
}

/** An event as it comes back from the store. Revisions start at 0; positions at 1. */
export interface RecordedEvent<TType extends string = string, TData = unknown> extends NewEvent<TType, TData> {
  streamId: string;
  revision: number;
  position: number;
}
