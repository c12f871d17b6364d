import { Logger, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { configureHttpShell, validationPipe, type PlatformConfig } from '@opc/platform';
import { AppModule } from './app.module';
import { serveConsole } from './console';
import { serveOpenApi } from './openapi';

/** Builds the API application (used by main.ts and the end-to-end tests alike). */
export async function createApi(config: PlatformConfig, options: { logger?: false } = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    logger: options.logger ?? ['log', 'warn', 'error'],
    // Our own body parser (configureHttpShell), so that its limits are explicit and its errors problem+json.
    bodyParser: false,
  });
  configureHttpShell(app, config);
  // The operators' console (apps/console, built into dist/console) at /console.
  serveConsole(app);
  app.useGlobalPipes(validationPipe());
  app.enableShutdownHooks();
  serveOpenApi(app, { ui: config.http.docsUi });
  for (const notice of config.notices) Logger.warn(notice, 'config');
  return app;
}
