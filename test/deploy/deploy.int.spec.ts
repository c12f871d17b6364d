import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/**
 * Production mode's files, checked here since no Docker engine runs on our machines: the compose
 * file is valid (by `docker-compose config` when Debian's docker-compose is installed, always by a
 * YAML parse) and wires what README "Production mode" says; the image is multi-stage, runs as a
 * non-root user with production dependencies only, and checks its own health.
 */
const root = join(__dirname, '..', '..');
// merge: the projector's environment extends the api's with YAML's << merge key.
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true });
const dockerfile = readFileSync(join(root, 'apps', 'Dockerfile'), 'utf8');
type Service = {
  image?: string;
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  command?: string[];
};
const services = compose.services as Record<string, Service>;

describe('production mode files', () => {
  it('compose: KurrentDB and MongoDB 7 with health checks; api and projector wait for them to be healthy', () => {
    expect(Object.keys(services).sort()).toEqual(['api', 'eventstore', 'mongodb', 'projector']);
    expect(services.eventstore.image).toMatch(/^kurrentplatform\/kurrentdb:\d+\.\d+/);
    expect(services.mongodb.image).toMatch(/^mongo:7(\.\d+)?$/);
    for (const store of ['eventstore', 'mongodb']) expect(services[store].healthcheck?.test.length).toBeGreaterThan(0);
    for (const app of ['api', 'projector'])
      expect(services[app].depends_on).toEqual({
        eventstore: { condition: 'service_healthy' },
        mongodb: { condition: 'service_healthy' },
      });
    expect(services.projector.healthcheck?.test).toContain('dist/apps/api/src/cli/healthcheck.js');
  });

  it('compose: the api serves with RUN_PROJECTIONS=false, the projector runs them; secrets come from the environment', () => {
    expect(services.api.environment).toMatchObject({ RUN_PROJECTIONS: 'false' });
    expect(services.projector.environment).toMatchObject({ RUN_PROJECTIONS: 'true' });
    for (const app of ['api', 'projector']) {
      expect(services[app].environment?.EVENTSTORE_URL).toMatch(/^esdb:\/\/eventstore:2113/);
      expect(services[app].environment?.MONGODB_URL).toMatch(/^mongodb:\/\/mongodb:27017\/\?replicaSet=rs0$/);
      expect(services[app].environment?.JWT_SECRET).toBe('${JWT_SECRET:?set JWT_SECRET}');
    }
  });

  it('compose: `docker-compose config` accepts the file (when Debian’s docker-compose is installed)', () => {
    const probe = spawnSync('docker-compose', ['version'], { encoding: 'utf8' });
    if (probe.error) return; // not installed here: the YAML parse above is the check (CI installs it)
    const run = spawnSync('docker-compose', ['-f', 'docker-compose.yml', 'config', '-q'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, JWT_SECRET: 'x', SUBJECT_KEY: 'y' },
    });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
  });

  it('image: multi-stage, production dependencies only (npm ci --omit=dev), non-root, a health check on /health', () => {
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(3);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/COPY --from=prod-deps .*node_modules/);
    expect(runtime).not.toMatch(/npm (ci|install)/);
    expect(runtime).toMatch(/^HEALTHCHECK .*\n\s+CMD \["node", "dist\/apps\/api\/src\/cli\/healthcheck\.js"\]/m);
  });
});
