import type { ModuleMetadata } from '@nestjs/common';
import type { ServiceName } from '@eduaid/contracts';
import type { DatabaseDefinition } from '../database/database.module';

/** Everything that makes one eduaid service different from the others. */
export interface ServiceDefinition {
  name: ServiceName;
  /** Shown as the OpenAPI title. */
  title: string;
  description: string;
  database: DatabaseDefinition;
  /**
   * The service keeps personal data (national IDs, bank accounts): its data keys are loaded and
   * checked at start, and a FieldCipher is provided to its features.
   */
  personalData?: boolean;
  /** The service's feature modules. */
  features: NonNullable<ModuleMetadata['imports']>;
}
