import type { IncomingMessage } from 'node:http';
import { generateRequestId, isSaneRequestId } from './request-id';

function requestWith(headers: Record<string, string | string[]>): IncomingMessage {
  return { headers } as unknown as IncomingMessage;
}

describe('request ids', () => {
  it('when the header is a UUID or a trace id, it is kept', () => {
    const uuid = '0b5a9a8e-7c1f-4a51-9d3c-2f7f6f0e2a11';
    expect(generateRequestId(requestWith({ 'x-request-id': uuid }))).toBe(uuid);
    expect(isSaneRequestId('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')).toBe(true);
  });

  it('when the header is too long, holds control characters or is repeated, a new id is made', () => {
    for (const value of ['x'.repeat(129), 'id\nforged', 'a b', '', ['one', 'two']]) {
      const id = generateRequestId(requestWith({ 'x-request-id': value }));
      expect(id).not.toBe(value);
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});
