import { SetMetadata } from '@nestjs/common';

export const ACTIVITIES_METADATA = 'eduaid:temporal-activities';

/**
 * Marks a provider whose public methods are Temporal activities. The service's activity worker finds
 * every such provider and registers its methods under their own names, so a feature module adds
 * activities by declaring a provider, and the activities get Nest's dependency injection.
 */
export const Activities = (): ClassDecorator => SetMetadata(ACTIVITIES_METADATA, true);
