import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openApiDocumentOf, ServiceDefinition } from '@eduaid/platform';
import { caseworkService } from '../../casework/src/casework.service';
import { mentoringService } from '../../mentoring/src/mentoring.service';
import { schoolsService } from '../../schools/src/schools.service';
import { studentsService } from '../../students/src/students.service';

/** The services the console talks to, by the path prefix it forwards (`/api/<name>/…`). */
export const CONSOLE_SERVICES: ServiceDefinition[] = [studentsService, schoolsService, mentoringService, caseworkService];

/**
 * Writes each service's OpenAPI document to `<out>/<service>.json` (default
 * services/console/web/src/api/openapi), read by openapi-typescript to make the console's API types.
 */
export async function writeOpenApiDocuments(out: string): Promise<string[]> {
  mkdirSync(out, { recursive: true });
  const files: string[] = [];
  for (const definition of CONSOLE_SERVICES) {
    const document = await openApiDocumentOf(definition);
    const file = path.join(out, `${definition.name}.json`);
    writeFileSync(file, JSON.stringify(document, null, 2) + '\n');
    files.push(file);
  }
  return files;
}

if (require.main === module) {
  // From dist/services/console/scripts to the sources' services/console/web/src/api/generated.
  const out = process.argv[2] ?? path.resolve(__dirname, '..', '..', '..', '..', 'services', 'console', 'web', 'src', 'api', 'generated');
  writeOpenApiDocuments(out)
    .then((files) => console.log(`console: OpenAPI documents written: ${files.map((f) => path.basename(f)).join(', ')}`))
    .catch((error: Error) => {
      console.error(`console: cannot build the OpenAPI documents: ${error.stack ?? error.message}`);
      process.exit(1);
    });
}
