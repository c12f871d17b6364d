/** M-ADM-6: the agreement (term, fees, deposit), its payments, and onboarding. */
export type AgreementSigned = {
  type: 'AgreementSigned.v1';
  data: {
    /** M-TERM-1: the term runs 12 months from this date. */
    startDate: string;
    /** The term's last day (inclusive): startDate + 12 months − 1 day. */
    termEndDate: string;
    /** The fee of one term … */
    feeFen: number;
    /** … due by this date: the term's start, or the signing date when the term started before it. */
    feeDueDate: string;
    depositFen: number;
    /** The term's length in months from the rule set in force. */
    termMonths: number;
  };
};

export type PaymentRecorded = {
  type: 'PaymentRecorded.v1';
  data: {
    kind: 'fee' | 'deposit';
    amountFen: number;
    reference: string;
    /** Business date the money came in. */
    paidDate: string;
    /** For a fee: the term it pays (its start date) and whether it came after the fee was due. */
    termStartDate: string | null;
    late: boolean;
    /** What is still owed for this kind after this payment. */
    outstandingFen: number;
  };
};

export type MemberOnboarded = {
  type: 'MemberOnboarded.v1';
  data: {
    workspace: string;
    /** M-ADM-6: the briefing on rules and the reward/penalty scheme, the basis of later penalties. */
    briefingAcknowledged: true;
    onboardedDate: string;
    /** The current term's last day: the renewal reminder and the term end fall due from it. */
    termEndDate: string;
    /** M-TERM-2: the renewal-or-exit reminder falls due on this date (30 days before the term ends). */
    renewalReminderDate: string;
    /** M-ARC-1: the archive is created at onboarding. */
    archiveCreated: true;
  };
};

export type AgreementEvent = AgreementSigned | PaymentRecorded | MemberOnboarded;
