import { DynamicModule, Global, Inject, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { WijkzorgConfig } from '@wijkzorg/application';

export const WIJKZORG_CONFIG = Symbol('WijkzorgConfig');
/** Injects the validated settings (see libs/application/src/config.ts). */
export const InjectConfig = () => Inject(WIJKZORG_CONFIG);

/**
 * The validated settings for the whole app: through @nestjs/config's ConfigService (`config.get('port')`)
 * and, typed, through the WIJKZORG_CONFIG token. Built per app, so tests can start apps with other settings.
 */
@Global()
@Module({})
export class PlatformConfigModule {
  static forRoot(config: WijkzorgConfig): DynamicModule {
    return {
      module: PlatformConfigModule,
      imports: [ConfigModule.forRoot({ ignoreEnvFile: true, ignoreEnvVars: true, load: [() => ({ ...config })] })],
      providers: [{ provide: WIJKZORG_CONFIG, useValue: config }],
      exports: [WIJKZORG_CONFIG, ConfigModule],
    };
  }
}
