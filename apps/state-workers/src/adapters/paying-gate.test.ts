import { createPayingGate } from './paying-gate';

const countOpen = (isOpen: () => boolean, batches: number) =>
  Array.from({ length: batches }, () => isOpen()).filter(Boolean).length;

describe('the gate of a step that may not pay', () => {
  it('stays open while the step pays for most items', () => {
    const gate = createPayingGate(2 / 3);
    for (let batch = 0; batch < 50; batch += 1) gate.record(40, 36);

    expect(countOpen(() => gate.isOpen(), 100)).toBe(100);
  });

  it('when it pays for too few (kept rows moved on: replicas competing), it lets only one batch in twenty try', () => {
    const gate = createPayingGate(2 / 3);
    for (let batch = 0; batch < 50; batch += 1) gate.record(40, 13);

    expect(countOpen(() => gate.isOpen(), 100)).toBe(5);
  });

  it('opens again once the tries pay again', () => {
    const gate = createPayingGate(2 / 3);
    for (let batch = 0; batch < 50; batch += 1) gate.record(40, 10);
    for (let batch = 0; batch < 30; batch += 1) gate.record(40, 40);

    expect(gate.isOpen()).toBe(true);
  });

  it('when the step never pays (a replica alone reading the others’ rows), it closes after the first batches', () => {
    const gate = createPayingGate(1 / 4);
    gate.record(15, 0);

    expect(countOpen(() => gate.isOpen(), 100)).toBe(5);
  });
});
