import 'reflect-metadata';
import { INestApplication, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE, NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { ErrorFilter } from './shared/error.filter';
import { strictValidationPipe } from './shared/validation';
import { MAX_BODY_BYTES, answerBodyProblems, verifyJsonDepth } from './shared/body-limits';
import { serveUnderVersionPrefix } from './shared/api-version';
import { serialiseSharedAnswersOnce } from './shared/shared-json';
import { createOpenApiDocument } from './shared/openapi';
import { Logger as PinoLogger } from 'nestjs-pino';
import helmet from 'helmet';
import { SESSION_COOKIE, WijkzorgConfig, loadConfig } from '@wijkzorg/application';
import { PlatformConfigModule } from './platform/config';
import { PlatformModule } from './platform/platform.module';

/** Builds the HTTP application; used by main.ts and by the end-to-end tests alike. */
export async function createApp(options: { logger?: false; config?: WijkzorgConfig } = {}): Promise<INestApplication> {
  // Validated before anything opens a store: an invalid setting refuses to start, naming it.
  const config = options.config ?? loadConfig(process.env);
  const silent = options.logger === false;
  @Module({
    imports: [PlatformConfigModule.forRoot(config), AppModule, PlatformModule.forRoot(config, { silent })],
    // As providers, so they apply to every module; the filter also answers body-parser errors and unknown routes.
    providers: [
      { provide: APP_PIPE, useFactory: strictValidationPipe },
      { provide: APP_FILTER, useClass: ErrorFilter },
    ],
  })
  class WijkzorgApi {}
  // abortOnError off: a store refused at start-up (ConfigError naming its setting) reaches main, which prints it and exits 1.
  const app = await NestFactory.create<NestExpressApplication>(WijkzorgApi, { logger: silent ? false : undefined, bufferLogs: !silent, bodyParser: false, abortOnError: false });
  // Structured JSON logs (nestjs-pino) for Nest's own messages too; credentials are redacted from every line.
  if (!silent) app.useLogger(app.get(PinoLogger));
  app.disable('x-powered-by');
  serialiseSharedAnswersOnce(app);
  // Security headers; the CSP allows the Swagger UI at /docs (the dashboard sends its own, without inline scripts).
  app.use(
    helmet({
      contentSecurityPolicy: { directives: { 'script-src': ["'self'", "'unsafe-inline'"], 'style-src': ["'self'", "'unsafe-inline'"], 'img-src': ["'self'", 'data:'] } },
    }),
  );
  // JSON bodies only, bounded in size (413) and nesting depth (400, checked before parsing and validation).
  app.useBodyParser('json', { limit: MAX_BODY_BYTES, verify: verifyJsonDepth });
  app.use(answerBodyProblems);
  serveUnderVersionPrefix(app);
  app.enableShutdownHooks();
  const openApi = new DocumentBuilder()
    .setTitle('wijkzorg')
    .setDescription('Event-sourced neighbourhood care: intake, care scaling, housing, person-following budget. Every command is recorded as an immutable event.')
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'an HS256 JWT (npm run cli -- token …) or an API key wz_…' }, 'bearer')
    .addSecurityRequirements('bearer')
    // Not a global requirement: the session cookie opens reads (GET, HEAD) only; POST /v1/sessie makes it.
    .addCookieAuth(SESSION_COOKIE, { type: 'apiKey', in: 'cookie', description: 'browser session from POST /v1/sessie (an API key exchanged once); HttpOnly, SameSite=Strict, reads (GET, HEAD) only: writes need the bearer' }, 'sessie')
    .addGlobalParameters({ name: 'X-Access-Purpose', in: 'header', required: false, description: 'why person-level data is read (required there): zorgverlening, audit, klachtbehandeling, juridisch, beheer, onderzoek', schema: { type: 'string' } })
    .build();
  SwaggerModule.setup('docs', app, () => createOpenApiDocument(app, openApi));
  return app;
}
