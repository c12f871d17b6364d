import { join } from 'node:path';
import Database from 'better-sqlite3';
import { EVENT_STORE, type EventStore } from '@opc/eventstore';
import { newId } from '@opc/kernel';
import { admitMember, ApiHarness, newSubject } from '../support/api-harness';

/**
 * Schema evolution: a forced exit recorded as `ForcedExitDecided.v1` (before `orderedBy` existed)
 * stays on disk as written and is read as v2 everywhere — the member fold, the bans projection,
 * the history — after a restart rebuilds nothing and rewrites nothing.
 */
describe('an event written as v1 is read as v2 everywhere', () => {
  it('M-EXIT-2 / M-BAN-1: a v1 forced exit on disk folds as v2 (orderedBy null) in the member, the bans and the history', async () => {
    let api = await ApiHarness.start();
    try {
      const subject = newSubject();
      const { id } = await admitMember(api, { subject });
      const store = api.service<EventStore>(EVENT_STORE as never);
      const [applied] = await store.readStream(`member-${id}`, { maxCount: 1 });
      const last = (await store.readStream(`member-${id}`)).at(-1)!;
      // As an older release wrote it: no orderedBy.
      await store.append(
        `member-${id}`,
        [
          {
            type: 'ForcedExitDecided.v1',
            data: {
              clause: 'M-EXIT-2',
              reason: 'recorded by an older release',
              decidedDate: '2026-09-29',
              depositForfeitedFen: 300_000,
              banYears: 3,
              banUntil: '2029-09-29',
              subjectHash: (applied.data as { subjectHash: string }).subjectHash,
              retentionUntil: '2029-09-29',
            },
            metadata: { ...last.metadata, eventId: newId(), commandId: newId() },
          },
        ],
        { expectedRevision: last.revision },
      );
      api = await api.restart();
      // On disk it is still v1: nothing is rewritten.
      const file = new Database(join(api.dataDir, 'events.db'), { readonly: true });
      const onDisk = file
        .prepare('SELECT type FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1')
        .pluck()
        .get(`member-${id}`);
      file.close();
      expect(onDisk).toBe('ForcedExitDecided.v1');
      const raw = await api.service<EventStore>(EVENT_STORE as never).readStream(`member-${id}`);
      expect(raw.at(-1)).toMatchObject({ type: 'ForcedExitDecided.v2', data: { orderedBy: null, clause: 'M-EXIT-2' } });
      const member = await api.get(`/members/${id}?minPosition=${await api.head()}`);
      expect(member.body).toMatchObject({ status: 'exited', exitKind: 'forced', ban: { until: '2029-09-29' } });
      const history = (await api.get(`/members/${id}/history`)).body.events;
      expect(history.at(-1)).toMatchObject({ type: 'ForcedExitDecided.v2', data: { orderedBy: null } });
      expect((await api.post('/bans/lookup', { subject }, 'recruiter')).body).toMatchObject({
        banned: true,
        ban: { until: '2029-09-29' },
      });
    } finally {
      await api.stop();
    }
  });
});
