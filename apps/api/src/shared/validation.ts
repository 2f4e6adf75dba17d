import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';

import { FieldProblem } from './problem';

function flatten(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? (/^\d+$/.test(error.property) ? `${parent}[${error.property}]` : `${parent}.${error.property}`) : error.property;
    const own = error.constraints ? [{ field, problems: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** Strict input: unknown fields are refused, types are not coerced, every problem names its field. */
export const strictValidationPipe = () =>
  new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const fields = flatten(errors);
      return new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: `invalid ${fields.map((f) => f.field).join(', ')}: ${fields.map((f) => f.problems.join('; ')).join('; ')}`,
        fields,
      });
    },
  });
