import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildOpenApiDocument } from '../src/openapi-document';

const committedPath = join(__dirname, '../../../libs/api-client/openapi/public-api.json');

describe("public-api's OpenAPI document", () => {
  it('the document the typed client is generated from is the one the app serves', async () => {
    // Out of date: `npm run docs -w @homeport/public-api` (writes the document, then the types).
    const served = JSON.parse(JSON.stringify(await buildOpenApiDocument())) as unknown;
    expect(served).toEqual(JSON.parse(readFileSync(committedPath, 'utf8')));
  });
});
