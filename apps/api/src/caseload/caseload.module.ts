import { Module } from '@nestjs/common';
import { CaseloadController, caseloadHandlers } from './caseload.controller';

/** Caseload of wijken and wooncirkels. */
@Module({
  controllers: [CaseloadController],
  providers: [...caseloadHandlers],
})
export class CaseloadModule {}
