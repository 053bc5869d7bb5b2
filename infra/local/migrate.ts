import { DataSource } from 'typeorm';
import { SERVICE_NAMES, ServiceName } from '@eduaid/contracts';
import { openServiceDataSource, serviceDataSourceOptions, ServiceDefinition } from '@eduaid/platform';
import { studentsService } from '../../services/students/src/students.service';
import { schoolsService } from '../../services/schools/src/schools.service';
import { mentoringService } from '../../services/mentoring/src/mentoring.service';
import { caseworkService } from '../../services/casework/src/casework.service';
import { startBackends } from './local-environment';

const definitions: Record<ServiceName, ServiceDefinition> = {
  students: studentsService,
  schools: schoolsService,
  mentoring: mentoringService,
  casework: caseworkService,
};

/**
 * `npm run migrate`: brings every service's schema up to date (services also do this at start).
 * `npm run migrate -- --revert <service>` undoes that service's latest migration.
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const backends = await startBackends((line) => console.log(`migrate: ${line}`), false);
  try {
    if (args[0] === '--revert') {
      const service = args[1] as ServiceName;
      if (!SERVICE_NAMES.includes(service)) {
        throw new Error(`--revert needs a service name: ${SERVICE_NAMES.join(', ')}`);
      }
      const { database } = definitions[service];
      const dataSource = new DataSource(serviceDataSourceOptions({ ...database, url: backends.databaseUrl }));
      await dataSource.initialize();
      await dataSource.undoLastMigration({ transaction: 'each' });
      await dataSource.destroy();
      console.log(`migrate: reverted the latest migration of ${service}`);
      return;
    }
    for (const definition of Object.values(definitions)) {
      const dataSource = await openServiceDataSource({ ...definition.database, url: backends.databaseUrl });
      const pending = await dataSource.showMigrations();
      await dataSource.destroy();
      console.log(`migrate: ${definition.name} is up to date${pending ? ' (pending migrations remain!)' : ''}`);
    }
  } finally {
    await backends.stop();
  }
}

main().catch((error: Error) => {
  console.error(`migrate: ${error.message}`);
  process.exit(1);
});
