import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { Request, Response } from 'express';
import { DomainError } from '@wijkzorg/domain';
import { WrongExpectedRevisionError } from '@wijkzorg/event-store';
import { AccessDenied, CommandIdReused, NotFoundOrNotInScope } from '@wijkzorg/application';
import { redactCredentials } from './redact';
import { FieldProblem, instanceOf, isDomainCode, problemOf, sendProblem } from './problem';

/** Keys of a thrown body that the problem document states in its own words; the rest are extensions. */
const RESTATED = new Set(['statusCode', 'error', 'message', 'fields', 'type', 'title', 'status', 'detail', 'instance', 'code', 'errors']);

/**
 * Every error answer is RFC 9457 application/problem+json, naming each field in `errors`.
 * Business-rule violations are 422, stale revisions 409 with the current revision.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ErrorFilter');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const instance = instanceOf(http.getRequest<Request>());
    if (error instanceof DomainError) {
      const status = error instanceof NotFoundOrNotInScope || (error.code.startsWith('unknown_') && error.field === 'clientId') ? 404 : error instanceof CommandIdReused ? 409 : 422;
      sendProblem(response, problemOf({ status, code: error.code, detail: error.message, instance, errors: error.field ? [{ field: error.field, problems: [error.message] }] : [] }));
      return;
    }
    if (error instanceof AccessDenied) {
      sendProblem(response, problemOf({ status: 403, detail: error.message, instance, errors: error.field ? [{ field: error.field, problems: [error.message] }] : [] }));
      return;
    }
    if (error instanceof WrongExpectedRevisionError) {
      const extensions = { streamId: error.streamId, expectedRevision: error.expectedRevision, currentRevision: error.currentRevision };
      sendProblem(response, problemOf({ status: 409, code: 'wrong_expected_revision', detail: error.message, instance, extensions, errors: [{ field: 'expectedRevision', problems: [error.message] }] }));
      return;
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const raw = error.getResponse();
      const body: Record<string, unknown> = typeof raw === 'string' ? { message: raw } : { ...(raw as Record<string, unknown>) };
      const detail = Array.isArray(body.message) ? body.message.join('; ') : String(body.message ?? error.message);
      // Errors raised before validation (unparseable JSON, oversized body) concern the body as a whole.
      const errors = Array.isArray(body.fields) ? (body.fields as FieldProblem[]) : status >= 400 && status < 500 ? [{ field: 'body', problems: [detail] }] : [];
      const extensions = Object.fromEntries(Object.entries(body).filter(([key]) => !RESTATED.has(key)));
      if (typeof body.retryAfterSeconds === 'number') response.setHeader('Retry-After', String(body.retryAfterSeconds));
      sendProblem(response, problemOf({ status, code: isDomainCode(body.error) ? body.error : undefined, detail, instance, errors, extensions }));
      return;
    }
    // The logger redacts credentials as well; this keeps them out even if another logger is configured.
    this.logger.error(redactCredentials(error instanceof Error ? (error.stack ?? error.message) : String(error)));
    sendProblem(response, problemOf({ status: 500, detail: 'internal error', instance }));
  }
}
