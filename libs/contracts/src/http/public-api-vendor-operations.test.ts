import type { TSchema } from 'typebox';
import { compileValidator } from '../validation';
import * as vendorContracts from './public-api-vendor-operations';

const schemasWithExamples = Object.entries(vendorContracts).flatMap(([name, schema]) => {
  const { examples } = schema as TSchema & { examples?: unknown };
  return Array.isArray(examples) ? [[name, schema, examples] as const] : [];
});

describe("public-api's vendor contracts", () => {
  it('every request and answer of the vendor routes ships an example', () => {
    const names = schemasWithExamples.map(([name]) => name);
    expect(names).toEqual(
      expect.arrayContaining([
        'VendorCreateProductRequest',
        'VendorProductPage',
        'VendorDevicePage',
        'VendorDeviceQuery',
        'RenameVendorDeviceRequest',
        'VendorIssuedCredentialResponse',
        'VendorCredentialList',
        'VendorDesiredStateRequest',
        'VendorShadowResponse',
        'VendorCreateCommandRequest',
        'VendorCommandList',
      ]),
    );
  });

  it.each(schemasWithExamples)('the examples of %s validate against it', (_name, schema, examples) => {
    const validator = compileValidator(schema);
    for (const example of examples) expect(validator.explain(example)).toEqual([]);
  });

  it('a request re-declared with examples keeps refusing properties broker-api refuses', () => {
    const validator = compileValidator(vendorContracts.VendorCreateProductRequest);
    expect(validator.isValid({ id: 'p', name: 'P', features: [], ownerId: 'x' })).toBe(false);
  });
});
