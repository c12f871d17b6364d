import { fork, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import jwt from 'jsonwebtoken';
import type { ClientParams, ClientResult } from './http-load-client';

/**
 * W5: the running API (its own process, embedded stores in a fresh DATA_DIR, manual clock)
 * under concurrent clients issuing member lifecycle commands over HTTP, the load generator in
 * another process (dist/bench/http-load-client.js). Figures: commands/s and p50/p90/p99/max
 * latency at 16 and 64 concurrent clients; also the CPU each process used and the projection lag
 * left at the end, and a GET /health baseline of the HTTP stack alone.
 *
 * Goal: ≥ 2,000 commands/s with p99 < 20 ms on a 2-core machine. Nothing here asserts it.
 *
 * Environment (optional): HTTP_BENCH_DURATION_MS (default 15000), HTTP_BENCH_MAX_MEMBERS
 * (default 20000 per run), HTTP_BENCH_CONCURRENCY (default "16,64"), HTTP_BENCH_API_NODE_OPTIONS
 * (extra node flags for the API child, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"), HTTP_BENCH_HEALTH=0
 * (skip the GET /health baseline, e.g. so that a profile holds the commands only).
 */
const DURATION_MS = Number(process.env.HTTP_BENCH_DURATION_MS ?? 15_000);
const MAX_MEMBERS = Number(process.env.HTTP_BENCH_MAX_MEMBERS ?? 20_000);
const CONCURRENCY = (process.env.HTTP_BENCH_CONCURRENCY ?? '16,64').split(',').map(Number);
const WARMUP_COMMANDS = 400;
const HEALTH_DURATION_MS = 5_000;
const JWT_SECRET = 'http-load-bench-secret';

const DIST = resolve(__dirname, '..');
const API_MAIN = join(DIST, 'apps/api/src/main.js');
const CLIENT_MAIN = join(__dirname, 'http-load-client.js');

/** Children alive now: killed if the bench itself is interrupted, so no API or generator outlives it. */
const children = new Set<ChildProcess>();
const track = (child: ChildProcess): ChildProcess => {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
};

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => res(port));
    });
  });
}

/** CPU seconds (user + system) used so far by a process, from /proc (Linux); null elsewhere. */
function cpuSeconds(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  const file = `/proc/${pid}/stat`;
  if (!existsSync(file)) return null;
  try {
    const stat = readFileSync(file, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields after the command name: state is index 0, utime 11, stime 12 (clock ticks; 100/s on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

interface Api {
  child: ChildProcess;
  url: string;
  output: () => string;
}

async function startApi(dataDir: string): Promise<Api> {
  const port = await freePort();
  const extra = (process.env.HTTP_BENCH_API_NODE_OPTIONS ?? '').split(' ').filter(Boolean);
  const child = track(
    spawn(process.execPath, [...extra, API_MAIN], {
      env: {
        ...process.env,
        PORT: String(port),
        DATA_DIR: dataDir,
        CLOCK: 'manual',
        CLOCK_START: '2026-09-29T09:00:00+08:00',
        JWT_SECRET,
        SUBJECT_KEY: 'http-load-bench-subject-key',
        // One admin token drives thousands of commands a second: the limit stays on (its cost is
        // measured) but far above the load.
        RATE_LIMIT_PER_SECOND: '1000000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  let out = '';
  const keep = (chunk: Buffer) => {
    out = (out + chunk.toString('utf8')).slice(-8000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const url = `http://127.0.0.1:${port}`;
  const deadline = performance.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode} while starting:\n${out}`);
    try {
      const r = await fetch(`${url}/health`);
      if (r.ok) break;
    } catch {
      /* not listening yet */
    }
    if (performance.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the API did not answer GET /health within 30 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, url, output: () => out };
}

async function stopApi(api: Api): Promise<void> {
  if (api.child.exitCode !== null || api.child.signalCode !== null) return;
  const exited = new Promise<void>((r) => api.child.once('exit', () => r()));
  api.child.kill('SIGTERM');
  const timer = setTimeout(() => api.child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

interface Health {
  eventStore: { headPosition: number };
  projections: { name: string; lag: number }[];
}

async function health(url: string): Promise<Health> {
  const r = await fetch(`${url}/health`);
  return (await r.json()) as Health;
}

/** Waits until every projection has caught up; answers the seconds it took (the lag the load left behind). */
async function drainProjections(url: string, timeoutMs = 120_000): Promise<{ lagAtEnd: number; catchUpSeconds: number }> {
  const t0 = performance.now();
  const first = await health(url);
  const lagAtEnd = Math.max(0, ...first.projections.map((p) => p.lag));
  let lag = lagAtEnd;
  while (lag > 0 && performance.now() - t0 < timeoutMs) {
    await new Promise((r) => setTimeout(r, 50));
    lag = Math.max(0, ...(await health(url)).projections.map((p) => p.lag));
  }
  return { lagAtEnd, catchUpSeconds: Math.round((performance.now() - t0) / 10) / 100 };
}

/** Forks the generator; answers its result and the API's CPU over the measured phase. */
function runLoad(api: Api, params: ClientParams): Promise<{ result: ClientResult; apiCpuPercent: number | null }> {
  return new Promise((res, rej) => {
    const client = track(fork(CLIENT_MAIN, [JSON.stringify(params)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
    let cpu0: number | null = null;
    let t0 = 0;
    let settled = false;
    client.on('message', (m: { type: string; result?: ClientResult }) => {
      if (m.type === 'measuring') {
        cpu0 = cpuSeconds(api.child.pid);
        t0 = performance.now();
      } else if (m.type === 'result' && m.result) {
        const cpu1 = cpuSeconds(api.child.pid);
        const wall = (performance.now() - t0) / 1000;
        settled = true;
        res({
          result: m.result,
          apiCpuPercent: cpu0 === null || cpu1 === null ? null : Math.round(((cpu1 - cpu0) / wall) * 100),
        });
      }
    });
    client.on('error', (e) => {
      if (!settled) rej(e);
    });
    client.on('exit', (code) => {
      if (!settled) rej(new Error(`the load generator exited with ${code} before answering`));
    });
  });
}

export async function runHttpLoadBench(): Promise<Record<string, string | number>> {
  if (!existsSync(API_MAIN)) throw new Error(`${API_MAIN} is missing: run npm run build first`);
  const dataDir = mkdtempSync(join(tmpdir(), 'opc-http-bench-'));
  const token = jwt.sign({ sub: 'http-load-bench', roles: ['admin'] }, JWT_SECRET, { algorithm: 'HS256', expiresIn: '1h' });
  const figures: Record<string, string | number> = {};
  let api: Api | null = null;
  const interrupted = (signal: NodeJS.Signals) => {
    for (const child of children) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    api = await startApi(dataDir);
    console.log(
      `W5 HTTP load: API pid ${api.child.pid} at ${api.url}, generator in its own process; ` +
        `runs of ${DURATION_MS / 1000} s or ${MAX_MEMBERS.toLocaleString('en')} members, warm-up ${WARMUP_COMMANDS} commands`,
    );
    const rows: Record<string, Record<string, string | number>> = {};
    const base = { url: api.url, token, durationMs: DURATION_MS, maxMembers: MAX_MEMBERS, warmupCommands: WARMUP_COMMANDS };

    for (const concurrency of CONCURRENCY) {
      const { result, apiCpuPercent } = await runLoad(api, { ...base, concurrency, mode: 'lifecycle' });
      const drained = await drainProjections(api.url);
      const l = result.latencyMs;
      rows[`commands, ${concurrency} clients`] = {
        'commands/s': result.commandsPerSecond,
        'p50 ms': l.p50,
        'p90 ms': l.p90,
        'p99 ms': l.p99,
        'max ms': l.max,
        commands: result.commands,
        'non-2xx': result.non2xx,
        'net errors': result.networkErrors,
        members: result.membersCompleted,
        'API CPU %': apiCpuPercent ?? 'n/a',
        'client CPU %': result.clientCpuPercent,
        'proj. lag at end': drained.lagAtEnd,
        'catch-up s': drained.catchUpSeconds,
      };
      if (result.non2xx > 0 || result.networkErrors > 0)
        console.log(`  failures at ${concurrency} clients (first few):`, JSON.stringify(result.failures, null, 2));
      console.log(`  per command at ${concurrency} clients (ms):`);
      console.table(
        Object.fromEntries(
          Object.entries(result.perCommand).map(([k, s]) => [
            k,
            { count: s.count, p50: s.p50, p90: s.p90, p99: s.p99, max: s.max },
          ]),
        ),
      );
      const key = `W5 c${concurrency}`;
      figures[`${key} commands/s`] = result.commandsPerSecond;
      figures[`${key} p50 ms`] = l.p50;
      figures[`${key} p90 ms`] = l.p90;
      figures[`${key} p99 ms`] = l.p99;
      figures[`${key} max ms`] = l.max;
      figures[`${key} non-2xx`] = result.non2xx + result.networkErrors;
    }

    // Baseline: the HTTP stack, the guard-free /health route (event-store head + read-store count), no command.
    if (process.env.HTTP_BENCH_HEALTH !== '0') await healthBaseline(api, base, rows, figures);

    const head = (await health(api.url)).eventStore.headPosition;
    console.log(`\nW5 results (goal: ≥ 2,000 commands/s, p99 < 20 ms); ${head.toLocaleString('en')} events written in all`);
    console.table(rows);
    return figures;
  } finally {
    if (api) await stopApi(api);
    rmSync(dataDir, { recursive: true, force: true });
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
  }
}

async function healthBaseline(
  api: Api,
  base: Omit<ClientParams, 'concurrency' | 'mode'>,
  rows: Record<string, Record<string, string | number>>,
  figures: Record<string, string | number>,
): Promise<void> {
  const { result: h, apiCpuPercent: hCpu } = await runLoad(api, {
    ...base,
    durationMs: HEALTH_DURATION_MS,
    concurrency: 64,
    mode: 'health',
  });
  rows['GET /health, 64 clients'] = {
    'commands/s': h.commandsPerSecond,
    'p50 ms': h.latencyMs.p50,
    'p90 ms': h.latencyMs.p90,
    'p99 ms': h.latencyMs.p99,
    'max ms': h.latencyMs.max,
    commands: h.commands,
    'non-2xx': h.non2xx,
    'net errors': h.networkErrors,
    members: '-',
    'API CPU %': hCpu ?? 'n/a',
    'client CPU %': h.clientCpuPercent,
    'proj. lag at end': '-',
    'catch-up s': '-',
  };
  figures['W5 GET /health req/s (c64)'] = h.commandsPerSecond;
  figures['W5 GET /health p99 ms (c64)'] = h.latencyMs.p99;
}

if (require.main === module) {
  runHttpLoadBench().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
