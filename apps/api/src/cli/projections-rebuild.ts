/**
 * npm run projections:rebuild -- <name>                      rebuild on DATA_DIR's embedded stores
 * npm run projections:rebuild -- <name> --api <url> [--token <jwt>]   through a running API
 *
 * Builds the next generation of a projection beside the live one from position 0 and switches at
 * the head (docs/architecture.md "Rebuild beside live"), showing its progress: a bar on a terminal,
 * plain lines otherwise.
 *
 * On DATA_DIR it takes the data directory's lock first, so it refuses while the API (or anything
 * else) runs on it: two processes must not write the same embedded files. Then rebuild through
 * the running API instead (`--api`), which does the work and reports it at GET /admin/projections.
 * `--token` (or OPC_TOKEN) is an admin token; without one, a short-lived admin token is signed with
 * the development secret, as `npm run token` would (not with JWT_JWKS_URL).
 *
 * Exit codes: 0 taken over, 1 failed, 2 usage (unknown projection, bad arguments), 3 DATA_DIR in use.
 * Interrupted, a rebuild on DATA_DIR stops after its last page; the same command goes on from there.
 */
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { NestFactory } from '@nestjs/core';
import { EVENT_STORE, type EventStore } from '@opc/eventstore';
import { READ_STORE, type ReadStore } from '@opc/readstore';
import {
  DataDirInUse,
  DataDirLock,
  loadConfig,
  ProjectionWorker,
  Projections,
  rebuildStatus,
  signToken,
  type PlatformConfig,
  type ProjectionStatus,
} from '@opc/platform';
import { AppModule } from '../app.module';
import { ProgressDisplay } from './progress-display';

const USAGE = 'usage: npm run projections:rebuild -- <projection> [--api <url> [--token <admin token>]]';

interface Io {
  out: NodeJS.WriteStream;
  err: (line: string) => void;
}

const count = (n: number): string => n.toLocaleString('en');

class Refusal extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

function parseArgs(argv: string[]): { name: string; api?: string; token?: string } {
  const positional: string[] = [];
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--api' || arg === '--token') {
      const value = argv[++i];
      if (value === undefined || value.startsWith('--')) throw new Refusal(`${arg} needs a value\n${USAGE}`, 2);
      flags[arg.slice(2)] = value;
    } else if (arg.startsWith('--')) throw new Refusal(`unknown option ${arg}\n${USAGE}`, 2);
    else positional.push(arg);
  }
  if (positional.length !== 1) throw new Refusal(USAGE, 2);
  return { name: positional[0], api: flags.api, token: flags.token };
}

/** On DATA_DIR: this process holds the embedded stores, runs the rebuild, and shows it. */
async function rebuildHere(name: string, config: PlatformConfig, io: Io): Promise<void> {
  if (config.eventStoreUrl || config.mongodbUrl)
    throw new Refusal(
      'EVENTSTORE_URL/MONGODB_URL are set: the projector runs the projections on the servers, not this command. ' +
        'A projection whose version changed is rebuilt by the projector when it starts.',
      2,
    );
  const inUse = (e: DataDirInUse) =>
    new Refusal(
      `${e.message}.\nTwo processes must not write the same embedded stores: stop it first, or, if it is the API, ` +
        `rebuild through it:\n  npm run projections:rebuild -- ${name} --api http://localhost:${e.holder?.port ?? config.port}`,
      3,
    );
  // Asked first, so a refusal is one clear message; the app below takes the lock itself.
  const holder = DataDirLock.holder(config.dataDir);
  if (holder) throw inUse(new DataDirInUse(config.dataDir, holder));
  let app;
  try {
    app = await NestFactory.createApplicationContext(AppModule.forRoot({ ...config, runProjections: false }), {
      logger: ['error', 'warn'],
      abortOnError: false,
    });
  } catch (e) {
    if (e instanceof DataDirInUse) throw inUse(e);
    throw e;
  }
  try {
    const projections = app.get(Projections);
    if (!projections.names().includes(name))
      throw new Refusal(`no projection named ${name}; there are: ${projections.names().join(', ')}`, 2);
    const events = app.get<EventStore>(EVENT_STORE);
    const worker = new ProjectionWorker(projections.definition(name), events, app.get<ReadStore>(READ_STORE));
    // Nobody else appends while this process holds the data directory: no live fold to follow.
    await worker.start({ follow: false });
    const live = worker.generation;
    const resumed = worker.rebuildState;
    const { generation, done } = await worker.startRebuild();
    io.out.write(
      resumed
        ? `${name}: going on with generation ${generation} from position ${count(resumed.checkpoint)} (in ${config.dataDir})\n`
        : `${name}: building generation ${generation} beside generation ${live} (in ${config.dataDir})\n`,
    );
    // Ctrl-C: every page is committed with its checkpoint, so stopping here loses nothing.
    process.once('SIGINT', () => {
      io.out.write(
        `\n${name}: interrupted at position ${count(worker.rebuildState?.checkpoint ?? 0)}; the same command goes on from there\n`,
      );
      process.exit(130);
    });
    const from = worker.rebuildState?.checkpoint ?? 0;
    const started = performance.now();
    const display = new ProgressDisplay(io.out, name);
    const show = async (force = false) => {
      const progress = worker.rebuildProgress;
      if (progress) display.update(rebuildStatus(progress, await events.headPosition(), progress.ratePerSecond), force);
    };
    await show(true);
    const timer = setInterval(() => void show(), 100);
    try {
      await done;
    } finally {
      clearInterval(timer);
    }
    const seconds = (performance.now() - started) / 1000;
    const folded = worker.checkpoint - from;
    display.finish(
      `${name}: generation ${worker.generation} took over at position ${count(worker.checkpoint)}: ` +
        `${count(folded)} events in ${seconds.toFixed(1)} s (${count(Math.round(folded / Math.max(seconds, 0.001)))} events/s)`,
    );
    await worker.stop();
  } finally {
    await app.close();
  }
}

/** Through a running API: it rebuilds; this asks it to, and follows GET /admin/projections. */
async function rebuildThroughApi(name: string, api: string, token: string, io: Io): Promise<void> {
  const base = api.replace(/\/+$/, '');
  const call = async (method: string, path: string) => {
    let res: Response;
    try {
      res = await fetch(base + path, { method, headers: { authorization: `Bearer ${token}` } });
    } catch (e) {
      throw new Refusal(`cannot reach the API at ${base}: ${(e as Error).message}`, 1);
    }
    const body = (await res.json().catch(() => null)) as Record<string, unknown> | null;
    if (!res.ok)
      throw new Refusal(
        `${method} ${path}: ${res.status} ${String(body?.code ?? '')} ${String(body?.detail ?? '')}`.trim(),
        res.status === 404 ? 2 : 1,
      );
    return body;
  };
  const started = (await call('POST', `/admin/projections/${encodeURIComponent(name)}/rebuild`)) as { generation: number };
  io.out.write(`${name}: ${base} is building generation ${started.generation}\n`);
  const display = new ProgressDisplay(io.out, name);
  const began = performance.now();
  for (let first = true; ; first = false) {
    const { items } = (await call('GET', '/admin/projections')) as unknown as { items: ProjectionStatus[] };
    const item = items.find((p) => p.name === name);
    if (!item) throw new Refusal(`${base} lists no projection named ${name}`, 1);
    if (item.rebuilding) display.update(item.rebuilding, first);
    else if (item.generation >= started.generation) {
      const seconds = (performance.now() - began) / 1000;
      display.finish(
        `${name}: generation ${item.generation} took over at position ${count(item.checkpoint)} (followed for ${seconds.toFixed(1)} s)`,
      );
      return;
    }
    if (item.error?.startsWith('rebuild failed')) {
      display.finish(`${name}: ${item.error}`);
      throw new Refusal(`${name}: ${item.error}; the same command tries again from where it stopped`, 1);
    }
    await new Promise((r) => setTimeout(r, io.out.isTTY ? 200 : 1000));
  }
}

function adminToken(config: PlatformConfig, given: string | undefined): string {
  if (given) return given;
  if (config.jwtJwksUrl)
    throw new Refusal('JWT_JWKS_URL is set: give an admin token from the identity provider with --token (or OPC_TOKEN)', 2);
  const ttl = Math.min(3600, config.jwtMaxLifetimeS);
  return signToken(config, { sub: 'cli:projections-rebuild', roles: ['admin'] }, ttl);
}

async function main(argv: string[], io: Io): Promise<number> {
  try {
    const args = parseArgs(argv);
    const config = loadConfig();
    if (args.api) await rebuildThroughApi(args.name, args.api, adminToken(config, args.token ?? process.env.OPC_TOKEN), io);
    else await rebuildHere(args.name, config, io);
    return 0;
  } catch (e) {
    if (e instanceof Refusal) {
      io.err(e.message);
      return e.exitCode;
    }
    io.err(`projections:rebuild failed: ${(e as Error).stack ?? String(e)}`);
    return 1;
  }
}

void main(process.argv.slice(2), { out: process.stdout, err: (line) => process.stderr.write(line + '\n') }).then((code) =>
  // Exit at once: nothing of this process needs to linger once its answer is written.
  process.stdout.write('', () => process.exit(code)),
);
