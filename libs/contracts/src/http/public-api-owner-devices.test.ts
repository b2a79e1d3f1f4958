import type { TSchema } from 'typebox';
import { compileValidator } from '../validation';
import { HomeDeviceStateResponse } from './public-api-devices';
import * as ownerContracts from './public-api-owner-devices';

const schemasWithExamples = [
  ...Object.entries(ownerContracts),
  ['HomeDeviceStateResponse', HomeDeviceStateResponse] as const,
].flatMap(([name, schema]) => {
  const { examples } = schema as TSchema & { examples?: unknown };
  return Array.isArray(examples) ? [[name, schema, examples] as const] : [];
});

describe("public-api's contracts of owners' devices", () => {
  it('every request and answer of the routes ships an example', () => {
    expect(schemasWithExamples.map(([name]) => name)).toEqual(
      expect.arrayContaining([
        'OwnerDeviceQuery',
        'RenameOwnerDeviceRequest',
        'DesiredStateMergePatch',
        'OwnerDesiredStateResponse',
        'OwnerCreateCommandRequest',
        'OwnerCommandList',
        'HomeDeviceStateResponse',
      ]),
    );
  });

  it.each(schemasWithExamples)('the examples of %s validate against it', (_name, schema, examples) => {
    const validator = compileValidator(schema);
    for (const example of examples) expect(validator.explain(example)).toEqual([]);
  });

  it('a merge patch names state properties only, at least one', () => {
    const validator = compileValidator(ownerContracts.DesiredStateMergePatch);
    expect(validator.isValid({})).toBe(false);
    expect(validator.isValid({ 'not a name': 1 })).toBe(false);
    expect(validator.isValid({ setpoint: null })).toBe(true);
  });
});
