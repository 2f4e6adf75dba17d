import { Global, Module } from '@nestjs/common';
import { AreaFigures } from './area-figures';

/** Disclosure control of every aggregate (one layer, shared by the capabilities that publish figures). */
@Global()
@Module({
  providers: [AreaFigures],
  exports: [AreaFigures],
})
export class DisclosureModule {}
