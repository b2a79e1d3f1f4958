// Writes the documents generated from the contracts into docs/ (`npm run docs`).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildGeneratedDocs } from '../src/docs/generated-docs';

const root = join(__dirname, '..', '..', '..');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
for (const [file, content] of Object.entries(buildGeneratedDocs(version))) {
  writeFileSync(join(root, 'docs', file), content);
  console.log(`wrote docs/${file}`);
}
