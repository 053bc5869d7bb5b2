import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SERVICE_CONFIG } from '../config/config.tokens';
import type { ServiceConfig } from '../config/service-config';
import { openServiceDataSource, serviceDataSourceOptions } from './data-source';
import type { ServiceDatabaseOptions } from './data-source';

export type DatabaseDefinition = Omit<ServiceDatabaseOptions, 'url'>;

/** The service's TypeORM connection; its migrations run before anything else touches the schema. */
@Module({})
export class DatabaseModule {
  static forService(definition: DatabaseDefinition): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [SERVICE_CONFIG],
          useFactory: (config: ServiceConfig) => serviceDataSourceOptions({ ...definition, url: config.databaseUrl }),
          dataSourceFactory: async (options) => {
            const url = (options as { url: string }).url;
            return openServiceDataSource({ ...definition, url });
          },
        }),
      ],
      exports: [TypeOrmModule],
    };
  }
}
