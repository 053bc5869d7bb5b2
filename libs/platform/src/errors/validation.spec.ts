import { IsInt, Min, ValidateNested, IsString } from 'class-validator';
import { Type } from 'class-transformer';
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
});
