import { maxProvisionBatchDevices } from '@homeport/contracts';
import { isReadyToSend, maxBatchRows, previewBatch } from './device-batch';

const products = ['thermostat', 'plug'];

describe('the preview of a CSV batch of devices', () => {
  it('when every row is good, each becomes a device to provision, with optional id and name left out', () => {
    const preview = previewBatch('id,name,productId\nth-1,Hall,thermostat\n,,plug\n', products);
    expect(preview).toEqual({
      rows: [
        { line: 2, id: 'th-1', name: 'Hall', productId: 'thermostat', problems: [] },
        { line: 3, productId: 'plug', problems: [] },
      ],
      problems: [],
    });
    expect(isReadyToSend(preview)).toBe(true);
  });

  it('when the columns come in another order or case, they are matched by name', () => {
    const preview = previewBatch('ProductID,id\nplug,pl-1', products);
    expect(preview.rows).toEqual([{ line: 2, id: 'pl-1', productId: 'plug', problems: [] }]);
  });

  it('when a name holds a comma in quotes, it stays one field', () => {
    const preview = previewBatch('id,name,productId\nth-1,"Hall, north",thermostat', products);
    expect(preview.rows[0]).toMatchObject({ name: 'Hall, north', problems: [] });
  });

  it('when rows lack a column, use a bad id or an unknown product, each row says what is wrong and nothing is sent', () => {
    const preview = previewBatch(
      'id,name,productId\nth-1,Hall\nth/2,Kitchen,thermostat\nth-3,Attic,toaster\nth-4,Cellar,\n',
      products,
    );
    expect(preview.rows.map((row) => [row.line, row.problems])).toEqual([
      [2, ['It has 2 fields, the header 3.', 'The productId is missing.']],
      [3, ['The id “th/2” is not usable: letters, digits, _ and -, at most 64, not starting with _ or -.']],
      [4, ['The vendor has no product “toaster”: create it on the Products page first.']],
      [5, ['The productId is missing.']],
    ]);
    expect(isReadyToSend(preview)).toBe(false);
  });

  it('when an id is on two rows, the second names the line of the first', () => {
    const preview = previewBatch('id,productId\nth-1,plug\nth-2,plug\nth-1,plug', products);
    expect(preview.rows.map((row) => row.problems)).toEqual([
      [],
      [],
      ['The id “th-1” is on line 2 already.'],
    ]);
  });

  it("when the console checks a file's size, it uses public-api's limit of a batch", () => {
    expect(maxBatchRows).toBe(maxProvisionBatchDevices);
  });

  it('when the file has more rows than a batch takes, it says to split the file', () => {
    const rows = Array.from({ length: maxBatchRows + 1 }, () => `,plug`);
    const preview = previewBatch(['productId,name', ...rows].join('\n'), products);
    expect(preview.problems).toEqual([
      `The file has ${maxBatchRows + 1} devices; a batch takes at most ${maxBatchRows}: split the file.`,
    ]);
    expect(isReadyToSend(preview)).toBe(false);
  });

  it('when the header lacks productId or names an unknown column, the file is refused with the expected header', () => {
    expect(previewBatch('id,colour\nth-1,red', products)).toEqual({
      rows: [],
      problems: [
        'The header has an unknown column “colour”.',
        'The header has no productId column.',
        'The first line must name the columns, e.g. id,name,productId.',
      ],
    });
  });

  it('when the text is empty, has only a header or an open quote, it says so', () => {
    expect(previewBatch('\n', products).problems).toEqual(['The file is empty: paste or choose a CSV file.']);
    expect(previewBatch('id,productId\n', products).problems).toEqual([
      'There is no device under the header line.',
    ]);
    expect(previewBatch('id,productId\n"th-1,plug', products).problems).toEqual([
      'Line 2: a quoted field is not closed (a " is missing).',
    ]);
  });
});
