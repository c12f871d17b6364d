import {
  addDays,
  addMonths,
  businessDateOf,
  ConditionsNotMet,
  IllegalTransition,
  NotEligible,
  NotFound,
  OutOfRange,
  ValidationFailed,
  type Decider,
  type DecisionContext,
} from '@opc/kernel';
import type { MembershipRules } from '../rules/membership-rules';
import type { GrantReward, RecordVolunteerService, RewardCommand } from './reward.commands';
import type { RewardEvent, RewardGranted, VolunteerServiceRecorded } from './reward.events';

type Ctx = DecisionContext<MembershipRules>;

export const rewardStreamId = (rewardId: string): string => `reward-${rewardId}`;
export const volunteerStreamId = (memberId: string): string => `volunteer-${memberId}`;

/** One reward case, stream `reward-<id>`: granted, publicised, delivered (or withdrawn on objection). */
export interface Reward {
  status: 'publicity' | 'delivered' | 'withdrawn' | null;
  granted: RewardGranted['data'] | null;
  deliveredDate: string | null;
}

const range = (amountFen: number | undefined, min: number, max: number, rule: string, option: string): number => {
  if (amountFen === undefined)
    throw new ConditionsNotMet([`${rule} (${option}): the amount is picked in ${min}..${max} fen (amountFen)`]);
  if (amountFen < min || amountFen > max) throw new OutOfRange('amountFen', amountFen, { min, max }, rule);
  return amountFen;
};

/** What the clause grants: its option, its amount, what the member gets, and (M-REW-1) the facts that made it eligible. */
const grant = (c: GrantReward, ctx: Ctx) => {
  const rules = ctx.rules.rewards;
  // The record is judged on the day the grant is dated (its occurredAt), the day whose rule-set version decides it.
  const today = businessDateOf(ctx.occurredAt);
  if (c.clause !== 'M-REW-1') {
    const unmet: string[] = [];
    if (c.record.status !== 'active' && c.record.status !== 'exiting')
      unmet.push(`${c.clause}: the member is ${c.record.status}`);
    if (unmet.length > 0) throw new NotEligible(unmet);
    // M-REW-4: a reward is verified before it is publicised — by the certificate or record it names.
    if (c.evidence.length === 0)
      throw new ConditionsNotMet([`${c.clause} (M-REW-4): the evidence that verifies it is required (at least one item)`]);
  }
  switch (c.clause) {
    case 'M-REW-1': {
      const r = rules.complianceExcellence;
      const option = c.option as keyof typeof r.options | undefined;
      if (!option || !(option in r.options))
        throw new ValidationFailed(`M-REW-1: option must be one of ${Object.keys(r.options).join(', ')}`, {
          errors: [`option: one of ${Object.keys(r.options).join(', ')}`],
        });
      if (c.amountFen !== undefined) throw new ConditionsNotMet(['M-REW-1: the benefit is fixed; amountFen does not apply']);
      // M-REW-1: resident 6 months with no violation in them, and 8 volunteer services in the year.
      const since = addMonths(today, -r.residentMonths);
      const yearFrom = addDays(addMonths(today, -r.volunteerWindowMonths), 1);
      const recent = c.record.violations.filter((v) => v.occurredDate > since && v.occurredDate <= today);
      // Only services while a member count (a date before the onboarding is not a member's service).
      const from = c.record.onboardedDate !== null && c.record.onboardedDate > yearFrom ? c.record.onboardedDate : yearFrom;
      const services = c.record.volunteerDates.filter((d) => d >= from && d <= today).length;
      const unmet: string[] = [];
      if (c.record.onboardedDate === null || c.record.onboardedDate > since)
        unmet.push(
          `M-REW-1: resident for ${r.residentMonths} months is required (onboarded ${c.record.onboardedDate ?? 'never'})`,
        );
      if (recent.length > 0)
        unmet.push(
          `M-REW-1: ${recent.length} violation(s) in the last ${r.residentMonths} months (${recent.map((v) => `${v.clause} ${v.occurredDate}`).join(', ')})`,
        );
      if (services < r.volunteerServices)
        unmet.push(
          `M-REW-1: ${services} volunteer service(s) in the last ${r.volunteerWindowMonths} months, ${r.volunteerServices} required`,
        );
      if (c.record.status !== 'active' && c.record.status !== 'exiting') unmet.push(`M-REW-1: the member is ${c.record.status}`);
      if (unmet.length > 0) throw new NotEligible(unmet);
      return {
        option,
        amountFen: r.options[option].valueFen,
        benefit: r.options[option].benefit,
        eligibility: { onboardedDate: c.record.onboardedDate, violationsInWindow: 0, volunteerServicesInYear: services },
      };
    }
    case 'M-REW-2': {
      const option = c.option as keyof typeof rules.innovation | undefined;
      if (!option || !(option in rules.innovation))
        throw new ValidationFailed(`M-REW-2: option must be the award's level: ${Object.keys(rules.innovation).join(', ')}`, {
          errors: [`option: one of ${Object.keys(rules.innovation).join(', ')}`],
        });
      const { minFen, maxFen } = rules.innovation[option];
      const amountFen = range(c.amountFen, minFen, maxFen, 'M-REW-2', option);
      return { option, amountFen, benefit: `cash award for a ${option} innovation award`, eligibility: null };
    }
    case 'M-REW-3': {
      const option = c.option ?? (c.amountFen !== undefined ? 'cash' : undefined);
      if (option === 'resources') {
        if (c.amountFen !== undefined) throw new ConditionsNotMet(['M-REW-3: resources carry no amount']);
        return { option, amountFen: null, benefit: 'resource support, as the operations team judges', eligibility: null };
      }
      if (option !== 'cash')
        throw new ValidationFailed("M-REW-3: option must be 'cash' or 'resources'", {
          errors: ["option: 'cash' or 'resources'"],
        });
      const { minFen, maxFen } = rules.otherContribution.cash;
      return {
        option,
        amountFen: range(c.amountFen, minFen, maxFen, 'M-REW-3', option),
        benefit: 'cash for another contribution',
        eligibility: null,
      };
    }
  }
};

export const rewardDecider: Decider<Reward, RewardCommand, RewardEvent, MembershipRules> = {
  initialState: () => ({ status: null, granted: null, deliveredDate: null }),
  evolve: (state, event) => {
    switch (event.type) {
      case 'RewardGranted.v1':
        return { ...state, status: 'publicity', granted: event.data };
      case 'RewardDelivered.v1':
        return { ...state, status: 'delivered', deliveredDate: event.data.deliveredDate };
      case 'RewardWithdrawn.v1':
        return { ...state, status: 'withdrawn' };
      default:
        return state;
    }
  },
  decide: (command, state, ctx) => {
    const today = businessDateOf(ctx.now);
    switch (command.type) {
      case 'GrantReward': {
        if (state.status !== null) return [];
        const g = grant(command, ctx);
        const publicityEnds = ctx.calendar.addWorkingDays(today, ctx.rules.rewards.publicityWorkingDays).date;
        return [
          {
            type: 'RewardGranted.v1',
            data: {
              rewardId: command.rewardId,
              memberId: command.memberId,
              clause: command.clause,
              ...g,
              evidence: command.evidence,
              decidedDate: today,
              publicityEndsDate: publicityEnds,
              deliveryDue: ctx.calendar.addWorkingDays(publicityEnds, ctx.rules.rewards.deliveryWorkingDays),
            },
          },
        ];
      }
      case 'DeliverReward': {
        if (state.status === null) throw new NotFound('reward', command.rewardId);
        if (state.status !== 'publicity') throw new IllegalTransition(`reward ${state.status}`, command.type);
        const g = state.granted!;
        const unmet: string[] = [];
        if (today <= g.publicityEndsDate) unmet.push(`M-REW-4: the reward is publicised until the end of ${g.publicityEndsDate}`);
        if (command.openObjection) unmet.push(`M-REW-4: the objection ${command.openObjection} is not answered yet`);
        if (unmet.length > 0) throw new ConditionsNotMet(unmet);
        return [
          {
            type: 'RewardDelivered.v1',
            data: {
              rewardId: command.rewardId,
              deliveredDate: today,
              late: today > g.deliveryDue.date,
              reference: command.reference ?? null,
              note: command.note ?? null,
            },
          },
        ];
      }
      case 'WithdrawReward':
        if (state.status !== 'publicity') return [];
        return [
          {
            type: 'RewardWithdrawn.v1',
            data: { rewardId: command.rewardId, appealId: command.appealId, reason: command.reason, withdrawnDate: today },
          },
        ];
    }
  },
};

/** Volunteer services on the member's record: each recorded once (by its id). */
export const volunteerDecider: Decider<
  { ids: Set<string>; dates: string[] },
  RecordVolunteerService,
  VolunteerServiceRecorded,
  MembershipRules
> = {
  initialState: () => ({ ids: new Set(), dates: [] }),
  evolve: (state, event) => ({ ids: new Set([...state.ids, event.data.serviceId]), dates: [...state.dates, event.data.date] }),
  decide: (command, state, ctx) => {
    if (state.ids.has(command.serviceId)) return [];
    if (command.date > businessDateOf(ctx.now))
      throw new ValidationFailed('date: a volunteer service is recorded once it has happened');
    return [
      {
        type: 'VolunteerServiceRecorded.v1',
        data: { serviceId: command.serviceId, memberId: command.memberId, date: command.date, activity: command.activity },
      },
    ];
  },
};
