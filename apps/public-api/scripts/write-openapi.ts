// Writes public-api's OpenAPI document where the typed client is generated from (libs/api-client/openapi);
// the `docs` script then regenerates the client's types. Tests of both fail while either is out of date.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildOpenApiDocument } from '../src/openapi-document';

const target = join(__dirname, '../../../libs/api-client/openapi/public-api.json');

void buildOpenApiDocument().then((document) => {
  writeFileSync(target, `${JSON.stringify(document, null, 2)}\n`);
  console.log(`wrote ${target}`);
});
