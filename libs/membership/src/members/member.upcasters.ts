import type { Upcasters } from '@opc/platform';

/**
 * Schema evolution of the member stream: events recorded before a field existed are read as the
 * current version, with the value the older code implied. Nothing on disk is rewritten.
 */
export const registerMemberUpcasters = (upcasters: Upcasters): void => {
  upcasters
    // v2 added `orderedBy`: every v1 forced exit was an officer's own decision.
    .register('ForcedExitDecided.v1', (e) => ({
      type: 'ForcedExitDecided.v2',
      data: { ...(e.data as object), orderedBy: null },
    }))
    // v2 added `clearedOut`: before the clear-out could be confirmed early, nobody had confirmed it at exit.
    .register('ExitBufferEnded.v1', (e) => ({ type: 'ExitBufferEnded.v2', data: { ...(e.data as object), clearedOut: false } }))
    .register('VoluntaryExitCompleted.v1', (e) => ({
      type: 'VoluntaryExitCompleted.v2',
      data: { ...(e.data as object), clearedOut: false },
    }));
};
