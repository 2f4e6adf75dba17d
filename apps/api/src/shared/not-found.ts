import { NotFoundException } from '@nestjs/common';

/** The one 404 body: a message, and the field (with its problem) that named what is not there. */
export function notFound(message: string, field?: { field: string; problem: string }): NotFoundException {
  return new NotFoundException({ statusCode: 404, error: 'Not Found', message, ...(field ? { fields: [{ field: field.field, problems: [field.problem] }] } : {}) });
}
