import http from 'node:http';
import { performance } from 'node:perf_hooks';

/**
 * W5 load generator, run as its own process (forked by http-load.bench.ts) so that its CPU is
 * not the API's: `concurrency` virtual clients, each walking member after member through the
 * nine lifecycle commands over keep-alive HTTP, one request in flight per client. A warm-up of
 * `warmupCommands` commands runs first and is not measured; then the measured phase runs until
 * `durationMs` has passed or `maxMembers` members have been started (a client finishes the
 * command it has in flight, then stops).
 *
 * Parameters: one JSON argument (ClientParams). Result: sent over IPC when forked (`{ type:
 * 'result', result }`), otherwise printed as one JSON line on stdout.
 */
export interface ClientParams {
  /** Base URL, e.g. http://127.0.0.1:4321 (traffic only to loopback). */
  url: string;
  /** Bearer token with the admin role. */
  token: string;
  concurrency: number;
  durationMs: number;
  maxMembers: number;
  warmupCommands: number;
  /** `lifecycle`: the nine member commands; `health`: GET /health only (a baseline of the HTTP stack). */
  mode: 'lifecycle' | 'health';
}

export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

export interface ClientResult {
  mode: ClientParams['mode'];
  concurrency: number;
  /** Requests completed (any status) in the measured phase. */
  commands: number;
  ok: number;
  non2xx: number;
  networkErrors: number;
  membersStarted: number;
  membersCompleted: number;
  seconds: number;
  commandsPerSecond: number;
  latencyMs: LatencySummary;
  /** Per command (route) latency, to see which step costs what. */
  perCommand: Record<string, LatencySummary>;
  /** A few failed replies, for diagnosis. */
  failures: { step: string; status: number; body: string }[];
  /** CPU used by this process over the measured phase, as % of one core. */
  clientCpuPercent: number;
}

interface Reply {
  status: number;
  body: string;
}

type Step = { name: string; path: (id: string) => string; body: (n: number) => unknown };

/** One subject holds one membership at a time: every load applicant is another subject (this run's prefix + n). */
const RUN = String(Math.floor(Math.random() * 1e6)).padStart(6, '0');
const application = (n: number) => ({
  applicantType: 'opc',
  name: `Load Studio ${n}`,
  subject: `9144${RUN}${String(n).padStart(8, '0')}`,
  direction: 'ai-native-innovation',
  description: 'AI bookkeeping agents for cross-border sellers',
  materials: [
    { kind: 'identity-document', fileRef: `files/load-${n}/id.pdf`, sha256: 'a'.repeat(64) },
    { kind: 'business-plan', fileRef: `files/load-${n}/plan.pdf`, sha256: 'b'.repeat(64) },
  ],
  attestations: { noDishonestyRecord: true, acceptsRules: true },
});

/** The lifecycle after the application: each answers 200 with the manual clock at 2026-09-29. */
const STEPS: Step[] = [
  {
    name: 'initial-review',
    path: (id) => `/members/${id}/initial-review`,
    body: () => ({ decision: 'pass', reason: 'fits the policy directions' }),
  },
  {
    name: 'project-evaluation',
    path: (id) => `/members/${id}/project-evaluation`,
    body: () => ({ decision: 'approve', reason: 'viable project' }),
  },
  {
    name: 'agreement',
    path: (id) => `/members/${id}/agreement`,
    body: () => ({ startDate: '2026-10-08', feeFen: 1_200_000, depositFen: 300_000 }),
  },
  {
    name: 'payment-fee',
    path: (id) => `/members/${id}/payments`,
    body: (n) => ({ kind: 'fee', amountFen: 1_200_000, reference: `BANK-FEE-${n}` }),
  },
  {
    name: 'payment-deposit',
    path: (id) => `/members/${id}/payments`,
    body: (n) => ({ kind: 'deposit', amountFen: 300_000, reference: `BANK-DEP-${n}` }),
  },
  {
    name: 'onboarding',
    path: (id) => `/members/${id}/onboarding`,
    body: (n) => ({ workspace: `A-${n % 1000}`, briefingAcknowledged: true }),
  },
  {
    name: 'renewal',
    path: (id) => `/members/${id}/renewals`,
    body: () => ({ decision: 'approve', reason: 'good standing' }),
  },
  {
    name: 'exit-notice',
    path: (id) => `/members/${id}/exit-notices`,
    body: () => ({ exitDate: '2027-06-30' }),
  },
];

/** Growable store of latencies (ms). */
class Samples {
  private data = new Float64Array(1 << 14);
  private n = 0;
  push(v: number): void {
    if (this.n === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.n++] = v;
  }
  summary(): LatencySummary {
    const sorted = this.data.slice(0, this.n).sort();
    const at = (q: number) => (this.n === 0 ? 0 : sorted[Math.min(this.n - 1, Math.ceil(q * this.n) - 1)]);
    let sum = 0;
    for (let i = 0; i < this.n; i++) sum += sorted[i];
    const r = (v: number) => Math.round(v * 100) / 100;
    return {
      count: this.n,
      p50: r(at(0.5)),
      p90: r(at(0.9)),
      p99: r(at(0.99)),
      max: r(this.n === 0 ? 0 : sorted[this.n - 1]),
      mean: r(this.n === 0 ? 0 : sum / this.n),
    };
  }
}

export async function runClient(params: ClientParams, onMeasureStart?: () => void): Promise<ClientResult> {
  const target = new URL(params.url);
  if (target.hostname !== '127.0.0.1' && target.hostname !== 'localhost' && target.hostname !== '[::1]')
    throw new Error(`the load generator only targets loopback, not ${target.hostname}`);
  const agent = new http.Agent({ keepAlive: true, maxSockets: params.concurrency, maxFreeSockets: params.concurrency });
  const auth = `Bearer ${params.token}`;

  const request = (method: 'GET' | 'POST', path: string, body?: unknown): Promise<Reply> =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      const headers: http.OutgoingHttpHeaders = { authorization: auth };
      if (payload) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = payload.length;
      }
      const req = http.request({ host: target.hostname, port: target.port, method, path, headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(payload);
    });

  // Measurement state: `measuring` switches from the warm-up to the measured phase.
  let measuring = false;
  let stopping = false;
  let budget = params.warmupCommands; // warm-up: commands left to issue
  let memberSeq = 0;
  let membersStarted = 0;
  let membersCompleted = 0;
  let ok = 0;
  let non2xx = 0;
  let networkErrors = 0;
  const all = new Samples();
  const perCommand = new Map<string, Samples>();
  const failures: ClientResult['failures'] = [];

  /** Issues one request; records it when measuring; answers the reply or null on a failure. */
  const timed = async (step: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<Reply | null> => {
    const counted = measuring;
    const t0 = performance.now();
    let reply: Reply;
    try {
      reply = await request(method, path, body);
    } catch (e) {
      if (counted) networkErrors++;
      if (failures.length < 5) failures.push({ step, status: 0, body: String((e as Error).message) });
      return null;
    }
    const ms = performance.now() - t0;
    const good = reply.status >= 200 && reply.status < 300;
    if (counted) {
      all.push(ms);
      let s = perCommand.get(step);
      if (!s) perCommand.set(step, (s = new Samples()));
      s.push(ms);
      if (good) ok++;
      else non2xx++;
    }
    if (!good && failures.length < 5) failures.push({ step, status: reply.status, body: reply.body.slice(0, 500) });
    return good ? reply : null;
  };

  /** False when the current phase wants no more commands. */
  const mayIssue = (): boolean => {
    if (stopping) return false;
    if (!measuring) return budget-- > 0;
    return true;
  };

  const lifecycleClient = async (): Promise<void> => {
    while (mayIssue()) {
      if (measuring && membersStarted >= params.maxMembers) return;
      const n = memberSeq++;
      if (measuring) membersStarted++;
      const applied = await timed('application', 'POST', '/members/applications', application(n));
      if (!applied) continue;
      const id = (JSON.parse(applied.body) as { id: string }).id;
      let done = true;
      for (const step of STEPS) {
        if (!mayIssue()) return;
        if (!(await timed(step.name, 'POST', step.path(id), step.body(n)))) {
          done = false;
          break;
        }
      }
      if (done && measuring) membersCompleted++;
    }
  };

  const healthClient = async (): Promise<void> => {
    while (mayIssue()) await timed('health', 'GET', '/health');
  };

  const runPhase = () =>
    Promise.all(
      Array.from({ length: params.concurrency }, () => (params.mode === 'health' ? healthClient() : lifecycleClient())),
    );

  // Warm-up: JIT, connections, SQLite caches; nothing recorded.
  await runPhase();

  measuring = true;
  onMeasureStart?.();
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  const timer = setTimeout(() => (stopping = true), params.durationMs);
  await runPhase();
  clearTimeout(timer);
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  agent.destroy();

  const commands = ok + non2xx;
  return {
    mode: params.mode,
    concurrency: params.concurrency,
    commands,
    ok,
    non2xx,
    networkErrors,
    membersStarted,
    membersCompleted,
    seconds: Math.round(seconds * 1000) / 1000,
    commandsPerSecond: Math.round(commands / seconds),
    latencyMs: all.summary(),
    perCommand: Object.fromEntries([...perCommand].map(([k, s]) => [k, s.summary()])),
    failures,
    clientCpuPercent: Math.round(((cpu.user + cpu.system) / 1000 / (seconds * 1000)) * 100),
  };
}

if (require.main === module) {
  const raw = process.argv[2];
  if (!raw) {
    console.error('usage: node dist/bench/http-load-client.js \'{"url":…,"token":…,"concurrency":16,…}\'');
    process.exit(2);
  }
  const params = JSON.parse(raw) as ClientParams;
  runClient(params, () => process.send?.({ type: 'measuring' }))
    .then((result) => {
      if (process.send) process.send({ type: 'result', result }, () => process.exit(0));
      else {
        console.log(JSON.stringify(result));
        process.exit(0);
      }
    })
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
}
