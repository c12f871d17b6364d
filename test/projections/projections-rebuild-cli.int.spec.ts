import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataDirInUse, DataDirLock } from '@opc/platform';
import { ApiHarness, application } from '../support/api-harness';

/**
 * `npm run projections:rebuild -- <name>` (apps/api/src/cli/projections-rebuild.ts), spawned as
 * operators run it, in its own process, against a temp DATA_DIR: it rebuilds and reports; it
 * refuses while another process holds the data directory; through `--api` the running API does it.
 */
const ROOT = join(__dirname, '..', '..');
const ENV = { JWT_SECRET: 'e2e-secret', SUBJECT_KEY: 'e2e-subject-key' };

const runCli = (args: string[], dataDir: string) =>
  new Promise<{ code: number | null; out: string; err: string }>((done) => {
    const child = spawn(
      process.execPath,
      ['-r', join(ROOT, 'test/support/ts-register.js'), join(ROOT, 'apps/api/src/cli/projections-rebuild.ts'), ...args],
      { cwd: ROOT, env: { ...process.env, ...ENV, DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => done({ code, out, err }));
  });

describe('npm run projections:rebuild', () => {
  let api: ApiHarness | null = null;
  let dataDir: string;
  let members: unknown;
  let head: number;

  beforeAll(async () => {
    api = await ApiHarness.start();
    dataDir = api.dataDir;
    for (let i = 0; i < 5; i++) await api.post('/members/applications', application({ name: `Rebuilt ${i}` }), 'recruiter');
    head = await api.head();
    members = (await api.get(`/members?minPosition=${head}`)).body;
  }, 60_000);
  afterAll(async () => {
    await api?.stop({ keepData: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  const membersStatus = async () =>
    (await api!.get('/admin/projections')).body.items.find((p: { name: string }) => p.name === 'members');

  it('refuses while the API holds the data directory, says who holds it, and points to --api', async () => {
    const before = await membersStatus();
    const r = await runCli(['members'], dataDir);
    expect(r.code).toBe(3);
    expect(r.err).toContain(`in use by process ${process.pid}`);
    expect(r.err).toContain('npm run projections:rebuild -- members --api http://localhost:');
    expect(await membersStatus()).toMatchObject({ generation: before.generation, rebuilding: null });
  }, 60_000);

  it('--api: the running API rebuilds, and the CLI follows it to the switch', async () => {
    const before = await membersStatus();
    const r = await runCli(['members', '--api', `http://127.0.0.1:${api!.port}`, '--token', api!.token('admin')], dataDir);
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toContain(`members: http://127.0.0.1:${api!.port} is building generation ${before.generation + 1}`);
    expect(r.out).toContain(`members: generation ${before.generation + 1} took over at position ${head}`);
    expect(await membersStatus()).toMatchObject({ generation: before.generation + 1, checkpoint: head, rebuilding: null });
    const viewer = await runCli(['members', '--api', `http://127.0.0.1:${api!.port}`, '--token', api!.token('viewer')], dataDir);
    expect(viewer.code).toBe(1);
    expect(viewer.err).toContain('403 FORBIDDEN');
  }, 60_000);

  it('on the data directory (API stopped): rebuilds beside the live generation, reports in plain lines, switches', async () => {
    const generation = (await membersStatus()).generation;
    await api!.stop({ keepData: true });
    api = null;
    const r = await runCli(['members'], dataDir);
    expect(r).toMatchObject({ code: 0, err: '' });
    const lines = r.out.trim().split('\n');
    expect(lines[0]).toBe(`members: building generation ${generation + 1} beside generation ${generation} (in ${dataDir})`);
    // stdout is a pipe, not a TTY: plain lines, no bar.
    expect(lines[1]).toMatch(new RegExp(`^members: generation ${generation + 1}: [\\d,]+ / ${head} events \\(\\d+%\\), `));
    expect(r.out).not.toContain('\r');
    expect(lines.at(-1)).toMatch(
      new RegExp(
        `^members: generation ${generation + 1} took over at position ${head}: ${head} events in [\\d.]+ s \\([\\d,]+ events/s\\)$`,
      ),
    );

    api = await ApiHarness.start({}, dataDir);
    expect(await membersStatus()).toMatchObject({ generation: generation + 1, checkpoint: head, lag: 0, rebuilding: null });
    expect((await api.get(`/members?minPosition=${head}`)).body).toEqual(members);
  }, 60_000);

  it('an unknown projection is a usage error that lists the projections', async () => {
    await api?.stop({ keepData: true });
    api = null;
    const r = await runCli(['nope'], dataDir);
    expect(r.code).toBe(2);
    expect(r.err).toContain('no projection named nope; there are: ');
    expect(r.err).toContain('members');
    expect((await runCli([], dataDir)).err).toContain('usage: npm run projections:rebuild -- <projection>');
  }, 60_000);
});

describe('the data directory lock', () => {
  it('one holder at a time, in this process or another; released, it can be taken again', () => {
    const dir = mkdtempSync(join(tmpdir(), 'opc-lock-'));
    try {
      expect(DataDirLock.holder(dir)).toBeNull();
      const lock = DataDirLock.acquire(dir, 3000);
      expect(DataDirLock.holder(dir)).toMatchObject({ pid: process.pid, port: 3000 });
      expect(() => DataDirLock.acquire(dir)).toThrow(DataDirInUse);
      lock.release();
      lock.release();
      expect(DataDirLock.holder(dir)).toBeNull();
      DataDirLock.acquire(dir).release();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
