import { applyMergePatch, computeDelta } from './state-document';

describe('desired state documents', () => {
  it('a merge patch replaces values, removes nulls and merges nested objects', () => {
    const current = { setpoint: 21, mode: 'heat', schedule: { mon: '07:00', tue: '07:00' } };
    const patch = { setpoint: 19.5, mode: null, schedule: { tue: null, wed: '06:30' } };
    expect(applyMergePatch(current, patch)).toEqual({
      setpoint: 19.5,
      schedule: { mon: '07:00', wed: '06:30' },
    });
    expect(current.mode).toBe('heat');
  });

  it('a patch replaces arrays and non-object values whole', () => {
    expect(applyMergePatch({ days: [1, 2], x: 1 }, { days: [3], x: { y: 1 } })).toEqual({
      days: [3],
      x: { y: 1 },
    });
  });

  it('the delta holds desired properties that differ from the reported ones, compared deeply', () => {
    const desired = { setpoint: 19.5, mode: 'eco', schedule: { mon: '07:00' } };
    const reported = { setpoint: 21, mode: 'eco', schedule: { mon: '07:00' }, temperature: 20.6 };
    expect(computeDelta(desired, reported)).toEqual({ setpoint: 19.5 });
  });

  it('without a reported state the delta is the whole desired state', () => {
    expect(computeDelta({ a: 1 }, undefined)).toEqual({ a: 1 });
  });
});
