import {
  businessDateOf,
  ConditionsNotMet,
  IllegalTransition,
  NotEligible,
  NotFound,
  ReentryBanned,
  type DecisionContext,
} from '@opc/kernel';
import type { Member } from '../member.state';
import type { MembershipRules, ApplicantType, Direction } from '../rules/membership-rules';
import type { AdmissionCommand } from './admission.commands';
import type { AdmissionEvent } from './admission.events';

type Ctx = DecisionContext<MembershipRules>;

/** Admission: application → initial review → project evaluation (M-ADM-1..5). */
export const decideAdmission = (command: AdmissionCommand, state: Member, ctx: Ctx): AdmissionEvent[] => {
  const today = businessDateOf(ctx.occurredAt);
  if (command.type !== 'ApplyForMembership' && state.status === null) throw new NotFound('member', command.memberId);
  switch (command.type) {
    case 'ApplyForMembership': {
      if (state.status !== null) throw new IllegalTransition(state.status, command.type);
      // M-ADM-7 / M-BAN: refused until the ban's end date; accepted from that day on.
      if (command.ban && today < command.ban.banUntil)
        throw new ReentryBanned(command.ban.banUntil, `${command.ban.clause}: ${command.ban.reason}`);
      const reasons: string[] = [];
      const { admission } = ctx.rules;
      if (!admission.applicantTypes.includes(command.applicantType))
        reasons.push(`M-ADM-1: applicant type ${command.applicantType} may not apply`);
      if (!admission.directions.includes(command.direction as Direction))
        reasons.push(`M-ADM-2: direction ${command.direction} does not fit policy (${admission.directions.join(', ')})`);
      if (!command.attestations.noDishonestyRecord)
        reasons.push('M-ADM-3: the applicant must attest to no major dishonesty record');
      if (!command.attestations.acceptsRules) reasons.push('M-ADM-3: the applicant must accept the community rules');
      if (command.materials.length === 0) reasons.push('M-ADM-4: the application carries no materials');
      if (reasons.length > 0) throw new NotEligible(reasons);
      return [
        {
          type: 'MembershipApplied.v1',
          data: {
            memberId: command.memberId,
            applicantType: command.applicantType as ApplicantType,
            name: command.name,
            subjectHash: command.subjectHash,
            direction: command.direction as Direction,
            description: command.description,
            materials: command.materials,
            attestations: { noDishonestyRecord: true, acceptsRules: true },
            initialReviewDue: ctx.calendar.addWorkingDays(today, admission.initialReviewWorkingDays),
          },
        },
      ];
    }
    case 'SubmitEvidence': {
      if (state.materials.some((m) => m.evidenceId === command.evidence.evidenceId)) return [];
      return [{ type: 'EvidenceSubmitted.v1', data: command.evidence }];
    }
    case 'RecordInitialReview': {
      if (state.status !== 'applied') throw new IllegalTransition(state.status, command.type);
      const late = state.initialReviewDue !== null && today > state.initialReviewDue.date;
      const findings = {
        directionFits: command.directionFits ?? true,
        integrityVerified: command.integrityVerified ?? true,
      };
      if (command.decision === 'fail')
        return [{ type: 'InitialReviewFailed.v1', data: { reason: command.reason, findings, late } }];
      // M-ADM-2/3: a pass stands on both findings; a reviewer who found otherwise must fail the application.
      const unmet: string[] = [];
      if (!findings.directionFits) unmet.push('M-ADM-2: the reviewer found the direction does not fit policy');
      if (!findings.integrityVerified) unmet.push('M-ADM-3: the reviewer could not verify the integrity record');
      if (unmet.length > 0) throw new ConditionsNotMet(unmet);
      return [
        {
          type: 'InitialReviewPassed.v1',
          data: {
            reason: command.reason,
            findings: { directionFits: true, integrityVerified: true },
            projectEvaluationDue: ctx.calendar.addWorkingDays(today, ctx.rules.admission.projectEvaluationWorkingDays),
            late,
          },
        },
      ];
    }
    case 'RecordProjectEvaluation': {
      if (state.status !== 'reviewed') throw new IllegalTransition(state.status, command.type);
      const late = state.projectEvaluationDue !== null && today > state.projectEvaluationDue.date;
      return command.decision === 'approve'
        ? [{ type: 'ProjectEvaluationApproved.v1', data: { reason: command.reason, late } }]
        : [{ type: 'ProjectEvaluationRejected.v1', data: { reason: command.reason, late } }];
    }
  }
};
