import { parseFeatureList, refusedFields } from './product-fields';

describe("a product form's fields", () => {
  it('when features are typed with commas, spaces and a repeat, each is kept once in order', () => {
    expect(parseFeatureList(' temperature, setpoint  mode,setpoint ,')).toEqual([
      'temperature',
      'setpoint',
      'mode',
    ]);
    expect(parseFeatureList('   ')).toEqual([]);
  });

  it('when public-api refuses fields, each message goes to the field its path names', () => {
    const error = {
      code: 'VALIDATION_FAILED',
      message: 'request is invalid',
      details: {
        fields: [
          { location: 'body', path: '/id', message: 'must match pattern' },
          { location: 'body', path: '/features/2', message: 'must match pattern' },
          { location: 'body', path: '/features/4', message: 'must match pattern' },
        ],
      },
    };
    expect(refusedFields(error)).toEqual({
      id: 'must match pattern',
      features: 'must match pattern; must match pattern',
    });
  });

  it('when an assistant mapping is refused, its capabilities are named two levels deep', () => {
    const error = {
      code: 'ASSISTANT_MAPPING_INVALID',
      details: {
        fields: [
          {
            location: 'body',
            path: '/capabilities/targetTemperature/property',
            message: 'heat is not a feature of the product',
          },
        ],
      },
    };
    expect(refusedFields(error, 2)).toEqual({
      'capabilities/targetTemperature': 'heat is not a feature of the product',
    });
  });

  it('when the answer names no field (a conflict, a network error), there is none to mark', () => {
    expect(refusedFields({ code: 'PRODUCT_EXISTS', message: 'exists' })).toEqual({});
    expect(refusedFields(undefined)).toEqual({});
  });
});
