/**
 * A command that breaks a business rule. `field` names the input that caused it,
 * so the HTTP edge can answer with a 4xx naming that field.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export function rule(condition: unknown, code: string, message: string, field?: string): asserts condition {
  if (!condition) throw new DomainError(code, message, field);
}
