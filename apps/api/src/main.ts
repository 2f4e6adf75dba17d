import { Logger } from '@nestjs/common';
import { ConfigError, loadConfig } from '@wijkzorg/application';
import { createApp } from './bootstrap';
import { startTracing } from './platform/tracing';

async function main() {
  const config = loadConfig(process.env);
  const stopTracing = startTracing(config);
  const app = await createApp({ config });
  process.once('beforeExit', () => void stopTracing());
  await app.listen(config.port, config.host);
  Logger.log(`wijkzorg api on http://${config.host}:${config.port} — OpenAPI at /docs, health at /health/live and /health/ready, metrics at /metrics`, 'main');
}

main().catch((error) => {
  // A configuration problem names the setting; no stack trace is needed for it.
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
