// Regenerates src/generated/public-api.ts from openapi/public-api.json (see README).
import { writeFileSync } from 'node:fs';
import { generatedTypesPath, generateTypes } from '../src/generation';

void generateTypes().then((types) => {
  writeFileSync(generatedTypesPath, types);
  console.log(`wrote ${generatedTypesPath}`);
});
