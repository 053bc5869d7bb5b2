import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SERVICE_CONFIG } from '../config/config.tokens';
import type { ServiceConfig } from '../config/service-config';
import { DatabasePool } from './database-pool';
import { openServiceDataSource, serviceDataSourceOptions } from './data-source';
import type { ServiceDatabaseOptions } from './data-source';
import { UnitOfWork } from './unit-of-work';

export type DatabaseDefinition = Omit<ServiceDatabaseOptions, 'url'>;

/**
 * The service's TypeORM connection (its migrations run before anything else touches the schema), the
 * UnitOfWork its services open transactions with, and the small pg pool COPY takes its clients from.
 * Global: every feature module's repositories and services reach them.
 */
@Module({})
export class DatabaseModule {
  static forService(definition: DatabaseDefinition): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
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
      providers: [
        UnitOfWork,
        { provide: DatabasePool, inject: [SERVICE_CONFIG], useFactory: (config: ServiceConfig) => DatabasePool.open(config.databaseUrl, definition.schema) },
      ],
      exports: [TypeOrmModule, UnitOfWork, DatabasePool],
    };
  }
}
