import { encode } from 'iconv-lite';
import { csvHeaderProblem, detectEncoding, mapCsvHeader, parseCsvLine, readCsvHeader, splitLines } from './csv-lines';

describe('reading uploaded CSV files', () => {
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

  it('maps header names to columns, naming missing and doubled ones', () => {
    const { columns, missing, duplicated } = mapCsvHeader(['\uFEFFID', 'x', 'Name', 'name'], { id: ['id', '编号'], name: ['name'], age: ['age'] }, ['id', 'age']);
    expect(columns).toEqual({ id: 0, name: 2 });
    expect(missing).toEqual(['age']);
    expect(duplicated).toEqual(['name']);
  });

  it('reads the header line after a BOM and before the first line feed, and says why it cannot', () => {
    const file = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('学号,"姓名"\r\n1,张三\n')]);
    expect(readCsvHeader(file, 'utf-8')).toEqual({ ok: true, cells: ['学号', '姓名'], end: file.indexOf(0x0a) });
    expect(readCsvHeader(Buffer.from('id,name'), 'utf-8')).toEqual({ ok: true, cells: ['id', 'name'], end: -1 });
    expect(readCsvHeader(Buffer.from('id,"name\n1,x'), 'utf-8')).toEqual({ ok: false, reason: 'the header line has an unterminated quote' });
    expect(readCsvHeader(Buffer.from([0x69, 0x64, 0xff, 0x0a]), 'utf-8')).toEqual({ ok: false, reason: 'the header line is not valid utf-8' });
  });

  it('names the header columns missing first, then those named twice', () => {
    expect(csvHeaderProblem({ missing: ['age', 'id'], duplicated: ['name'] })).toBe('the header lacks the columns: age, id');
    expect(csvHeaderProblem({ missing: [], duplicated: ['name'] })).toBe('the header names these columns twice: name');
    expect(csvHeaderProblem({ missing: [], duplicated: [] })).toBeUndefined();
  });
});
