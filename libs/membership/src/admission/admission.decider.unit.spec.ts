import { apply, decided } from '../member.fixtures';
import { MEMBERSHIP_RULES_V1 } from '../rules/membership-rules';

// Tuesday 2026-09-29, the week before National Day (10-01..10-07 off; Saturday 10-10 worked, 调休).
const appliedBeforeNationalDay = decided([], apply(), '2026-09-29T10:00:00+08:00').events[0];

describe('admission decider', () => {
  it('M-ADM-4: an application records its materials as evidence (file reference + sha256)', () => {
    const out = decided([], apply(), '2026-05-11T10:00:00+08:00');
    expect(out.error).toBeNull();
    expect(out.events).toHaveLength(1);
    expect(out.events[0].type).toBe('MembershipApplied.v1');
    expect(out.state.status).toBe('applied');
    expect(out.state.materials).toEqual([
      { evidenceId: 'ev-1', kind: 'identity-document', fileRef: 'files/id.pdf', sha256: 'a'.repeat(64) },
    ]);
  });

  it('M-ADM-5: the initial review falls due 7 working days after submission, skipping National Day and counting the 调休 Saturday', () => {
    // 09-30 (1), 10-08 (2), 10-09 (3), Sat 10-10 worked (4), 10-12 (5), 10-13 (6), 10-14 (7).
    expect(appliedBeforeNationalDay.type === 'MembershipApplied.v1' && appliedBeforeNationalDay.data.initialReviewDue).toEqual({
      date: '2026-10-14',
      provisional: false,
    });
  });

  it('M-ADM-5: a deadline counted into a year the holiday data does not cover is provisional', () => {
    const out = decided([], apply(), '2026-12-28T10:00:00+08:00');
    const data = out.events[0].type === 'MembershipApplied.v1' ? out.events[0].data : null;
    expect(data?.initialReviewDue.provisional).toBe(true);
    // Mon–Fri past 2026 without overrides: 12-29, 12-30, 12-31, 01-01, 01-04, 01-05, 01-06.
    expect(data?.initialReviewDue.date).toBe('2027-01-06');
  });

  it('M-ADM-5: the business date is Asia/Shanghai — 16:30 UTC on 30 September is already 1 October there', () => {
    const out = decided([], apply(), '2026-09-30T16:30:00Z');
    const data = out.events[0].type === 'MembershipApplied.v1' ? out.events[0].data : null;
    // Counted from 10-01: 10-08, 10-09, 10-10, 10-12, 10-13, 10-14, 10-15.
    expect(data?.initialReviewDue.date).toBe('2026-10-15');
  });

  it('M-ADM-1: an applicant type the rule set does not admit is not eligible', () => {
    const rules = { ...MEMBERSHIP_RULES_V1, admission: { ...MEMBERSHIP_RULES_V1.admission, applicantTypes: ['opc' as const] } };
    const out = decided([], apply({ applicantType: 'institution' }), '2026-05-11T10:00:00+08:00', rules);
    expect(out.error?.code).toBe('NOT_ELIGIBLE');
    expect(out.error?.extensions?.reasons).toEqual(['M-ADM-1: applicant type institution may not apply']);
    expect(out.events).toEqual([]);
  });

  it('M-ADM-2: a direction outside policy is not eligible', () => {
    const out = decided([], apply({ direction: 'real-estate' }), '2026-05-11T10:00:00+08:00');
    expect(out.error?.code).toBe('NOT_ELIGIBLE');
    expect(String(out.error?.detail)).toContain('M-ADM-2');
  });

  it('M-ADM-3: without the no-dishonesty attestation the application is not eligible', () => {
    const out = decided(
      [],
      apply({ attestations: { noDishonestyRecord: false, acceptsRules: true } }),
      '2026-05-11T10:00:00+08:00',
    );
    expect(out.error?.code).toBe('NOT_ELIGIBLE');
    expect(String(out.error?.detail)).toContain('M-ADM-3');
  });

  it('M-ADM-4: an application without materials is not eligible', () => {
    const out = decided([], apply({ materials: [] }), '2026-05-11T10:00:00+08:00');
    expect(out.error?.code).toBe('NOT_ELIGIBLE');
    expect(String(out.error?.detail)).toContain('M-ADM-4');
  });

  it('M-ADM-5: applying twice on one member stream is an illegal transition', () => {
    const out = decided([appliedBeforeNationalDay], apply(), '2026-10-01T10:00:00+08:00');
    expect(out.error?.code).toBe('ILLEGAL_TRANSITION');
  });

  it('M-ADM-5: a passed initial review opens the project evaluation, due 2 working days later', () => {
    const out = decided(
      [appliedBeforeNationalDay],
      { type: 'RecordInitialReview', memberId: 'm-1', decision: 'pass', reason: 'materials complete' },
      '2026-10-09T15:00:00+08:00',
    );
    expect(out.state.status).toBe('reviewed');
    // Friday 10-09 → Saturday 10-10 (调休, worked) → Monday 10-12.
    expect(out.events).toEqual([
      {
        type: 'InitialReviewPassed.v1',
        data: {
          reason: 'materials complete',
          findings: { directionFits: true, integrityVerified: true },
          projectEvaluationDue: { date: '2026-10-12', provisional: false },
          late: false,
        },
      },
    ]);
  });

  it('M-ADM-5: a review after its due date is still recorded, marked late', () => {
    const out = decided(
      [appliedBeforeNationalDay],
      { type: 'RecordInitialReview', memberId: 'm-1', decision: 'pass', reason: 'late but fine' },
      '2026-10-15T09:00:00+08:00',
    );
    expect(out.events[0].type === 'InitialReviewPassed.v1' && out.events[0].data.late).toBe(true);
  });

  it('M-ADM-5: the review on its due date is on time', () => {
    const out = decided(
      [appliedBeforeNationalDay],
      { type: 'RecordInitialReview', memberId: 'm-1', decision: 'fail', reason: 'incomplete' },
      '2026-10-14T23:00:00+08:00',
    );
    expect(out.events).toEqual([
      {
        type: 'InitialReviewFailed.v1',
        data: { reason: 'incomplete', findings: { directionFits: true, integrityVerified: true }, late: false },
      },
    ]);
    expect(out.state.status).toBe('rejected');
    expect(out.state.rejection).toEqual({ stage: 'initial-review', reason: 'incomplete' });
  });

  it('M-ADM-2: a pass when the reviewer found the direction does not fit is refused', () => {
    const out = decided(
      [appliedBeforeNationalDay],
      { type: 'RecordInitialReview', memberId: 'm-1', decision: 'pass', reason: 'x', directionFits: false },
      '2026-10-09T15:00:00+08:00',
    );
    expect(out.error?.code).toBe('CONDITIONS_NOT_MET');
    expect(String(out.error?.detail)).toContain('M-ADM-2');
  });

  it('M-ADM-5: project evaluation before the initial review is an illegal transition', () => {
    const out = decided(
      [appliedBeforeNationalDay],
      { type: 'RecordProjectEvaluation', memberId: 'm-1', decision: 'approve', reason: 'fits' },
      '2026-10-09T15:00:00+08:00',
    );
    expect(out.error?.code).toBe('ILLEGAL_TRANSITION');
    expect(out.error?.extensions).toMatchObject({ currentStatus: 'applied' });
  });

  it('M-ADM-5: an approved project evaluation makes the applicant approved; a rejection rejects', () => {
    const passed = decided(
      [appliedBeforeNationalDay],
      { type: 'RecordInitialReview', memberId: 'm-1', decision: 'pass', reason: 'ok' },
      '2026-10-09T15:00:00+08:00',
    ).events[0];
    const approve = decided(
      [appliedBeforeNationalDay, passed],
      { type: 'RecordProjectEvaluation', memberId: 'm-1', decision: 'approve', reason: 'feasible' },
      '2026-10-12T10:00:00+08:00',
    );
    expect(approve.state.status).toBe('approved');
    expect(approve.events).toEqual([{ type: 'ProjectEvaluationApproved.v1', data: { reason: 'feasible', late: false } }]);
    const reject = decided(
      [appliedBeforeNationalDay, passed],
      { type: 'RecordProjectEvaluation', memberId: 'm-1', decision: 'reject', reason: 'not feasible' },
      '2026-10-13T10:00:00+08:00',
    );
    expect(reject.state.status).toBe('rejected');
    expect(reject.events).toEqual([{ type: 'ProjectEvaluationRejected.v1', data: { reason: 'not feasible', late: true } }]);
  });

  it('M-ADM-4: evidence on an unknown member is not found; the same evidence twice is recorded once', () => {
    const unknown = decided(
      [],
      {
        type: 'SubmitEvidence',
        memberId: 'm-9',
        evidence: { evidenceId: 'ev-2', kind: 'plan', fileRef: 'f', sha256: 'b'.repeat(64) },
      },
      '2026-10-09T15:00:00+08:00',
    );
    expect(unknown.error?.code).toBe('NOT_FOUND');
    const first = decided(
      [appliedBeforeNationalDay],
      {
        type: 'SubmitEvidence',
        memberId: 'm-1',
        evidence: { evidenceId: 'ev-2', kind: 'plan', fileRef: 'f', sha256: 'b'.repeat(64) },
      },
      '2026-10-09T15:00:00+08:00',
    );
    expect(first.state.materials.map((m) => m.evidenceId)).toEqual(['ev-1', 'ev-2']);
    const again = decided(
      [appliedBeforeNationalDay, first.events[0]],
      {
        type: 'SubmitEvidence',
        memberId: 'm-1',
        evidence: { evidenceId: 'ev-2', kind: 'plan', fileRef: 'f', sha256: 'b'.repeat(64) },
      },
      '2026-10-09T15:00:00+08:00',
    );
    expect(again.events).toEqual([]);
  });
});
