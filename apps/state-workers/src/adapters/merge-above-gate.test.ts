import { createMergeAboveGate } from './merge-above-gate';

const countOpen = (isOpen: () => boolean, batches: number) =>
  Array.from({ length: batches }, () => isOpen()).filter(Boolean).length;

describe('the gate of merges above the kept rows', () => {
  it('stays open while most planned reports are written', () => {
    const gate = createMergeAboveGate();
    for (let batch = 0; batch < 50; batch += 1) gate.record(40, 36);

    expect(countOpen(() => gate.isOpen(), 100)).toBe(100);
  });

  it('when most kept rows moved on (replicas competing), it lets only one batch in twenty try', () => {
    const gate = createMergeAboveGate();
    for (let batch = 0; batch < 50; batch += 1) gate.record(40, 13);

    expect(countOpen(() => gate.isOpen(), 100)).toBe(5);
  });

  it('opens again once the tries are written again', () => {
    const gate = createMergeAboveGate();
    for (let batch = 0; batch < 50; batch += 1) gate.record(40, 10);
    for (let batch = 0; batch < 30; batch += 1) gate.record(40, 40);

    expect(gate.isOpen()).toBe(true);
  });
});
