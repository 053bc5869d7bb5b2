import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { AidApplicationQueryDto } from '../../aid-applications/dto/aid-application.dto';
import { CampaignResultsQueryDto } from '../../campaigns/dto/campaign.dto';
import { StudentQueryDto } from './student-query.dto';

/** The field errors a query string would get at the edge (what the 400's `errors` list names). */
function errorsOf<T extends object>(type: new () => T, query: Record<string, string>): Record<string, string[]> {
  const found = validateSync(plainToInstance(type, query), { whitelist: true, forbidNonWhitelisted: true });
  return Object.fromEntries(found.map((e) => [e.property, Object.values(e.constraints ?? {})]));
}

describe('the place filters of the students service’s lists', () => {
  it.each([
    ['students', StudentQueryDto],
    ['applications', AidApplicationQueryDto],
  ] as const)('%s: divisionCode is a 2, 4, 6, 9 or 12-digit code, schoolCode 10 digits, stage one of the stages', (_name, type) => {
    expect(errorsOf(type, { divisionCode: '420121', schoolCode: '4201210001', stage: 'primary' })).toEqual({});
    expect(errorsOf(type, { divisionCode: '420121001001' })).toEqual({});
    expect(errorsOf(type, { divisionCode: '42012' })).toEqual({ divisionCode: ['divisionCode must be a 2, 4, 6, 9 or 12-digit division code'] });
    expect(errorsOf(type, { divisionCode: '42%' })).toEqual({ divisionCode: ['divisionCode must be a 2, 4, 6, 9 or 12-digit division code'] });
    expect(errorsOf(type, { schoolCode: '420121000' })).toEqual({ schoolCode: ['schoolCode must be a 10-digit school code'] });
    expect(Object.keys(errorsOf(type, { stage: 'kindergarten-ish' }))).toEqual(['stage']);
  });

  it('campaign results: schoolCode is 10 digits', () => {
    expect(errorsOf(CampaignResultsQueryDto, { schoolCode: '4201020001' })).toEqual({});
    expect(errorsOf(CampaignResultsQueryDto, { schoolCode: '42010200011' })).toEqual({ schoolCode: ['schoolCode must be a 10-digit school code'] });
  });
});
