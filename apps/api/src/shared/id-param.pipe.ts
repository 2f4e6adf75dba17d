import { BadRequestException, Injectable, PipeTransform, ArgumentMetadata } from '@nestjs/common';
import { WIJK_CODE_PATTERN } from '@wijkzorg/domain';
import { ID_PATTERN } from './fields';

const invalid = (metadata: ArgumentMetadata, message: string, problem: string) => {
  const field = metadata.data ?? 'id';
  return new BadRequestException({ statusCode: 400, error: 'Bad Request', message: `${field} ${message}`, fields: [{ field, problems: [problem] }] });
};

/** Path ids: 1-100 letters, digits, or . _ : - (so stream names stay unambiguous). */
@Injectable()
export class IdParamPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (typeof value !== 'string' || !ID_PATTERN.test(value)) throw invalid(metadata, 'must be 1-100 letters, digits, or . _ : -', 'invalid id');
    return value;
  }
}

/** Path wijk codes: a CBS wijk code like WK047901 or WK0363TA. */
@Injectable()
export class WijkCodeParamPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (typeof value !== 'string' || !WIJK_CODE_PATTERN.test(value)) throw invalid(metadata, 'must be a CBS wijk code like WK047901 or WK0363TA', 'invalid wijk code');
    return value;
  }
}
