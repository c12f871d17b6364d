import { Inject, Injectable } from '@nestjs/common';
import {
  businessDateOf,
  CLOCK,
  DomainError,
  newId,
  OutOfRange,
  parseOccurredAt,
  isSupportedBusinessDate,
  type Actor,
  type Clock,
  type Decider,
  type DomainEvent,
  type NewEvent,
  type RecordedEvent,
  type RuleSetHistory,
  type VersionedRules,
  type WorkingDays,
} from '@opc/kernel';
import { EVENT_STORE, WrongExpectedRevisionError, type EventStore } from '@opc/eventstore';
import { WORKING_DAYS } from './time/time.tokens';

/** Who issues a command and how it is identified (the event envelope's metadata). */
export interface CommandMeta {
  actor: Actor;
  /** Stable id for idempotency; derived from the Idempotency-Key, or the deadline for the scheduler. */
  commandId?: string;
  correlationId?: string;
  causationId?: string;
  /**
   * Business time of the fact; default now; never in the future, never before the stream's first
   * fact. A string is read by the one instant parser (a bare date: that day's end, or now if today).
   */
  occurredAt?: Date | string;
  /** With an Idempotency-Key: the hash of the request, so a reused key with another body is refused. */
  requestHash?: string;
  /**
   * The earliest the fact may have occurred, when it is not the stream's own first fact: a record
   * kept beside a member (its discipline, its rewards) takes the member's application as the floor,
   * so a conduct found late is recorded with its true date even if later ones are on record already.
   */
  notBefore?: string;
  /**
   * Decide but append nothing: answers the events the command would record now, or its refusal,
   * or (with a known command id) the first reply. A command that must first take something on
   * another stream (a subject's reservation) asks this before, so a refusal appends nothing anywhere.
   */
  dryRun?: boolean;
}

export interface CommandResult<TEvent extends DomainEvent = DomainEvent> {
  streamId: string;
  /** Revision of the stream's last event after the command (-1: the stream does not exist). */
  revision: number;
  /** Global position of the last event written (or of the stream's last event when nothing was written). */
  position: number;
  events: TEvent[];
  /** The ids of those events, as recorded (what an appeal names as `decisionEventId`). */
  eventIds: string[];
  /** True when the command had been carried out before (same command id) and nothing was appended. */
  duplicate: boolean;
}

/** A conflict is retried this many times (re-read, re-decide) before CONCURRENCY_CONFLICT. */
const MAX_ATTEMPTS = 5;
/** Folded states kept in memory; the oldest is dropped past this. */
const FOLDED_STREAMS = 10_000;

interface Folded {
  state: unknown;
  revision: number;
  position: number;
  /** occurredAt of the stream's first event: no later fact may claim to have happened before it. */
  firstOccurredAt: string | null;
}

/**
 * The thin write path (docs/architecture.md "Write side"): load the stream, fold it, ask the pure
 * decider, append with the expected revision; retry a conflict a bounded number of times.
 *
 * Commands on one stream run one at a time in this process (a queue per stream), so in-process
 * contention never reaches the store as a conflict; only another process can cause one.
 */
@Injectable()
export class CommandPipeline {
  /**
   * The last folded state of recent streams, per decider (two deciders may read one stream
   * differently). A command reads only the events after it, so a stream is not re-read and
   * re-parsed from revision 0 each time; events appended elsewhere (another process) are still
   * read, since the read always starts after the cached revision.
   */
  private readonly folded = new Map<string, Folded>();
  private readonly deciderKeys = new WeakMap<object, number>();
  private deciderCount = 0;
  /** The tail of each stream's queue of commands. */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(WORKING_DAYS) private readonly calendar: WorkingDays,
  ) {}

  run<S, C, E extends DomainEvent, R extends VersionedRules>(
    decider: Decider<S, C, E, R>,
    rules: RuleSetHistory<R>,
    streamId: string,
    command: C,
    meta: CommandMeta,
  ): Promise<CommandResult<E>> {
    return this.inTurn(streamId, () => this.runNow(decider, rules, streamId, command, meta));
  }

  /** Runs `fn` after every command already queued on the stream has finished. */
  private inTurn<T>(streamId: string, fn: () => Promise<T>): Promise<T> {
    const next = (this.queues.get(streamId) ?? Promise.resolve()).then(fn, fn);
    const tail = next.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(streamId, tail);
    void tail.then(() => {
      if (this.queues.get(streamId) === tail) this.queues.delete(streamId);
    });
    return next;
  }

  private async runNow<S, C, E extends DomainEvent, R extends VersionedRules>(
    decider: Decider<S, C, E, R>,
    rules: RuleSetHistory<R>,
    streamId: string,
    command: C,
    meta: CommandMeta,
  ): Promise<CommandResult<E>> {
    const now = this.clock.now();
    const occurredAt = this.occurredAtOf(meta.occurredAt, now);
    const commandId = meta.commandId ?? newId();

    if (meta.commandId) {
      const replay = await this.replayOf(streamId, meta.commandId, meta.requestHash);
      if (replay) return replay as CommandResult<E>;
    }

    const ruleSet = rules.inForceOn(businessDateOf(occurredAt));
    for (let attempt = 1; ; attempt++) {
      const { state, revision, position, firstOccurredAt } = await this.load(decider, streamId);
      const floor = meta.notBefore ?? firstOccurredAt;
      if (floor !== null && occurredAt.getTime() < new Date(floor).getTime())
        throw new OutOfRange('occurredAt', occurredAt.toISOString(), { min: floor });
      const decided = decider.decide(command, state as S, { now, occurredAt, calendar: this.calendar, rules: ruleSet });
      if (decided.length === 0 || meta.dryRun)
        return { streamId, revision, position, events: decided, eventIds: [], duplicate: false };
      const envelopes: NewEvent[] = decided.map((e) => ({
        type: e.type,
        data: e.data,
        metadata: {
          eventId: newId(),
          commandId,
          correlationId: meta.correlationId ?? commandId,
          causationId: meta.causationId ?? commandId,
          actor: meta.actor,
          occurredAt: occurredAt.toISOString(),
          recordedAt: now.toISOString(),
          ruleSet: { id: ruleSet.id, version: ruleSet.version },
          ...(meta.requestHash ? { requestHash: meta.requestHash } : {}),
        },
      }));
      try {
        const result = await this.store.append(streamId, envelopes, {
          expectedRevision: revision === -1 ? 'no-stream' : revision,
          commandId,
        });
        if (result.duplicate) {
          // A concurrent twin with the same command id won the race: answer as its replay.
          const replay = await this.replayOf(streamId, commandId, meta.requestHash);
          if (replay) return replay as CommandResult<E>;
        }
        this.remember(this.cacheKey(decider, streamId), {
          state: decided.reduce(decider.evolve, state as S),
          revision: result.nextExpectedRevision,
          position: result.position,
          firstOccurredAt: firstOccurredAt ?? occurredAt.toISOString(),
        });
        return {
          streamId,
          revision: result.nextExpectedRevision,
          position: result.position,
          events: decided,
          eventIds: envelopes.map((e) => e.metadata.eventId),
          duplicate: false,
        };
      } catch (err) {
        if (!(err instanceof WrongExpectedRevisionError)) throw err;
        if (attempt >= MAX_ATTEMPTS)
          throw new DomainError(
            'CONCURRENCY_CONFLICT',
            `stream ${streamId} kept changing: gave up after ${MAX_ATTEMPTS} attempts, try again`,
          );
      }
    }
  }

  /** The stream folded up to its last event: from the cached fold plus what came after it. */
  private async load<S, E extends DomainEvent>(
    decider: Pick<Decider<S, never, E, never>, 'initialState' | 'evolve'>,
    streamId: string,
  ): Promise<Folded> {
    const key = this.cacheKey(decider, streamId);
    const cached = this.folded.get(key);
    const newer = await this.store.readStream(streamId, { fromRevision: cached ? cached.revision + 1 : 0 });
    if (!cached && newer.length === 0) return { state: decider.initialState(), revision: -1, position: 0, firstOccurredAt: null };
    if (newer.length === 0) return cached!;
    const last = newer[newer.length - 1];
    const folded: Folded = {
      state: newer.reduce((s, e) => decider.evolve(s, e as unknown as E), (cached?.state as S) ?? decider.initialState()),
      revision: last.revision,
      position: last.position,
      firstOccurredAt: cached ? cached.firstOccurredAt : newer[0].metadata.occurredAt,
    };
    this.remember(key, folded);
    return folded;
  }

  /** One cache entry per (decider, stream): the same stream folded by another decider is another state. */
  private cacheKey(decider: object, streamId: string): string {
    let n = this.deciderKeys.get(decider);
    if (n === undefined) this.deciderKeys.set(decider, (n = this.deciderCount++));
    return `${n}:${streamId}`;
  }

  private remember(key: string, folded: Folded): void {
    this.folded.delete(key);
    if (this.folded.size >= FOLDED_STREAMS) this.folded.delete(this.folded.keys().next().value as string);
    this.folded.set(key, folded);
  }

  /** The one reading of a command's occurredAt: a valid instant in the supported range, not in the future. */
  private occurredAtOf(given: Date | string | undefined, now: Date): Date {
    if (given === undefined) return now;
    const at = typeof given === 'string' ? parseOccurredAt(given, now) : given;
    if (at === null || Number.isNaN(at.getTime()) || !isSupportedBusinessDate(businessDateOf(at)))
      throw new DomainError(
        'VALIDATION_FAILED',
        'occurredAt must be an ISO-8601 instant with a zone, or a date, in the supported range',
      );
    if (at.getTime() > now.getTime())
      throw new DomainError('VALIDATION_FAILED', `occurredAt ${at.toISOString()} is in the future`);
    return at;
  }

  /** The first reply of a command already carried out, or null; a reused key with another body is refused. */
  private async replayOf(streamId: string, commandId: string, requestHash?: string): Promise<CommandResult | null> {
    const prior = await this.store.findCommand(commandId);
    if (!prior) return null;
    const written = await this.store.readStream(prior.streamId, {
      fromRevision: prior.firstRevision,
      maxCount: prior.nextExpectedRevision - prior.firstRevision + 1,
    });
    const priorHash = written[0]?.metadata.requestHash;
    if (prior.streamId !== streamId || priorHash !== requestHash)
      throw new DomainError('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was used before with another request');
    return {
      streamId: prior.streamId,
      revision: prior.nextExpectedRevision,
      position: prior.position,
      events: written.map((e: RecordedEvent) => ({ type: e.type, data: e.data })),
      eventIds: written.map((e: RecordedEvent) => e.metadata.eventId),
      duplicate: true,
    };
  }
}
