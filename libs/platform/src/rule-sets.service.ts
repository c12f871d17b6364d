import { Inject, Injectable } from '@nestjs/common';
import {
  businessDateOf,
  CLOCK,
  DomainError,
  RuleSetHistory,
  type Clock,
  type Decider,
  type RecordedEvent,
  type VersionedRules,
} from '@opc/kernel';
import { EVENT_STORE, type EventStore } from '@opc/eventstore';
import { CommandPipeline, type CommandMeta } from './command-pipeline';
import type { RuleSetCommand } from './rules/ruleset.commands';
import {
  evolveRuleSet,
  initialRuleSetState,
  RULE_SET_PUBLICATION,
  ruleSetDecider,
  ruleSetStreamId,
  ruleSetView,
  SHIPPED_VERSION,
  standingVersions,
  type PublicationRules,
  type RuleSetDefinition,
  type RuleSetState,
  type RuleSetView,
} from './rules/ruleset.decider';
import type { RuleSetEvent } from './rules/ruleset.events';

/** The reply of a rule-set command: the command reply plus the version it concerns. */
export interface RuleSetCommandReply {
  /** '<name>:<version>' */
  id: string;
  streamId: string;
  revision: number;
  position: number;
  version: number;
}

/** What the service knows of one rule set: its definition, its decider, and its stream folded so far. */
interface Registered {
  definition: RuleSetDefinition;
  decider: Decider<RuleSetState, RuleSetCommand, RuleSetEvent, PublicationRules>;
  folded: { state: RuleSetState; revision: number; history: RuleSetHistory<VersionedRules> };
}

const NAME = /^[a-z][a-z0-9-]{0,39}$/;

/**
 * Every context's rule sets (M-RULE-1): the shipped version 1 in code, and the versions published
 * since, kept as events on `ruleset-<name>`. Answers the history a decision picks its version from,
 * lists the versions with their status, publishes and withdraws.
 *
 * Each read of a rule set reads only what its stream got since the last read (one store read),
 * so it is cheap enough to call per command, and a version published by another process is seen
 * at the next call.
 */
@Injectable()
export class RuleSets {
  private readonly sets = new Map<string, Registered>();

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly pipeline: CommandPipeline,
  ) {}

  /** Called by a context at module init, e.g. `{ name: 'membership', shipped: MEMBERSHIP_RULES_V1 }`. */
  register<R extends VersionedRules>(definition: RuleSetDefinition<R>): void {
    const { name, shipped } = definition;
    if (!NAME.test(name)) throw new Error(`rule set name ${JSON.stringify(name)}: lower-case letters, digits and dashes`);
    if (this.sets.has(name)) throw new Error(`rule set ${name} is registered twice`);
    if (shipped.version !== SHIPPED_VERSION) throw new Error(`rule set ${name}: the shipped version must be ${SHIPPED_VERSION}`);
    const general = definition as unknown as RuleSetDefinition;
    this.sets.set(name, {
      definition: general,
      decider: ruleSetDecider(general),
      folded: { state: initialRuleSetState(), revision: -1, history: new RuleSetHistory([general.shipped]) },
    });
  }

  /** The names of the registered rule sets. */
  names(): string[] {
    return [...this.sets.keys()];
  }

  /**
   * The versions a decision picks from (`inForceOn(businessDate)`): the shipped one and every
   * published one not withdrawn, as of now. Pass it to `CommandPipeline.run` as `rules`.
   */
  async history<R extends VersionedRules = VersionedRules>(name: string): Promise<RuleSetHistory<R>> {
    return (await this.refresh(this.registered(name))).history as unknown as RuleSetHistory<R>;
  }

  /** Every rule set with each version's status on today's business date (the injected clock). */
  async list(): Promise<RuleSetView[]> {
    return Promise.all(this.names().map((name) => this.get(name)));
  }

  /** One rule set with each version's status on today's business date; NOT_FOUND for an unknown name. */
  async get(name: string): Promise<RuleSetView> {
    const set = this.registered(name);
    const { state } = await this.refresh(set);
    return ruleSetView(set.definition, state, businessDateOf(this.clock.now()));
  }

  /** Publishes the next version: `document` (partial) merged onto the latest standing version, effective on `effectiveFrom`. */
  async publish(
    name: string,
    input: { document: Record<string, unknown>; effectiveFrom: string },
    meta: CommandMeta,
  ): Promise<RuleSetCommandReply & { effectiveFrom: string }> {
    const set = this.registered(name);
    const command: RuleSetCommand = {
      type: 'PublishRuleSetVersion',
      name,
      document: input.document,
      effectiveFrom: input.effectiveFrom,
    };
    const r = await this.pipeline.run(set.decider, RULE_SET_PUBLICATION, ruleSetStreamId(name), command, meta);
    // A repeat (same Idempotency-Key) answers the first publication's version.
    const event = r.events.find((e) => e.type === 'RuleSetVersionPublished.v1');
    if (!event || event.type !== 'RuleSetVersionPublished.v1')
      throw new Error(`rule set ${name}: publication recorded no version`);
    const { version, effectiveFrom } = event.data;
    return { id: `${name}:${version}`, streamId: r.streamId, revision: r.revision, position: r.position, version, effectiveFrom };
  }

  /** An objection during publicity: the version is withdrawn. */
  async object(name: string, version: number, reason: string, meta: CommandMeta): Promise<RuleSetCommandReply> {
    const set = this.registered(name);
    const command: RuleSetCommand = { type: 'ObjectToRuleSetVersion', name, version, reason };
    const r = await this.pipeline.run(set.decider, RULE_SET_PUBLICATION, ruleSetStreamId(name), command, meta);
    return { id: `${name}:${version}`, streamId: r.streamId, revision: r.revision, position: r.position, version };
  }

  private registered(name: string): Registered {
    const set = this.sets.get(name);
    if (!set)
      throw new DomainError('NOT_FOUND', `no such rule set; known: ${this.names().join(', ') || 'none'}`, {
        resource: 'rule set',
      });
    return set;
  }

  /** The stream folded up to its last event: the cached fold plus what was appended since (one read). */
  private async refresh(set: Registered): Promise<Registered['folded']> {
    const streamId = ruleSetStreamId(set.definition.name);
    const newer = await this.store.readStream(streamId, { fromRevision: set.folded.revision + 1 });
    // Another call may have folded some of these meanwhile: fold only what is still new.
    const current = set.folded;
    const fresh = newer.filter((e) => e.revision > current.revision);
    if (fresh.length === 0) return current;
    const state = fresh.reduce((s, e: RecordedEvent) => evolveRuleSet(s, e as unknown as RuleSetEvent), current.state);
    set.folded = {
      state,
      revision: fresh[fresh.length - 1].revision,
      history: new RuleSetHistory(standingVersions(set.definition, state)),
    };
    return set.folded;
  }
}
