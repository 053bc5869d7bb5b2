import { encode } from 'iconv-lite';
import { detectEncoding, parseCsvLine, splitLines } from './roster-csv';
import { mapHeader } from './roster-columns';

describe('reading roster files', () => {
  it('tells UTF-8 from GBK', () => {
    expect(detectEncoding(Buffer.from('姓名,学校代码\n张三,1', 'utf8'))).toBe('utf-8');
    expect(detectEncoding(encode('姓名,学校代码\n张三,1', 'gbk'))).toBe('gbk');
    expect(detectEncoding(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a,b')]))).toBe('utf-8');
    // a UTF-8 character cut at the end of the sampled head is still UTF-8
    expect(detectEncoding(Buffer.from('名字', 'utf8').subarray(0, 4))).toBe('utf-8');
  });

  it('splits CSV fields with quotes, commas and doubled quotes', () => {
    expect(parseCsvLine('a,"b,c","say ""hi""",,d')).toEqual(['a', 'b,c', 'say "hi"', '', 'd']);
    expect(parseCsvLine('a,')).toEqual(['a', '']);
    expect(parseCsvLine('"open')).toBeUndefined();
  });

  it('cuts lines by byte offset, keeping an unfinished last line for the next read', () => {
    const data = Buffer.from('one\r\ntwo\nthr');
    const { lines, consumed } = splitLines(data, 100, 10, false);
    expect(lines.map((l) => l.bytes.toString())).toEqual(['one', 'two']);
    expect(lines.map((l) => l.endOffset)).toEqual([105, 109]);
    expect(consumed).toBe(9);
    expect(splitLines(data, 100, 10, true).lines.map((l) => l.bytes.toString())).toEqual(['one', 'two', 'thr']);
    expect(splitLines(data, 0, 1, true).lines).toHaveLength(1);
  });

  it('maps English and Chinese headers and names what is missing or doubled', () => {
    const { columns, missing } = mapHeader(['身份证号', '姓名', 'household_no', '村代码', '学校代码', '学段', '年级', '学年', '是否寄宿']);
    expect(columns).toMatchObject({ national_id: 0, name: 1, school_code: 4, boarding: 8 });
    expect(missing).toEqual([]);
    const bad = mapHeader(['name', 'name', 'grade']);
    expect(bad.duplicated).toEqual(['name']);
    expect(bad.missing).toContain('national_id');
  });
});
