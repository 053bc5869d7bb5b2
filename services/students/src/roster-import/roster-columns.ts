import { mapCsvHeader } from '@eduaid/platform';

/**
 * The roster's columns and the header names accepted for each: English snake_case, and the Chinese
 * headers other government systems export.
 */
export const ROSTER_COLUMN_ALIASES: Record<string, string[]> = {
  national_id: ['national_id', 'nationalid', '身份证号', '身份证号码', '公民身份号码'],
  name: ['name', '姓名'],
  household_no: ['household_no', 'householdno', '建档立卡户编号', '户编号'],
  village_code: ['village_code', 'villagecode', '村代码', '行政村代码'],
  school_code: ['school_code', 'schoolcode', '学校代码', '学校标识码'],
  stage: ['stage', '学段'],
  grade: ['grade', '年级'],
  boarding: ['boarding', '是否寄宿', '寄宿'],
  academic_year: ['academic_year', 'academicyear', '学年'],
  disability: ['disability', '是否残疾', '残疾'],
  left_behind: ['left_behind', 'leftbehind', '是否留守儿童', '留守儿童'],
  migrant_child: ['migrant_child', 'migrantchild', '是否随迁子女', '随迁子女'],
  special_hardship: ['special_hardship', 'specialhardship', '是否特困', '特困'],
};

export const REQUIRED_COLUMNS = ['national_id', 'name', 'household_no', 'village_code', 'school_code', 'stage', 'grade', 'academic_year'];

/** Maps header cells to canonical columns; reports unknown and missing ones. */
export function mapHeader(cells: string[]): { columns: Record<string, number>; missing: string[]; duplicated: string[] } {
  return mapCsvHeader(cells, ROSTER_COLUMN_ALIASES, REQUIRED_COLUMNS);
}
