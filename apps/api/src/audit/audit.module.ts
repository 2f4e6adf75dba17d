import { Module } from '@nestjs/common';
import { AuditController, AccessLogHandler } from './audit.controller';
import { AnchorModule } from './anchor.module';

/** Audit: the NEN 7513 access log, chain verification and anchored checkpoints. */
@Module({
  imports: [AnchorModule],
  controllers: [AuditController],
  providers: [AccessLogHandler],
})
export class AuditModule {}
