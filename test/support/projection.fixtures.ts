import type { EventStore } from '@opc/eventstore';
import type { NewEvent } from '@opc/kernel';
import type { Projection } from '@opc/platform';

/**
 * TEST SUPPORT — what the projection runner's tests (over each read store) fold: test events, a
 * projection that is not idempotent by itself (a re-applied event would show), and a wait.
 */
export const event = (type: string, data: Record<string, unknown>): NewEvent => ({
  type,
  data,
  metadata: {
    eventId: `e-${Math.random()}`,
    commandId: `c-${Math.random()}`,
    correlationId: 'c',
    causationId: 'c',
    actor: { id: 't', role: 'admin' },
    occurredAt: '2026-10-01T00:00:00.000Z',
    recordedAt: '2026-10-01T00:00:00.000Z',
    ruleSet: { id: 'test', version: 1 },
  },
});

/** Sums deposits per account (and, with `Closed.v1`, deletes a closed one). */
export const balances = (version = 1): Projection => ({
  name: 'balances',
  version,
  collections: ['accounts'],
  eventTypes: ['Deposited.v1', 'Closed.v1'],
  async apply(e, tx) {
    if (e.type === 'Closed.v1') return tx.delete('accounts', e.streamId);
    const doc = await tx.get<{ _id: string; total: number; deposits: number }>('accounts', e.streamId);
    const amount = (e.data as { amountFen: number }).amountFen;
    tx.put('accounts', { _id: e.streamId, total: (doc?.total ?? 0) + amount, deposits: (doc?.deposits ?? 0) + 1 });
  },
});

/** Two deposits on a new account `acct-a`: 100 and 50 fen. */
export async function deposits(events: EventStore): Promise<void> {
  await events.append('acct-a', [event('Deposited.v1', { amountFen: 100 }), event('Deposited.v1', { amountFen: 50 })], {
    expectedRevision: 'no-stream',
  });
}

/** Waits (polling every 5 ms, at most 2.5 s) until `check` holds. */
export async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error('condition not reached');
}
