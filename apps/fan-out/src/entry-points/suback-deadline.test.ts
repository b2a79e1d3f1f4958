import { startSubackDeadline } from './suback-deadline';

describe('the wait for a SUBACK', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('when nothing is read for the whole wait, is overdue once', () => {
    let overdue = 0;
    startSubackDeadline(
      1000,
      () => false,
      () => (overdue += 1),
    );
    jest.advanceTimersByTime(999);
    expect(overdue).toBe(0);
    jest.advanceTimersByTime(1);
    expect(overdue).toBe(1);
    jest.advanceTimersByTime(10_000);
    expect(overdue).toBe(1);
  });

  it('when a backlog is being read ahead of the SUBACK, waits until reading has stopped for the whole wait', () => {
    let overdue = 0;
    const deadline = startSubackDeadline(
      1000,
      () => false,
      () => (overdue += 1),
    );
    for (let second = 0; second < 5; second += 1) {
      jest.advanceTimersByTime(900);
      deadline.read();
    }
    expect(overdue).toBe(0);
    jest.advanceTimersByTime(999);
    expect(overdue).toBe(0);
    jest.advanceTimersByTime(1);
    expect(overdue).toBe(1);
  });

  it('when reading is held by a full window of messages in hand, does not count that time', () => {
    let overdue = 0;
    let held = true;
    startSubackDeadline(
      1000,
      () => held,
      () => (overdue += 1),
    );
    jest.advanceTimersByTime(5000);
    expect(overdue).toBe(0);
    held = false;
    jest.advanceTimersByTime(1000);
    expect(overdue).toBe(0);
    jest.advanceTimersByTime(1000);
    expect(overdue).toBe(1);
  });

  it('when the SUBACK came (or the connection closed), is never overdue', () => {
    let overdue = 0;
    const deadline = startSubackDeadline(
      1000,
      () => false,
      () => (overdue += 1),
    );
    jest.advanceTimersByTime(500);
    deadline.cancel();
    jest.advanceTimersByTime(10_000);
    expect(overdue).toBe(0);
  });
});
