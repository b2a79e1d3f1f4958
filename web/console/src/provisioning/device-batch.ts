import { splitCsv, type CsvRecord } from './csv-text';

/** The columns a batch file may have, in the order the page documents them; only productId is required. */
export const batchColumns = ['id', 'name', 'productId'] as const;
type BatchColumn = (typeof batchColumns)[number];

/** At most this many devices per batch: public-api's limit (maxProvisionBatchDevices in libs/contracts). */
export const maxBatchRows = 1000;

// public-api's device ids (libs/contracts ids.ts, idPattern): the console imports contracts for types only.
const deviceIdPattern = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const nameMaxLength = 200;

/** A device of the batch, as the file says it, with what is wrong with it (empty: ready to send). */
export interface BatchRow {
  readonly line: number;
  readonly id?: string;
  readonly name?: string;
  readonly productId: string;
  readonly problems: readonly string[];
}

/** What the file would provision, and what stops it as a whole (header, size). */
export interface BatchPreview {
  readonly rows: readonly BatchRow[];
  readonly problems: readonly string[];
}

/** The column of each header field, or the problems of the header. */
function readHeader(header: CsvRecord): { columns: BatchColumn[]; problems: string[] } {
  const names = header.fields.map((field) => field.trim());
  const problems: string[] = [];
  const columns = names.flatMap((name): BatchColumn[] => {
    const column = batchColumns.find((known) => known.toLowerCase() === name.toLowerCase());
    if (column === undefined) problems.push(`The header has an unknown column “${name}”.`);
    return column === undefined ? [] : [column];
  });
  if (!columns.includes('productId')) problems.push('The header has no productId column.');
  if (new Set(columns).size !== columns.length) problems.push('The header names a column twice.');
  if (problems.length > 0)
    problems.push(`The first line must name the columns, e.g. ${batchColumns.join(',')}.`);
  return { columns, problems };
}

/** A row's values by column, and its own problems (besides duplicates, found across rows). */
function readRow(record: CsvRecord, columns: readonly BatchColumn[], productIds: ReadonlySet<string>) {
  const value = (column: BatchColumn) => record.fields[columns.indexOf(column)]?.trim() ?? '';
  const [id, name, productId] = [value('id'), value('name'), value('productId')];
  const problems: string[] = [];
  if (record.fields.length !== columns.length)
    problems.push(`It has ${record.fields.length} fields, the header ${columns.length}.`);
  if (id !== '' && !deviceIdPattern.test(id))
    problems.push(
      `The id “${id}” is not usable: letters, digits, _ and -, at most 64, not starting with _ or -.`,
    );
  if (name.length > nameMaxLength) problems.push(`The name is longer than ${nameMaxLength} characters.`);
  if (productId === '') problems.push('The productId is missing.');
  else if (!productIds.has(productId))
    problems.push(`The vendor has no product “${productId}”: create it on the Products page first.`);
  return {
    line: record.line,
    ...(id !== '' && { id }),
    ...(name !== '' && { name }),
    productId,
    problems,
  };
}

/** Adds a problem to each row whose id an earlier row has already. */
function markDuplicates(rows: readonly BatchRow[]): BatchRow[] {
  const firstLine = new Map<string, number>();
  return rows.map((row) => {
    if (row.id === undefined) return row;
    const earlier = firstLine.get(row.id);
    if (earlier === undefined) {
      firstLine.set(row.id, row.line);
      return row;
    }
    return { ...row, problems: [...row.problems, `The id “${row.id}” is on line ${earlier} already.`] };
  });
}

/**
 * Reads a batch file (CSV with a header naming its columns, see batchColumns) against the vendor's products:
 * every row with its problems, and the file's. Nothing is sent while any problem is left.
 */
export function previewBatch(text: string, productIds: readonly string[]): BatchPreview {
  const split = splitCsv(text);
  if (!split.ok) return { rows: [], problems: [split.problem] };
  const [header, ...records] = split.records;
  if (header === undefined) return { rows: [], problems: ['The file is empty: paste or choose a CSV file.'] };
  const { columns, problems } = readHeader(header);
  if (problems.length > 0) return { rows: [], problems };
  if (records.length === 0) return { rows: [], problems: ['There is no device under the header line.'] };
  const known = new Set(productIds);
  const rows = markDuplicates(records.map((record) => readRow(record, columns, known)));
  const tooMany =
    rows.length > maxBatchRows
      ? [`The file has ${rows.length} devices; a batch takes at most ${maxBatchRows}: split the file.`]
      : [];
  return { rows, problems: tooMany };
}

/** True when the batch can be sent: devices to provision and no problem left. */
export function isReadyToSend(preview: BatchPreview): boolean {
  return (
    preview.rows.length > 0 &&
    preview.problems.length === 0 &&
    preview.rows.every((row) => row.problems.length === 0)
  );
}
