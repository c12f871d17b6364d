import type { Decider, DecisionContext, DomainEvent } from './decider';
import { DomainError } from './errors';

/** What a command did, for given/when/then tests: the events it decided, or the refusal, and the state after. */
export interface Outcome<S, E> {
  events: E[];
  error: DomainError | null;
  state: S;
}

/**
 * given(events).when(command, ctx) — the shape of a decider test (docs/architecture.md "Deciders"). Pure: folds the
 * given events, decides, folds the result. A non-domain error is a bug and is rethrown.
 */
export const given = <S, C, E extends DomainEvent, R>(decider: Decider<S, C, E, R>, ...history: E[]) => ({
  when(command: C, ctx: DecisionContext<R>): Outcome<S, E> {
    const before = history.reduce(decider.evolve, decider.initialState());
    try {
      const events = decider.decide(command, before, ctx);
      return { events, error: null, state: events.reduce(decider.evolve, before) };
    } catch (e) {
      if (e instanceof DomainError) return { events: [], error: e, state: before };
      throw e;
    }
  },
});
