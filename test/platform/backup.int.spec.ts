import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVENT_STORE, type EventStore } from '@opc/eventstore';
import { SqliteEventStore } from '@opc/eventstore/sqlite-event-store';
import { foldMember } from '@opc/membership/member.state';
import { backupDataDir, restoreDataDir, type BackupManifest } from '@opc/platform/stores/embedded-backup';
import { buildSync } from 'esbuild';
import { admitMember, ApiHarness, application } from '../support/api-harness';

/**
 * Backup and restore of the embedded default (README "Backup and restore"): a backup taken while
 * commands are being written restores into a data directory whose events are exactly the source's
 * up to the backup's head, whose read models catch up to a fold of those events, and which takes
 * new commands after them.
 */
/** The backup CLI bundled from its source (esbuild, which the console's build brings) and run with node. */
const CLI = join(mkdtempSync(join(tmpdir(), 'opc-backup-cli-')), 'backup.js');
buildSync({
  entryPoints: [join(__dirname, '..', '..', 'apps', 'api', 'src', 'cli', 'backup.ts')],
  bundle: true,
  platform: 'node',
  target: 'node20',
  external: ['better-sqlite3'],
  outfile: CLI,
  tsconfig: join(__dirname, '..', '..', 'tsconfig.json'),
  logLevel: 'silent',
});
const runCli = (args: string[], dataDir: string) =>
  new Promise<{ code: number | null; out: string }>((done) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { ...process.env, DATA_DIR: dataDir, NODE_PATH: join(__dirname, '..', '..', 'node_modules') },
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => done({ code, out }));
  });

const readAll = async (file: string) => {
  const store = new SqliteEventStore(file);
  try {
    return await store.readAll();
  } finally {
    await store.close();
  }
};

describe('embedded backup and restore', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await ApiHarness.start();
    for (let i = 0; i < 3; i++) await admitMember(api, { name: `Before ${i}` });
  }, 60_000);
  afterAll(async () => {
    await api.stop();
  });

  it('backs up while writing: the restored events are the source’s up to the backup head, and the read models fold to the same members', async () => {
    // Applications keep arriving while the backup runs.
    let writing = true;
    let n = 0;
    const writer = (async () => {
      while (writing) await api.post('/members/applications', application({ name: `During ${n++}` }), 'recruiter');
      return n;
    })();
    await new Promise((r) => setTimeout(r, 50));
    // The backup runs as operators run it: `npm run backup` in its own process, while the server writes.
    const target = join(mkdtempSync(join(tmpdir(), 'opc-backup-')), 'backup');
    const atStart = n;
    const cli = await runCli(['backup', target], api.dataDir);
    const duringBackup = n - atStart;
    writing = false;
    expect(duringBackup).toBeGreaterThan(0);
    expect(cli).toMatchObject({ code: 0 });
    const manifest = JSON.parse(readFileSync(join(target, 'backup.json'), 'utf8')) as BackupManifest;
    const written = await writer;
    expect(written).toBeGreaterThan(0);
    // (The harness gives the secrets as variables, so none was generated into the data directory.)
    expect(manifest.files).toEqual(['readstore.db', 'events.db', 'manual-clock']);
    for (const f of readdirSync(target)) expect(statSync(join(target, f)).mode & 0o077).toBe(0);

    const source = await readAll(join(api.dataDir, 'events.db'));
    const copied = await readAll(join(target, 'events.db'));
    expect(copied.length).toBeGreaterThan(0);
    expect(copied.at(-1)!.position).toBe(manifest.eventHead);
    // A prefix of the source, event for event.
    expect(copied).toEqual(source.slice(0, copied.length));
    expect(source.length).toBeGreaterThan(copied.length);

    // Restored into a fresh directory: the server starts on it and its read models catch up.
    const restoredDir = join(mkdtempSync(join(tmpdir(), 'opc-restored-')), 'data');
    await restoreDataDir(target, restoredDir);
    const restored = await ApiHarness.start({}, restoredDir);
    try {
      const members = (await restored.get(`/members?pageSize=500&minPosition=${manifest.eventHead}`)).body;
      const streams = new Map<string, typeof copied>();
      for (const e of copied.filter((x) => x.streamId.startsWith('member-')))
        streams.set(e.streamId, [...(streams.get(e.streamId) ?? []), e]);
      expect(members.total).toBe(streams.size);
      for (const item of members.items as { id: string; status: string; name: string }[]) {
        const folded = foldMember(streams.get(`member-${item.id}`)!);
        expect({ id: item.id, status: item.status, name: item.name }).toEqual({
          id: item.id,
          status: folded.status,
          name: folded.name,
        });
      }
      // It goes on after the backup's head.
      const next = await restored.post('/members/applications', application({ name: 'After restore' }), 'recruiter');
      expect(next.status).toBe(201);
      const after = await (restored.service(EVENT_STORE as never) as unknown as EventStore).readAll({
        afterPosition: manifest.eventHead,
      });
      expect(after[0].position).toBe(manifest.eventHead + 1);
      expect(after.at(-1)!.position).toBe(next.body.position);
    } finally {
      await restored.stop();
    }
  });

  it('refuses to overwrite: a backup into a non-empty directory, a restore into a non-empty data directory', async () => {
    const target = mkdtempSync(join(tmpdir(), 'opc-backup-'));
    const first = join(target, 'one');
    backupDataDir(api.dataDir, first);
    expect(() => backupDataDir(api.dataDir, first)).toThrow(/is not empty/);
    await expect(restoreDataDir(first, api.dataDir)).rejects.toThrow(/is not empty/);
    await expect(restoreDataDir(target, join(target, 'fresh'))).rejects.toThrow(/no backup.json/);
  });
});
