export type SignAgreement = { type: 'SignAgreement'; memberId: string; startDate: string; feeFen: number; depositFen: number };
export type RecordPayment = {
  type: 'RecordPayment';
  memberId: string;
  kind: 'fee' | 'deposit';
  amountFen: number;
  reference: string;
};
export type OnboardMember = { type: 'OnboardMember'; memberId: string; workspace: string; briefingAcknowledged: boolean };

export type AgreementCommand = SignAgreement | RecordPayment | OnboardMember;
