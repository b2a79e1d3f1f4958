import { createInOrderAcks } from './in-order-acks';

describe('in-order acknowledgements', () => {
  it('when later messages are handled first, their PUBACKs wait and then go out in arrival order', () => {
    const sent: number[] = [];
    const acks = createInOrderAcks((messageId) => sent.push(messageId));
    const [first, second, third] = [acks.add(11), acks.add(12), acks.add(13)];

    third.complete();
    second.complete();
    expect(sent).toEqual([]);
    expect(acks.size).toBe(3);

    first.complete();
    expect(sent).toEqual([11, 12, 13]);
    expect(acks.size).toBe(0);
  });

  it('when the head is handled, it goes out alone while a later one is still in hand', () => {
    const sent: number[] = [];
    const acks = createInOrderAcks((messageId) => sent.push(messageId));
    const first = acks.add(1);
    const second = acks.add(2);

    first.complete();
    first.complete();

    expect(sent).toEqual([1]);
    expect(acks.size).toBe(1);
    second.complete();
    expect(sent).toEqual([1, 2]);
  });

  it('after the connection closed, messages of the old connection are never acknowledged', () => {
    const sent: number[] = [];
    const acks = createInOrderAcks((messageId) => sent.push(messageId));
    const old = acks.add(7);

    acks.clear();
    const fresh = acks.add(7);
    old.complete();

    expect(sent).toEqual([]);
    fresh.complete();
    expect(sent).toEqual([7]);
  });
});
