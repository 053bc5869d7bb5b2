import { encode } from 'iconv-lite';
import { decoderFor } from '@eduaid/platform';
import { holdsNationalIds, sealNationalIds } from './national-id-sealing';

describe('sealing the national IDs of an upload', () => {
  const seal = (id: string) => `S${Buffer.from(id).toString('base64url')}`;

  it('replaces every national ID by its sealed form and leaves a GBK file’s other bytes as they were', () => {
    const lines = ['身份证号,专业,备注', '42010219900307123X,计算机科学与技术,本科', '420102199003071234,护理,"旧号 420102900307123"', 'n/a,数学,电话 13800138000'];
    const gbk = encode(lines.join('\r\n'), 'gbk');
    expect(holdsNationalIds(gbk)).toBe(true);
    const { file, sealed } = sealNationalIds(gbk, seal);
    expect(sealed).toBe(3);
    const text = decoderFor('gbk').decode(file);
    expect(text).not.toMatch(/\d{15}/);
    expect(text.split('\r\n')).toEqual([
      '身份证号,专业,备注',
      `~nid1.123X.${seal('42010219900307123X')},计算机科学与技术,本科`,
      `~nid1.1234.${seal('420102199003071234')},护理,"旧号 ~nid1.7123.${seal('420102900307123')}"`,
      'n/a,数学,电话 13800138000', // 11 digits: a phone number, not an ID
    ]);
  });

  it('leaves a file without national IDs untouched (UUIDs, dates and codes are not IDs)', () => {
    const file = Buffer.from('student_id,expected_graduation,preferred_regions\r\n0b6a4e3c-1d2f-4a5b-8c9d-0e1f2a3b4c5d,2027-06-30,4201;420102\r\n');
    expect(holdsNationalIds(file)).toBe(false);
    expect(sealNationalIds(file, seal)).toEqual({ file, sealed: 0 });
    expect(holdsNationalIds(Buffer.from('x,1234567890123456789'))).toBe(false); // 19 digits
  });
});
