import type { ContestedDecision } from './appeal.events';

/** The shell finds the contested decision on the member's record and its window before deciding. */
export type FileAppeal = {
  type: 'FileAppeal';
  appealId: string;
  memberId: string;
  decision: ContestedDecision;
  grounds: string;
};

export type DecideAppeal = { type: 'DecideAppeal'; appealId: string; upheld: boolean; reason: string };

export type AppealCommand = FileAppeal | DecideAppeal;
