import { SERVICE_NAMES } from '@eduaid/contracts';
import { loadCommonConfig, openServiceDataSource, ServiceDefinition, temporalConnectionOptions } from '@eduaid/platform';
import { ensureSearchAttributes } from '../local/search-attributes';
import { caseworkService } from '../../services/casework/src/casework.service';
import { mentoringService } from '../../services/mentoring/src/mentoring.service';
import { schoolsService } from '../../services/schools/src/schools.service';
import { studentsService } from '../../services/students/src/students.service';

const definitions: ServiceDefinition[] = [studentsService, schoolsService, mentoringService, caseworkService];

/**
 * The deployment's migration Job (`node dist/infra/deploy/migrate-job.js`): every service's schema
 * brought up to date against DATABASE_URL, each under its advisory lock, before new pods start. It
 * starts nothing locally (unlike `npm run migrate`); services still migrate at start, so a pod that
 * starts first waits on the same lock and finds nothing left to do. Then it registers eduaid's
 * search attributes on the Temporal namespace.
 */
async function main(): Promise<void> {
  const config = loadCommonConfig(process.env);
  for (const definition of definitions) {
    const started = Date.now();
    const dataSource = await openServiceDataSource({ ...definition.database, url: config.databaseUrl });
    const pending = await dataSource.showMigrations();
    await dataSource.destroy();
    if (pending) throw new Error(`${definition.name}: migrations still pending after running them`);
    console.log(JSON.stringify({ msg: 'schema up to date', service: definition.name, ms: Date.now() - started }));
  }
  // eduaid's search attributes on the namespace (idempotent), so the Temporal UI can filter cases.
  const { address, ...access } = temporalConnectionOptions(config);
  const added = await ensureSearchAttributes(address, config.temporalNamespace, access);
  console.log(JSON.stringify({ msg: 'migrations done', services: SERVICE_NAMES, searchAttributesAdded: added }));
}

main().catch((error: Error) => {
  console.error(`migrate-job: ${error.message}`);
  process.exit(1);
});
