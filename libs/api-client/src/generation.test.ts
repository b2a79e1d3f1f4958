import { readFileSync } from 'node:fs';
import { generatedTypesPath, generateTypes } from './generation';

describe('the typed client', () => {
  it('its committed types are what openapi-typescript makes of the committed OpenAPI document', async () => {
    // Out of date: `npm run docs -w @homeport/public-api` (writes the document, then the types).
    expect(readFileSync(generatedTypesPath, 'utf8')).toBe(await generateTypes());
  });
});
