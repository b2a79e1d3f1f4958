import { decodeAlertCursor, encodeAlertCursor } from './alert-cursor';

describe('alert history cursors', () => {
  it('a cursor reads back as the position it was made from', () => {
    const position = { pendingSinceMs: 1763719500000, alertId: '3d9b2f4e-7a1c-4e8b-b5d0-2c6f9a1e7b35' };
    expect(decodeAlertCursor(encodeAlertCursor(position))).toEqual(position);
  });

  it('a cursor this service did not make is ALERT_CURSOR_INVALID', () => {
    for (const cursor of ['bm9wZQ', Buffer.from('12/not-a-uuid').toString('base64url'), '!!!']) {
      expect(() => decodeAlertCursor(cursor)).toThrow(/cursor is not one this API returned/);
    }
  });
});
