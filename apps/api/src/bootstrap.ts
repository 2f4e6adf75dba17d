import 'reflect-metadata';
import { INestApplication, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { ErrorFilter } from './shared/error.filter';
import { strictValidationPipe } from './shared/validation';
import { MAX_BODY_BYTES, answerBodyProblems, verifyJsonDepth } from './shared/body-limits';
import { RedactingLogger } from './shared/redact';
import { serveUnderVersionPrefix } from './shared/api-version';
import { createOpenApiDocument } from './shared/openapi';

/** Builds the HTTP application; used by main.ts and by the end-to-end tests alike. */
export async function createApp(options: { logger?: false } = {}): Promise<INestApplication> {
  const levels: LogLevel[] = ['error', 'warn', 'log'];
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { logger: options.logger === false ? false : new RedactingLogger({ logLevels: levels }), bodyParser: false });
  // JSON bodies only, bounded in size (413) and nesting depth (400, checked before parsing and validation).
  app.useBodyParser('json', { limit: MAX_BODY_BYTES, verify: verifyJsonDepth });
  app.use(answerBodyProblems);
  serveUnderVersionPrefix(app);
  app.useGlobalPipes(strictValidationPipe());
  app.useGlobalFilters(new ErrorFilter());
  app.enableShutdownHooks();
  const openApi = new DocumentBuilder()
    .setTitle('wijkzorg')
    .setDescription('Event-sourced neighbourhood care: intake, care scaling, housing, person-following budget. Every command is recorded as an immutable event.')
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'an HS256 JWT (npm run cli -- token …) or an API key wz_…' }, 'bearer')
    .addSecurityRequirements('bearer')
    .addGlobalParameters({ name: 'X-Access-Purpose', in: 'header', required: false, description: 'why person-level data is read (required there): zorgverlening, audit, klachtbehandeling, juridisch, beheer, onderzoek', schema: { type: 'string' } })
    .build();
  SwaggerModule.setup('docs', app, () => createOpenApiDocument(app, openApi));
  return app;
}
