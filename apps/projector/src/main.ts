import 'reflect-metadata';
import { createServer } from 'node:http';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { HealthController, loadConfig } from '@opc/platform';
import { AppModule } from '../../api/src/app.module';

/**
 * Production: projections, process managers and the deadline scheduler as their own process, so
 * the api scales horizontally with RUN_PROJECTIONS=false. The embedded default runs them inside the
 * api instead. It answers only GET /health on PORT (for the container's health check), nothing else.
 */
async function main(): Promise<void> {
  const config = { ...loadConfig(), runProjections: true };
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['log', 'warn', 'error'] });
  app.enableShutdownHooks();
  for (const notice of config.notices) Logger.warn(notice, 'config');
  const health = app.get(HealthController);
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url !== '/health') {
      res.writeHead(404, { 'content-type': 'application/problem+json' }).end('{"code":"NOT_FOUND","status":404}');
      return;
    }
    health
      .health()
      .then((body) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body)))
      .catch((e: Error) =>
        res
          .writeHead(503, { 'content-type': 'application/problem+json' })
          .end(JSON.stringify({ code: 'UNAVAILABLE', detail: e.message })),
      );
  });
  server.listen(config.port, () =>
    Logger.log(`projector running: projections, process managers and scheduler; GET /health on ${config.port}`, 'main'),
  );
  const close = () => server.close();
  process.once('SIGTERM', close);
  process.once('SIGINT', close);
}

void main();
