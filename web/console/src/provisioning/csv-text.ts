/** A CSV record: its fields, and the line of the text it starts on (1-based, for messages). */
export interface CsvRecord {
  readonly line: number;
  readonly fields: readonly string[];
}

/** The records of a CSV text, or the line where a quoted field is left open. */
export type CsvText =
  | { readonly ok: true; readonly records: readonly CsvRecord[] }
  | { readonly ok: false; readonly problem: string };

/**
 * Splits CSV text into records (RFC 4180: fields in double quotes may hold commas, line breaks and `""` for a
 * quote; CRLF or LF line ends). Blank lines are skipped; fields are kept as written (no trimming).
 */
export function splitCsv(text: string): CsvText {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  const endRecord = () => {
    fields.push(field);
    if (fields.length > 1 || fields[0] !== '') records.push({ line: recordLine, fields });
    fields = [];
    field = '';
  };
  for (let index = 0; index < text.length; index += 1) {
    const char = text.charAt(index);
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (char === '"') quoted = false;
      else {
        if (char === '\n') line += 1;
        field += char;
      }
    } else if (char === '"' && field === '') quoted = true;
    else if (char === ',') {
      fields.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[index + 1] === '\n') index += 1;
      endRecord();
      line += 1;
      recordLine = line;
    } else field += char;
  }
  if (quoted)
    return { ok: false, problem: `Line ${recordLine}: a quoted field is not closed (a " is missing).` };
  endRecord();
  return { ok: true, records };
}
