import { alertAcknowledgedV1, type AlertList, type AlertResponse } from '@homeport/contracts';
import { waitFor, type EventListener } from '@homeport/testing';
import { randomUUID } from 'node:crypto';
import { useAlertsFile } from './support/alerts-file';
import { frostCondition } from './support/rule-fixtures';

describe('the alerts internal API: history and acknowledgements', () => {
  const file = useAlertsFile('alerts_history');
  const userId = randomUUID();
  let acknowledged: EventListener<typeof alertAcknowledgedV1>;

  beforeAll(async () => {
    acknowledged = await file.harness.listen(alertAcknowledgedV1);
  });

  const api = <T>(method: string, path: string, body?: unknown) =>
    file.harness.api<T>(file.service.url, method, path, body);

  /** A frost rule without `for` on the test's device, fired by 4 °C; resolves with the alert. */
  async function fireFrost(): Promise<AlertResponse> {
    await file.harness.createRule(file.service.url, file.device, { clear: { operator: '>', value: 7 } });
    await file.harness.publishState(file.device, { temperature: 4 });
    await waitFor(() => file.firedFor().length === 1, 'alert.fired');
    const list = await api<AlertList>('GET', `/alerts?homeId=${file.device.homeId}`);
    const [alert] = list.body.items;
    if (alert === undefined) throw new Error('no alert listed');
    return alert;
  }

  it('an owner acknowledges a firing alert once: alert.acknowledged says who; again answers the same', async () => {
    const alert = await fireFrost();
    expect(alert).toMatchObject({ status: 'firing', acknowledgedAt: null, value: 4, flapping: false });
    const path = `/alerts/${alert.id}/acknowledge?homeId=${file.device.homeId}`;
    const first = await api<AlertResponse>('POST', path, { userId });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'firing', acknowledgedBy: userId, snoozedUntil: null });
    const again = await api<AlertResponse>('POST', path, { userId: randomUUID() });
    expect(again.body).toEqual(first.body);
    await waitFor(() => acknowledged.events().some((event) => event.alertId === alert.id), 'acknowledged');
    await file.harness.settle();
    const events = acknowledged.events().filter((event) => event.alertId === alert.id);
    expect(events).toEqual([
      expect.objectContaining({ acknowledgedBy: userId, snoozedUntil: null, notify: true }),
    ]);
  }, 30_000);

  it('acknowledging a pending or resolved alert is 409 ALERT_NOT_FIRING', async () => {
    await file.harness.createRule(file.service.url, file.device, { forSeconds: 600 });
    await file.harness.publishState(file.device, { temperature: 4 });
    const pending = await waitForAlert(file.device.homeId, 'pending');
    const answer = await api<{ code: string }>('POST', `/alerts/${pending.id}/acknowledge`, { userId });
    expect([answer.status, answer.body.code]).toEqual([409, 'ALERT_NOT_FIRING']);

    const firing = await fireFrostOnNewRule();
    await file.harness.publishState(file.device, { temperature: 8 });
    await waitFor(() => file.resolvedFor().length === 1, 'alert.resolved');
    const resolved = await api<{ code: string }>('POST', `/alerts/${firing}/acknowledge`, { userId });
    expect([resolved.status, resolved.body.code]).toEqual([409, 'ALERT_NOT_FIRING']);
  }, 30_000);

  it('snoozed on acknowledging: the rule’s next events on the device carry notify: false', async () => {
    const alert = await fireFrost();
    const answer = await api<AlertResponse>('POST', `/alerts/${alert.id}/acknowledge`, {
      userId,
      snoozeSeconds: 3600,
    });
    expect(Date.parse(answer.body.snoozedUntil ?? '')).toBeGreaterThan(Date.now() + 3_500_000);
    await waitFor(() => acknowledged.events().some((event) => event.alertId === alert.id), 'acknowledged');
    await file.harness.publishState(file.device, { temperature: 8 });
    await waitFor(() => file.resolvedFor().length === 1, 'alert.resolved');
    await file.harness.publishState(file.device, { temperature: 4 });
    await waitFor(() => file.firedFor().length === 2, 'the second alert.fired');
    expect(file.firedFor().map((event) => event.notify)).toEqual([true, false]);
    expect(file.resolvedFor()[0]?.notify).toBe(false);
  }, 30_000);

  it("another home's or vendor's scope answers 404, as a missing alert does", async () => {
    const alert = await fireFrost();
    const elsewhere = randomUUID();
    for (const path of [
      `/alerts/${alert.id}?homeId=${elsewhere}`,
      `/alerts/${alert.id}?vendorId=${file.device.vendorId}`,
      `/alerts/${randomUUID()}?homeId=${file.device.homeId}`,
    ]) {
      const answer = await api<{ code: string }>('GET', path);
      expect([answer.status, answer.body.code]).toEqual([404, 'ALERT_NOT_FOUND']);
    }
    const foreign = await api<{ code: string }>(
      'POST',
      `/alerts/${alert.id}/acknowledge?homeId=${elsewhere}`,
      { userId },
    );
    expect(foreign.status).toBe(404);
    expect(
      (await api<AlertResponse>('GET', `/alerts/${alert.id}?homeId=${file.device.homeId}`)).body.id,
    ).toBe(alert.id);
  }, 30_000);

  it('the history lists newest first in pages, filtered by status, and needs exactly one scope', async () => {
    for (const name of ['one', 'two', 'three']) {
      await file.harness.createRule(file.service.url, file.device, { name, condition: frostCondition });
    }
    await file.harness.publishState(file.device, { temperature: 4 });
    await waitFor(() => file.firedFor().length === 3, 'three alerts fired');
    const home = `homeId=${file.device.homeId}`;
    const first = await api<AlertList>('GET', `/alerts?${home}&limit=2`);
    expect(first.body.items).toHaveLength(2);
    const second = await api<AlertList>(
      'GET',
      `/alerts?${home}&limit=2&cursor=${first.body.nextCursor ?? ''}`,
    );
    expect(second.body).toMatchObject({ nextCursor: null });
    const all = [...first.body.items, ...second.body.items];
    expect(new Set(all.map((alert) => alert.id)).size).toBe(3);
    const times = all.map((alert) => alert.pendingSince);
    expect(times).toEqual([...times].sort().reverse());
    expect((await api<AlertList>('GET', `/alerts?${home}&status=resolved`)).body.items).toEqual([]);
    expect((await api<AlertList>('GET', `/alerts?${home}&status=open`)).body.items).toHaveLength(3);
    for (const query of ['', `?${home}&vendorId=${file.device.vendorId}`, `?${home}&cursor=bm9wZQ`]) {
      expect((await api('GET', `/alerts${query}`)).status).toBe(400);
    }
  }, 30_000);

  async function waitForAlert(homeId: string, status: AlertResponse['status']): Promise<AlertResponse> {
    let found: AlertResponse | undefined;
    await waitFor(async () => {
      const list = await api<AlertList>('GET', `/alerts?homeId=${homeId}&status=${status}`);
      found = list.body.items[0];
      return found !== undefined;
    }, `a ${status} alert`);
    if (found === undefined) throw new Error(`no ${status} alert`);
    return found;
  }

  async function fireFrostOnNewRule(): Promise<string> {
    await file.harness.createRule(file.service.url, file.device, { name: 'now', forSeconds: 0 });
    await file.harness.publishState(file.device, { temperature: 3.9 });
    await waitFor(() => file.firedFor().length === 1, 'alert.fired');
    return file.firedFor()[0]?.alertId ?? '';
  }
});
