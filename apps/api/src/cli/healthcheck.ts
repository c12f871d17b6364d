/**
 * The containers' health check: `node dist/apps/api/src/cli/healthcheck.js [port]` asks
 * GET /health on this machine (port: the argument, else PORT, else 3000) and exits 0 when it
 * answers 200 with status "ok", 1 otherwise (degraded: a projection or process manager stopped).
 * No curl in the slim image; Node's own fetch does it.
 */
const port = Number(process.argv[2] ?? process.env.PORT ?? 3000);

async function main(): Promise<number> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(4000) });
    const body = (await res.json()) as { status?: string };
    if (res.status === 200 && body.status === 'ok') return 0;
    process.stderr.write(`health: ${res.status} ${body.status ?? ''}\n`);
    return 1;
  } catch (e) {
    process.stderr.write(`health: ${(e as Error).message}\n`);
    return 1;
  }
}

void main().then((code) => process.exit(code));
