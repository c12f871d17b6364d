import {
  addDays,
  businessDateOf,
  DomainError,
  IllegalTransition,
  isSupportedBusinessDate,
  OutOfRange,
  RuleSetHistory,
  type Decider,
  type VersionedRules,
} from '@opc/kernel';
import type { RuleSetCommand } from './ruleset.commands';
import { deepMerge, isPlainObject, shapeErrors } from './ruleset.document';
import type { RuleSetEvent } from './ruleset.events';

/**
 * Rule sets as data kept as events (M-RULE-1): one stream per rule set, `ruleset-<name>`. The
 * shipped version 1 is code and is in force with no event at all; published versions are
 * numbered 2, 3, … and take effect on their `effectiveFrom`, after a publicity period in which an
 * objection withdraws them.
 */

/** How a context registers a rule set. */
export interface RuleSetDefinition<R extends VersionedRules = VersionedRules> {
  /** 'membership', later 'scoring', 'evaluation': the stream is `ruleset-<name>`. */
  name: string;
  /** Version 1, in force from its effectiveFrom with no event; every later version has its shape. */
  shipped: R;
  /** The context's own checks of a merged document, after the shape check: one message per problem (paths, never values). */
  validate?: (document: R) => string[];
}

/** The rules of publication itself (M-RULE-1), recorded in the envelope of every publication and objection. */
export interface PublicationRules extends VersionedRules {
  /** Working days after the publication's business date before a version may take effect. */
  publicityWorkingDays: number;
}

/**
 * M-RULE-1: "a rule revision takes effect only after 3 working days of publicity". The 3 is a
 * constant of the platform, not a number inside any rule set's document and not part of a
 * definition: a rule set that carried its own publicity period could publish a version that
 * shortens it, and the next version would then skip publicity. So the period changes only with a
 * release of the code, as a new version of this constant history.
 */
export const RULE_SET_PUBLICATION_RULES: PublicationRules = Object.freeze({
  id: 'rule-publication',
  version: 1,
  effectiveFrom: '2026-04-01',
  publicityWorkingDays: 3,
});
export const RULE_SET_PUBLICATION = new RuleSetHistory<PublicationRules>([RULE_SET_PUBLICATION_RULES]);

/** The shipped version's number; published versions follow it. */
export const SHIPPED_VERSION = 1;

/** Keys of a document that the system sets; a caller may not send them. */
const SYSTEM_KEYS = ['id', 'version', 'effectiveFrom'] as const;

export const ruleSetStreamId = (name: string): string => `ruleset-${name}`;

/** One published version as folded from the stream. */
export interface PublishedVersion {
  version: number;
  document: Record<string, unknown>;
  publishedAt: string;
  publishedDate: string;
  effectiveFrom: string;
  publicityEndsDate: string;
  withdrawn: { reason: string; withdrawnDate: string } | null;
}

export interface RuleSetState {
  /** Every published version, withdrawn ones included, by version number. */
  versions: PublishedVersion[];
}

export const initialRuleSetState = (): RuleSetState => ({ versions: [] });

export const evolveRuleSet = (state: RuleSetState, event: RuleSetEvent): RuleSetState => {
  switch (event.type) {
    case 'RuleSetVersionPublished.v1': {
      const { version, document, publishedAt, publishedDate, effectiveFrom, publicityEndsDate } = event.data;
      return {
        versions: [
          ...state.versions,
          { version, document, publishedAt, publishedDate, effectiveFrom, publicityEndsDate, withdrawn: null },
        ],
      };
    }
    case 'RuleSetVersionWithdrawn.v1':
      return {
        versions: state.versions.map((v) =>
          v.version === event.data.version
            ? { ...v, withdrawn: { reason: event.data.objection.reason, withdrawnDate: event.data.withdrawnDate } }
            : v,
        ),
      };
    default:
      return state;
  }
};

/** The latest published version not withdrawn, or null when there is none (the shipped one stands). */
const latestStanding = (state: RuleSetState): PublishedVersion | null =>
  [...state.versions].reverse().find((v) => v.withdrawn === null) ?? null;

/** The versions a decision may use: the shipped one and every published one not withdrawn. */
export const standingVersions = <R extends VersionedRules>(definition: RuleSetDefinition<R>, state: RuleSetState): R[] => [
  definition.shipped,
  ...state.versions.filter((v) => v.withdrawn === null).map((v) => v.document as unknown as R),
];

const refused = (problems: string[]): DomainError =>
  new DomainError('VALIDATION_FAILED', `the rule-set document is not valid: ${problems.join('; ')}`, { errors: problems });

/**
 * The decider of one rule set's stream. Made per definition (its shipped version is the base of
 * the first merge and the reference of every shape check); the service keeps one per rule set.
 */
export const ruleSetDecider = <R extends VersionedRules>(
  definition: RuleSetDefinition<R>,
): Decider<RuleSetState, RuleSetCommand, RuleSetEvent, PublicationRules> => ({
  initialState: initialRuleSetState,
  evolve: evolveRuleSet,
  decide: (command, state, ctx) => {
    const { name, shipped } = definition;
    if (command.name !== name) throw new DomainError('NOT_FOUND', `this stream holds rule set ${name}, not another`);
    const today = businessDateOf(ctx.occurredAt);
    switch (command.type) {
      case 'PublishRuleSetVersion': {
        if (!isSupportedBusinessDate(command.effectiveFrom))
          throw new DomainError('VALIDATION_FAILED', 'effectiveFrom must be a calendar date YYYY-MM-DD');
        if (!isPlainObject(command.document)) throw refused(['document: must be an object']);
        const system = SYSTEM_KEYS.filter((k) => Object.prototype.hasOwnProperty.call(command.document, k));
        if (system.length > 0) throw refused(system.map((k) => `document.${k}: set by the system, not the caller`));

        const base = latestStanding(state);
        const version = SHIPPED_VERSION + state.versions.length + 1;
        const document = deepMerge(base ? base.document : shipped, command.document) as Record<string, unknown>;
        Object.assign(document, { id: shipped.id, version, effectiveFrom: command.effectiveFrom });
        const shape = shapeErrors(shipped, document);
        const problems = shape.length > 0 ? shape : (definition.validate?.(document as unknown as R) ?? []);
        if (problems.length > 0) throw refused(problems);

        // M-RULE-1: the publicity period, counted in working days from the publication's business
        // date; and versions take effect in the order they are published.
        const earliest = ctx.calendar.addWorkingDays(today, ctx.rules.publicityWorkingDays).date;
        const previous = base ? base.effectiveFrom : shipped.effectiveFrom;
        const min = previous > earliest ? previous : earliest;
        if (command.effectiveFrom < min) throw new OutOfRange('effectiveFrom', command.effectiveFrom, { min }, 'M-RULE-1');
        return [
          {
            type: 'RuleSetVersionPublished.v1',
            data: {
              name,
              version,
              document,
              publishedAt: ctx.occurredAt.toISOString(),
              publishedDate: today,
              effectiveFrom: command.effectiveFrom,
              publicityEndsDate: addDays(command.effectiveFrom, -1),
            },
          },
        ];
      }
      case 'ObjectToRuleSetVersion': {
        if (command.version === SHIPPED_VERSION)
          throw new DomainError(
            'DEADLINE_PASSED',
            `M-RULE-1: version ${SHIPPED_VERSION} of ${name} is the shipped rule set, in force since ${shipped.effectiveFrom}; it can no longer be objected to`,
            { version: SHIPPED_VERSION, effectiveFrom: shipped.effectiveFrom },
          );
        const target = state.versions.find((v) => v.version === command.version);
        if (!target)
          throw new DomainError('NOT_FOUND', `rule set ${name} has no version ${command.version}`, {
            resource: 'rule-set version',
            id: `${name}:${command.version}`,
          });
        if (target.withdrawn) throw new IllegalTransition('withdrawn', 'ObjectToRuleSetVersion');
        if (ctx.occurredAt.toISOString() < target.publishedAt)
          throw new OutOfRange('occurredAt', ctx.occurredAt.toISOString(), { min: target.publishedAt }, 'M-RULE-1');
        if (today >= target.effectiveFrom)
          throw new DomainError(
            'DEADLINE_PASSED',
            `M-RULE-1: version ${target.version} of ${name} took effect on ${target.effectiveFrom}; objections were taken until ${target.publicityEndsDate}`,
            { version: target.version, effectiveFrom: target.effectiveFrom, publicityEndsDate: target.publicityEndsDate },
          );
        return [
          {
            type: 'RuleSetVersionWithdrawn.v1',
            data: { name, version: target.version, objection: { reason: command.reason }, withdrawnDate: today },
          },
        ];
      }
    }
  },
});

export type RuleSetVersionStatus = 'in-force' | 'scheduled' | 'superseded' | 'withdrawn';

/** One version as GET /admin/rulesets shows it. */
export interface RuleSetVersionView {
  version: number;
  effectiveFrom: string;
  /** Null for the shipped version: it was never published through the system. */
  publishedAt: string | null;
  publicityEndsDate: string | null;
  status: RuleSetVersionStatus;
  objection: { reason: string; withdrawnDate: string } | null;
  document: Record<string, unknown>;
}

export interface RuleSetView {
  name: string;
  streamId: string;
  /** The version in force on the business date asked for. */
  inForce: number;
  versions: RuleSetVersionView[];
}

/** Every version of a rule set with its status on business date `today`. */
export const ruleSetView = <R extends VersionedRules>(
  definition: RuleSetDefinition<R>,
  state: RuleSetState,
  today: string,
): RuleSetView => {
  const inForce = new RuleSetHistory(standingVersions(definition, state)).inForceOn(today).version;
  const status = (version: number, effectiveFrom: string, withdrawn: boolean): RuleSetVersionStatus => {
    if (withdrawn) return 'withdrawn';
    if (version === inForce) return 'in-force';
    return effectiveFrom > today ? 'scheduled' : 'superseded';
  };
  const shipped = definition.shipped;
  return {
    name: definition.name,
    streamId: ruleSetStreamId(definition.name),
    inForce,
    versions: [
      {
        version: shipped.version,
        effectiveFrom: shipped.effectiveFrom,
        publishedAt: null,
        publicityEndsDate: null,
        status: status(shipped.version, shipped.effectiveFrom, false),
        objection: null,
        document: shipped as unknown as Record<string, unknown>,
      },
      ...state.versions.map((v) => ({
        version: v.version,
        effectiveFrom: v.effectiveFrom,
        publishedAt: v.publishedAt,
        publicityEndsDate: v.publicityEndsDate,
        status: status(v.version, v.effectiveFrom, v.withdrawn !== null),
        objection: v.withdrawn,
        document: v.document,
      })),
    ],
  };
};
