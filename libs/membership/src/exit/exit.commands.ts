export type GiveExitNotice = { type: 'GiveExitNotice'; memberId: string; exitDate: string; reason: string };
export type CompleteVoluntaryExit = { type: 'CompleteVoluntaryExit'; memberId: string; exitDate: string };
export type DecideForcedExit = { type: 'DecideForcedExit'; memberId: string; clause: string; reason: string };

/** M-EXIT-3: issued by the quarter close when scoring eliminates a member (M-SCORE-8..10). */
export type EliminateMember = { type: 'EliminateMember'; memberId: string; quarter: string; totalScore: number; reason: string };

export type ExitCommand = GiveExitNotice | CompleteVoluntaryExit | DecideForcedExit | EliminateMember;
