import { platformFileExample, platformFileSchema } from './platform-file';
import { compileValidator } from './validation';

describe('the platform file', () => {
  const validator = compileValidator(platformFileSchema);

  it('the example validates', () => {
    expect(validator.explain(platformFileExample)).toEqual([]);
  });

  it('when the token is missing or the demo vendor is not an id, the reasons name them', () => {
    const { brokerApiToken: _token, ...withoutToken } = platformFileExample;
    const reasons = validator.explain({ ...withoutToken, demoVendorId: 'no/slash' }).join('\n');
    expect(reasons).toMatch(/brokerApiToken/);
    expect(reasons).toMatch(/demoVendorId/);
  });
});
