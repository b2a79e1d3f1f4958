import { toBatchOutcomes, toBatchRequest } from './batch-outcome';
import type { BatchRow } from './device-batch';

const rows: BatchRow[] = [
  { line: 2, id: 'th-1', name: 'Hall', productId: 'thermostat', problems: [] },
  { line: 3, productId: 'thermostat', problems: [] },
];
const device = {
  id: 'th-1',
  vendorId: 'demo',
  productId: 'thermostat',
  name: 'Hall',
  claimed: false,
  online: false,
  lastSeenAt: null,
  createdAt: '2026-12-04T18:00:00.000Z',
  claimCode: '7KQ21-0XH9P-D4TWA-ER3NV',
  claimQrPayload: 'HOMEPORT:1:7KQ21-0XH9P-D4TWA-ER3NV',
};

describe('a batch sent to public-api and its answer', () => {
  it('when rows are sent, each carries only the columns the file filled in', () => {
    expect(toBatchRequest(rows)).toEqual({
      devices: [{ productId: 'thermostat', id: 'th-1', name: 'Hall' }, { productId: 'thermostat' }],
    });
  });

  it('when public-api answers per index, each row gets its device or its refusal code', () => {
    const outcomes = toBatchOutcomes(rows, {
      created: 1,
      refused: 1,
      results: [
        { index: 1, outcome: 'refused', code: 'RATE_LIMITED', message: 'slow down' },
        { index: 0, outcome: 'created', device },
      ],
    });
    expect(outcomes).toEqual([
      { row: rows[1], outcome: 'refused', code: 'RATE_LIMITED', message: 'slow down' },
      { row: rows[0], outcome: 'created', device },
    ]);
  });
});
