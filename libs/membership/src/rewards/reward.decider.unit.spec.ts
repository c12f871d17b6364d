import { given } from '@opc/kernel';
import { at, ctxAt } from '../member.fixtures';
import type { GrantReward, RecordFacts } from './reward.commands';
import { rewardDecider } from './reward.decider';
import type { RewardGranted } from './reward.events';

/** The reward decider: M-REW-1's eligibility from the record, M-REW-2/3's verification and ranges, M-REW-4's flow. */
const EIGHT = ['2026-10-10', '2026-11-05', '2026-11-20', '2026-12-03', '2027-01-15', '2027-02-01', '2027-02-20', '2027-03-10'];
const record = (over: Partial<RecordFacts> = {}): RecordFacts => ({
  onboardedDate: '2026-10-08',
  status: 'active',
  violations: [],
  volunteerDates: EIGHT,
  ...over,
});
const grant = (over: Partial<GrantReward> = {}): GrantReward => ({
  type: 'GrantReward',
  rewardId: 'r-1',
  memberId: 'm-1',
  clause: 'M-REW-1',
  option: 'compute-voucher',
  evidence: [{ evidenceId: 'e-1', kind: 'certificate', fileRef: 'files/x.pdf', sha256: 'a'.repeat(64) }],
  record: record(),
  ...over,
});
const on = (command: GrantReward, instant = at('2027-04-08'), occurredAt?: string) =>
  given(rewardDecider).when(command, { ...ctxAt(instant), ...(occurredAt ? { occurredAt: new Date(occurredAt) } : {}) });

describe('reward decider', () => {
  it('M-REW-1: resident 6 months, no violation in them, 8 services in the year → the chosen benefit, with the facts that made it eligible', () => {
    const out = on(grant());
    expect(out.error).toBeNull();
    expect((out.events[0] as RewardGranted).data).toMatchObject({
      clause: 'M-REW-1',
      option: 'compute-voucher',
      amountFen: 50_000,
      eligibility: { onboardedDate: '2026-10-08', violationsInWindow: 0, volunteerServicesInYear: 8 },
      decidedDate: '2027-04-08',
    });
  });

  it('M-REW-1: services dated before the membership do not count', () => {
    const out = on(grant({ record: record({ onboardedDate: '2026-11-01' }) }));
    // 2026-10-08 onboarding moved to 2026-11-01: the service of 2026-10-10 is not a member's.
    expect(out.error?.extensions?.reasons).toEqual([
      'M-REW-1: resident for 6 months is required (onboarded 2026-11-01)',
      'M-REW-1: 7 volunteer service(s) in the last 12 months, 8 required',
    ]);
  });

  it('M-REW-1: a grant dated back is judged on its own day: the windows count from its occurredAt', () => {
    // Recorded on 2027-04-08, dated 2027-03-01: a violation of 2027-03-15 is after it and does not count …
    const late = record({
      onboardedDate: '2026-08-01',
      violations: [{ caseId: 'c-1', clause: 'M-PEN-2b', occurredDate: '2027-03-15' }],
      volunteerDates: EIGHT.slice(0, 7),
    });
    const out = on(
      grant({ record: { ...late, volunteerDates: [...late.volunteerDates, '2027-02-28'] } }),
      at('2027-04-08'),
      at('2027-03-01'),
    );
    expect(out.error).toBeNull();
    // … while dated today, it does.
    expect(on(grant({ record: late })).error?.code).toBe('NOT_ELIGIBLE');
  });

  it('M-REW-2 / M-REW-3: only a member in the community, and only verified (evidence) — each refused naming its rule', () => {
    const award = { clause: 'M-REW-2' as const, option: 'municipal', amountFen: 200_000 };
    expect(on(grant({ ...award, record: record({ status: 'exited' }) })).error).toMatchObject({
      code: 'NOT_ELIGIBLE',
      extensions: { reasons: ['M-REW-2: the member is exited'] },
    });
    expect(on(grant({ ...award, evidence: [] })).error).toMatchObject({ code: 'CONDITIONS_NOT_MET' });
    expect(on(grant({ clause: 'M-REW-3', option: 'resources', evidence: [] })).error?.code).toBe('CONDITIONS_NOT_MET');
    expect(on(grant(award)).error).toBeNull();
  });

  it('M-REW-2: the amount inside the level’s range, one fen outside is OUT_OF_RANGE with the bounds', () => {
    expect(on(grant({ clause: 'M-REW-2', option: 'municipal', amountFen: 300_001 })).error).toMatchObject({
      code: 'OUT_OF_RANGE',
      extensions: { min: 100_000, max: 300_000, rule: 'M-REW-2' },
    });
  });

  it('M-REW-4: publicised 3 working days from the recording, delivery due 10 working days after', () => {
    const out = on(grant({ clause: 'M-REW-2', option: 'municipal', amountFen: 100_000 }), at('2026-11-06'));
    expect(out.error).toBeNull();
    // Friday 6 November 2026: publicity to Wednesday 11; delivery due 10 working days later, Wednesday 25.
    expect((out.events[0] as RewardGranted).data).toMatchObject({
      publicityEndsDate: '2026-11-11',
      deliveryDue: { date: '2026-11-25', provisional: false },
    });
  });
});
