import { describeDelivery, describeResponse, eventTypeChoices } from './webhook-view';

describe("a webhook delivery's status and answer, in words", () => {
  it('when a delivery failed or was abandoned, it is marked failed with a cross, not by colour alone', () => {
    expect(describeDelivery({ status: 'failed', nextAttemptAt: null })).toEqual({
      text: '✕ failed',
      failed: true,
    });
    expect(describeDelivery({ status: 'abandoned', nextAttemptAt: null }).failed).toBe(true);
  });

  it('when a delivery waits for its next attempt, it says it is retrying', () => {
    expect(describeDelivery({ status: 'pending', nextAttemptAt: '2026-12-04T12:00:00.000Z' })).toEqual({
      text: '↻ retrying',
      failed: false,
    });
    expect(describeDelivery({ status: 'delivered', nextAttemptAt: null }).text).toBe('✓ delivered');
  });

  it("the endpoint's answer is its HTTP status, else the error, else that it was not tried", () => {
    expect(describeResponse({ lastStatusCode: 503, lastError: 'HTTP 503' })).toBe('HTTP 503');
    expect(describeResponse({ lastStatusCode: null, lastError: 'connection refused' })).toBe(
      'connection refused',
    );
    expect(describeResponse({ lastStatusCode: null, lastError: null })).toBe('not tried yet');
  });

  it('offers every event type of the contracts once', () => {
    expect(eventTypeChoices.map((choice) => choice.type)).toContain('device.state-changed');
    expect(eventTypeChoices).toHaveLength(8);
  });
});
