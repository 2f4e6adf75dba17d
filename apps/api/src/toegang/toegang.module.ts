import { Module } from '@nestjs/common';
import { ToegangController, toegangHandlers } from './toegang.controller';

/** Toegang: indicaties and beschikkingen, and the list of care steps still to be regularised. */
@Module({
  controllers: [ToegangController],
  providers: [...toegangHandlers],
})
export class ToegangModule {}
