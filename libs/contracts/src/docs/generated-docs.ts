import { buildAsyncApiDocument } from './asyncapi';
import { buildContractsMarkdown } from './contracts-markdown';

/** The generated documents under docs/, by file name. */
export function buildGeneratedDocs(version: string): Record<string, string> {
  return {
    'asyncapi.json': `${JSON.stringify(buildAsyncApiDocument(version), null, 2)}\n`,
    'contracts.md': buildContractsMarkdown(),
  };
}
