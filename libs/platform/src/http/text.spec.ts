import { PERSON_NAME_PATTERN } from './text';

describe('a person’s name', () => {
  it.each(['王芳', '欧阳娜娜', '阿卜杜·热合曼', 'Anne-Marie', "O'Neil", 'J. R. Smith', 'José', 'Nguyễn Văn', 'O’Brien'])('takes %s', (name) => {
    expect(PERSON_NAME_PATTERN.test(name)).toBe(true);
  });

  it.each(['', '@', '·', '-', '.', '1', '王\u0000芳', '王\t芳', ' 王芳', '王芳 ', '王  芳', '王--芳', '<b>'])('refuses %j', (name) => {
    expect(PERSON_NAME_PATTERN.test(name)).toBe(false);
  });
});
