import { mapHeader } from './roster-columns';

describe('roster columns', () => {
  it('maps English and Chinese headers and names what is missing or doubled', () => {
    const { columns, missing } = mapHeader(['身份证号', '姓名', 'household_no', '村代码', '学校代码', '学段', '年级', '学年', '是否寄宿']);
    expect(columns).toMatchObject({ national_id: 0, name: 1, school_code: 4, boarding: 8 });
    expect(missing).toEqual([]);
    const bad = mapHeader(['name', 'name', 'grade']);
    expect(bad.duplicated).toEqual(['name']);
    expect(bad.missing).toContain('national_id');
  });
});
