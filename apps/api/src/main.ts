import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadConfig } from '@opc/platform';
import { createApi } from './bootstrap';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApi(config);
  await app.listen(config.port);
  Logger.log(`API on http://localhost:${config.port} (docs at /docs), data in ${config.dataDir}, clock ${config.clock}`, 'main');
}

void main();
