import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildGeneratedDocs } from './generated-docs';

const root = join(__dirname, '..', '..', '..', '..');

describe('generated contract docs', () => {
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };

  it.each(Object.entries(buildGeneratedDocs(version)))(
    'docs/%s matches the contracts (run `npm run docs` after changing them)',
    (file, content) => {
      expect(readFileSync(join(root, 'docs', file), 'utf8')).toBe(content);
    },
  );

  it('every $ref in the AsyncAPI document points at something it defines', () => {
    const document = buildGeneratedDocs(version)['asyncapi.json'] ?? '';
    const parsed = JSON.parse(document) as unknown;
    const pointers = [...document.matchAll(/"\$ref": "#\/([^"]+)"/g)].map((match) => match[1] ?? '');
    expect(pointers.length).toBeGreaterThan(10);
    for (const pointer of pointers) {
      const target = pointer
        .split('/')
        .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], parsed);
      expect({ pointer, found: target !== undefined }).toEqual({ pointer, found: true });
    }
  });
});
