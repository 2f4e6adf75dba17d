import { BadRequestException, Injectable, PipeTransform, ArgumentMetadata } from '@nestjs/common';

const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

/** Path ids: 1-100 letters, digits, or . _ : - (so stream names stay unambiguous). */
@Injectable()
export class IdParamPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (typeof value !== 'string' || !ID.test(value)) {
      const field = metadata.data ?? 'id';
      throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: `${field} must be 1-100 letters, digits, or . _ : -`, fields: [{ field, problems: ['invalid id'] }] });
    }
    return value;
  }
}
