import { IsInt, IsOptional, Min, ValidateNested, IsString } from 'class-validator';
import { Type } from 'class-transformer';
import { MultilineText } from '../http/text';
import { createValidationPipe } from './validation';
import { DomainError } from './domain-error';

class Address {
  @IsString()
  village!: string;
}

class Body {
  @IsInt()
  @Min(2000)
  year!: number;

  @ValidateNested()
  @Type(() => Address)
  address!: Address;
}

class Patch {
  @IsOptional()
  @IsString()
  name?: string;

  @IsOptional()
  @IsString()
  @MultilineText()
  comment?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  after?: number;
}

async function fieldErrors(work: Promise<unknown>): Promise<{ field: string; message: string }[]> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return (error as DomainError).fieldErrors;
}

describe('the validation pipe', () => {
  const pipe = createValidationPipe();
  const transform = (value: unknown) => pipe.transform(value, { type: 'body', metatype: Body });

  it('answers one invalid-request error naming every bad field, nested ones by path', async () => {
    const error = await transform({ year: 1999, address: { village: 7 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).kind).toBe('invalid');
    expect((error as DomainError).fieldErrors).toEqual(
      expect.arrayContaining([
        { field: 'year', message: 'year must not be less than 2000' },
        { field: 'address.village', message: 'village must be a string' },
      ]),
    );
  });

  it('refuses unknown fields rather than dropping them silently', async () => {
    const error = (await transform({ year: 2024, address: { village: 'A' }, admin: true }).catch((e: unknown) => e)) as DomainError;
    expect(error.fieldErrors).toEqual([{ field: 'admin', message: 'property admin should not exist' }]);
  });

  it('passes a good body through as an instance of the DTO', async () => {
    await expect(transform({ year: 2024, address: { village: 'A' } })).resolves.toBeInstanceOf(Body);
  });

  describe('at the edge', () => {
    const patch = (value: unknown, type: 'body' | 'query' = 'body') => pipe.transform(value, { type, metatype: Patch });

    it('takes only a JSON object as a DTO body: no string, null, array or missing body', async () => {
      for (const body of ['AAA', null, [], [{ name: 'x' }], 5]) {
        expect(await fieldErrors(patch(body))).toEqual([{ field: 'body', message: 'the body must be a JSON object' }]);
      }
      expect(await fieldErrors(patch(undefined))).toEqual([{ field: 'body', message: expect.stringContaining('a JSON object body is required') }]);
      await expect(patch({})).resolves.toBeInstanceOf(Patch);
    });

    it('refuses null in any field, even an optional one, naming it', async () => {
      expect(await fieldErrors(patch({ name: null }))).toEqual([{ field: 'name', message: 'name must not be null; leave it out instead' }]);
      const nested = await fieldErrors(transform({ year: 2024, address: { village: null } }));
      expect(nested).toEqual(expect.arrayContaining([{ field: 'address.village', message: expect.stringContaining('must not be null') }]));
    });

    it('refuses NUL and other control characters in body, query and named parameters', async () => {
      for (const text of ['a\u0000b', '\u0007', 'x\u001b[31m', 'del\u007f', 'c1\u0085']) {
        expect(await fieldErrors(patch({ name: text }))).toEqual([{ field: 'name', message: 'name must not contain control characters (such as NUL)' }]);
      }
      expect(await fieldErrors(patch({ name: 'a\u0000' }, 'query'))).toEqual([expect.objectContaining({ field: 'name' })]);
      const named = await fieldErrors(pipe.transform('a\u0000b', { type: 'query', metatype: String, data: 'fileName' }));
      expect(named).toEqual([{ field: 'fileName', message: 'fileName must not contain control characters (such as NUL)' }]);
      const nested = await fieldErrors(transform({ year: 2024, address: { village: 'v\u0000' } }));
      expect(nested).toEqual([{ field: 'address.village', message: expect.stringContaining('control characters') }]);
    });

    it('keeps tabs and line breaks to fields marked multi-line', async () => {
      expect(await fieldErrors(patch({ name: 'two\nlines' }))).toEqual([{ field: 'name', message: 'name must be one line: no tabs or line breaks' }]);
      await expect(patch({ comment: 'first line\r\n\tsecond line' })).resolves.toMatchObject({ comment: 'first line\r\n\tsecond line' });
    });

    it('refuses a number no bigint column or JavaScript number holds exactly', async () => {
      expect(await fieldErrors(patch({ after: '99999999999999999999' }, 'query'))).toEqual([{ field: 'after', message: 'after is out of range' }]);
      await expect(patch({ after: '9007199254740991' }, 'query')).resolves.toMatchObject({ after: 9007199254740991 });
    });

    it('reports edge problems together with the DTO’s own', async () => {
      const errors = await fieldErrors(transform({ year: 1999, address: { village: 'v\u0000' } }));
      expect(errors.map((e) => e.field).sort()).toEqual(['address.village', 'year']);
    });

    it('refuses a body nested deeper than any DTO goes, before anything walks it', async () => {
      let deep: unknown = 'x';
      for (let i = 0; i < 100_000; i++) deep = [deep];
      const errors = await fieldErrors(patch({ name: deep }));
      expect(errors).toEqual([expect.objectContaining({ message: expect.stringContaining('is nested too deeply') })]);
    });

    it('leaves text as it is: a name with letters of any script passes unchanged', async () => {
      await expect(patch({ name: '阿卜杜·热合曼 O’Neil' })).resolves.toMatchObject({ name: '阿卜杜·热合曼 O’Neil' });
    });
  });
});
