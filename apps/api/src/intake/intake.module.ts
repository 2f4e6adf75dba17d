import { Module } from '@nestjs/common';
import { IntakeController } from './intake.controller';

/** Intake: a client registered in a wooncirkel. */
@Module({
  controllers: [IntakeController],
})
export class IntakeModule {}
