import type { DueDate } from '../admission/admission.events';

/** The contested decision, as it was recorded: where it is, what it was, under which rules. */
export interface ContestedDecision {
  streamId: string;
  eventId: string;
  revision: number;
  position: number;
  type: string;
  recordedAt: string;
  occurredAt: string;
  ruleSet: { id: string; version: number };
  clause: string | null;
  /** For a penalty: its id on the disciplinary record (what an upheld appeal annuls). */
  penaltyId: string | null;
  /** The last day a review could be asked for (the decision's publicity window). */
  windowEndsDate: string;
  /** The first day (a quarter's scores are contested only once their publicity opened); absent: from the decision. */
  windowOpensDate?: string;
}

/** M-APL-1: the member asks for review (复核) of a decision during its publicity window. */
export type AppealFiled = {
  type: 'AppealFiled.v1';
  data: {
    appealId: string;
    memberId: string;
    decision: ContestedDecision;
    grounds: string;
    filedDate: string;
    /** M-APL-1: the answer is due within 3 working days. */
    answerDue: DueDate;
  };
};

/** The appeal handler's answer. Upheld: the decision is reversed by new events on its stream (M-APL-2). */
export type AppealDecided = {
  type: 'AppealDecided.v1';
  data: {
    appealId: string;
    upheld: boolean;
    reason: string;
    decidedDate: string;
    /** Answered after its due date. */
    late: boolean;
  };
};

export type AppealEvent = AppealFiled | AppealDecided;
