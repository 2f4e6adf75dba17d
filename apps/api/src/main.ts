import { Logger } from '@nestjs/common';
import { createApp } from './bootstrap';

async function main() {
  const app = await createApp();
  const port = Number(process.env.PORT ?? 3000);
  await app.listen(port, process.env.HOST ?? '127.0.0.1');
  Logger.log(`wijkzorg api on http://${process.env.HOST ?? '127.0.0.1'}:${port} — OpenAPI at /docs, health at /health`, 'main');
}

main().catch((error) => {
  // eslint-disable-next-line no-console
  console.error(error);
  process.exit(1);
});
