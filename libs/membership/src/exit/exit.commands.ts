export type GiveExitNotice = { type: 'GiveExitNotice'; memberId: string; exitDate: string; reason: string };
export type CompleteVoluntaryExit = { type: 'CompleteVoluntaryExit'; memberId: string; exitDate: string };
export type DecideForcedExit = { type: 'DecideForcedExit'; memberId: string; clause: string; reason: string };

export type ExitCommand = GiveExitNotice | CompleteVoluntaryExit | DecideForcedExit;
