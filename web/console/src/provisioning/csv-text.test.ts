import { splitCsv } from './csv-text';

describe('reading CSV text', () => {
  it('when fields are quoted, commas, quotes and line breaks inside them are kept', () => {
    expect(splitCsv('id,name\r\nth-1,"Hall, ""north"""\nth-2,"two\nlines"\n')).toEqual({
      ok: true,
      records: [
        { line: 1, fields: ['id', 'name'] },
        { line: 2, fields: ['th-1', 'Hall, "north"'] },
        { line: 3, fields: ['th-2', 'two\nlines'] },
      ],
    });
  });

  it('when blank lines separate records, they are skipped and lines still count', () => {
    expect(splitCsv('a\n\nb')).toEqual({
      ok: true,
      records: [
        { line: 1, fields: ['a'] },
        { line: 3, fields: ['b'] },
      ],
    });
  });

  it('when a quote is left open, the line it opened on is named', () => {
    expect(splitCsv('id,name\nth-1,"Hall\nth-2,Kitchen')).toEqual({
      ok: false,
      problem: 'Line 2: a quoted field is not closed (a " is missing).',
    });
  });
});
