import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { RenovationStatus } from './progress-report';
import type { TrainingProgramme } from './plan-targets';

/** 全面改薄: a school's place in the plan's batches and how far its renovation has got. */
@Entity({ schema: 'schools', name: 'renovations' })
export class RenovationEntity {
  @PrimaryColumn({ name: 'school_code', type: 'char', length: 10 })
  schoolCode!: string;

  /** The plan's batch number (1 = first), since the first batches have no year. */
  @Column({ type: 'smallint' })
  batch!: number;

  @Column({ type: 'text' })
  status!: RenovationStatus;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

@Entity({ schema: 'schools', name: 'kindergartens_built' })
export class KindergartenBuiltEntity {
  @PrimaryColumn({ name: 'school_code', type: 'char', length: 10 })
  schoolCode!: string;

  @Column({ name: 'year_built', type: 'integer' })
  yearBuilt!: number;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

@Entity({ schema: 'schools', name: 'teaching_point_links' })
export class TeachingPointLinkEntity {
  @PrimaryColumn({ name: 'school_code', type: 'char', length: 10 })
  schoolCode!: string;

  @Column({ name: 'year_linked', type: 'integer' })
  yearLinked!: number;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** Person-times trained in one county, year and programme. */
@Entity({ schema: 'schools', name: 'teacher_training' })
export class TeacherTrainingEntity {
  @PrimaryColumn({ name: 'county_code', type: 'varchar', length: 6 })
  countyCode!: string;

  @PrimaryColumn({ type: 'integer' })
  year!: number;

  @PrimaryColumn({ type: 'text' })
  programme!: TrainingProgramme;

  @Column({ name: 'person_times', type: 'integer' })
  personTimes!: number;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

export const PROGRESS_ENTITIES = [RenovationEntity, KindergartenBuiltEntity, TeachingPointLinkEntity, TeacherTrainingEntity];
