import { Logger, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { validationPipe, type PlatformConfig } from '@opc/platform';
import { AppModule } from './app.module';

/** Builds the API application (used by main.ts and the end-to-end tests alike). */
export async function createApi(config: PlatformConfig, options: { logger?: false } = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    logger: options.logger ?? ['log', 'warn', 'error'],
    bodyParser: false,
  });
  // Our own body parser so that its limit is explicit; its errors become problem+json in ProblemFilter.
  app.useBodyParser('json', { limit: '256kb', strict: true });
  app.set('x-powered-by', false);
  app.useGlobalPipes(validationPipe());
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('OPC community backend')
      .setDescription(
        'Event-sourced operations for OPC communities: admission, member lifecycle and community evaluation. ' +
          'Errors are application/problem+json with a stable code. Commands accept Idempotency-Key; queries accept ?minPosition=.',
      )
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  for (const notice of config.notices) Logger.warn(notice, 'config');
  return app;
}
