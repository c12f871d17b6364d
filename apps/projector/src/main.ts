import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@opc/platform';
import { AppModule } from '../../api/src/app.module';

/**
 * Production: projections and the deadline scheduler as their own process, so the api scales
 * horizontally with RUN_PROJECTIONS=false. The embedded default runs them inside the api instead.
 */
async function main(): Promise<void> {
  const config = { ...loadConfig(), runProjections: true };
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['log', 'warn', 'error'] });
  app.enableShutdownHooks();
  for (const notice of config.notices) Logger.warn(notice, 'config');
  Logger.log('projector running: projections and scheduler', 'main');
}

void main();
