import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { Response } from 'express';
import { DomainError } from '@wijkzorg/domain';
import { WrongExpectedRevisionError } from '@wijkzorg/event-store';
import { AccessDenied, CommandIdReused, NotFoundOrNotInScope } from '@wijkzorg/application';
import { redactCredentials } from './redact';

/** Business-rule violations are 422 naming the field, stale revisions 409 with the current revision. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ErrorFilter');

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (error instanceof DomainError) {
      const status = error instanceof NotFoundOrNotInScope || (error.code.startsWith('unknown_') && error.field === 'clientId') ? 404 : error instanceof CommandIdReused ? 409 : 422;
      response.status(status).json({ statusCode: status, error: error.code, message: error.message, fields: error.field ? [{ field: error.field, problems: [error.message] }] : [] });
      return;
    }
    if (error instanceof AccessDenied) {
      response.status(403).json({ statusCode: 403, error: 'Forbidden', message: error.message, ...(error.field ? { fields: [{ field: error.field, problems: [error.message] }] } : {}) });
      return;
    }
    if (error instanceof WrongExpectedRevisionError) {
      response.status(409).json({ statusCode: 409, error: 'wrong_expected_revision', message: error.message, streamId: error.streamId, expectedRevision: error.expectedRevision, currentRevision: error.currentRevision, fields: [{ field: 'expectedRevision', problems: [error.message] }] });
      return;
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const raw = error.getResponse();
      const body = typeof raw === 'string' ? { statusCode: status, message: raw } : (raw as Record<string, unknown>);
      // Errors raised before validation (unparseable JSON, oversized body) concern the body as a whole.
      if (status >= 400 && status < 500 && !('fields' in body)) body.fields = [{ field: 'body', problems: [String(body.message)] }];
      response.status(status).json(body);
      return;
    }
    // The logger redacts credentials as well; this keeps them out even if another logger is configured.
    this.logger.error(redactCredentials(error instanceof Error ? (error.stack ?? error.message) : String(error)));
    response.status(500).json({ statusCode: 500, error: 'Internal Server Error', message: 'internal error' });
  }
}
