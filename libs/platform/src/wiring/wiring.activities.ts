import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { RecordWiringCheckInput, WiringActivities, WiringCheckReceipt } from '@eduaid/contracts';
import { SERVICE_CONFIG } from '../config/config.tokens';
import type { ServiceConfig } from '../config/service-config';
import { Activities } from '../temporal/activities.decorator';
import { SERVICE_SCHEMA } from './wiring.tokens';

/**
 * The wiring check's activity, run by every service's worker against the service's own schema
 * (each service's first migration creates `<schema>.wiring_checks`). Idempotent: a retry finds the
 * row it wrote before and reports it, it never writes a second one.
 */
@Activities()
@Injectable()
export class WiringActivitiesProvider implements WiringActivities {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  async recordWiringCheck(input: RecordWiringCheckInput): Promise<WiringCheckReceipt> {
    const table = `"${this.schema}".wiring_checks`;
    const inserted: { recorded_at: Date }[] = await this.dataSource.query(
      `INSERT INTO ${table} (check_id, requested_by) VALUES ($1, $2)
       ON CONFLICT (check_id) DO NOTHING RETURNING recorded_at`,
      [input.checkId, input.requestedBy],
    );
    const row: { recorded_at: Date }[] =
      inserted.length > 0 ? inserted : await this.dataSource.query(`SELECT recorded_at FROM ${table} WHERE check_id = $1`, [input.checkId]);
    return {
      service: this.config.service,
      schema: this.schema,
      recordedAt: row[0].recorded_at.toISOString(),
      firstWrite: inserted.length > 0,
    };
  }
}
