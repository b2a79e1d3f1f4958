import { alertEscalatedV1 } from '@homeport/contracts';
import { randomUUID } from 'node:crypto';
import { sleep, waitFor, type EventListener } from '@homeport/testing';
import { useAlertsFile } from './support/alerts-file';

describe('a critical frost rule that escalates every 2 s up to level 2', () => {
  const file = useAlertsFile('alerts_escalation');
  let escalated: EventListener<typeof alertEscalatedV1>;
  const escalation = { afterSeconds: 2, maxLevel: 2 };
  const escalatedFor = () => escalated.events().filter((event) => event.deviceId === file.device.deviceId);

  beforeAll(async () => {
    escalated = await file.harness.listen(alertEscalatedV1);
  });

  it('an unacknowledged alert escalates to level 1, then 2, each once, with a second replica sweeping too', async () => {
    const secondReplica = await file.harness.startService();
    await file.harness.createRule(file.service.url, file.device, { escalation });
    await file.harness.publishState(file.device, { temperature: 4 });
    await waitFor(() => file.firedFor().length === 1, 'alert.fired');
    const firedAt = file.firedFor()[0]?.firedAt ?? 0;
    await waitFor(() => escalatedFor().length === 2, 'two levels', { timeoutMs: 10_000 });
    await sleep(2500);
    expect(escalatedFor().map((event) => event.level)).toEqual([1, 2]);
    expect(escalatedFor()[0]?.escalatedAt).toBeGreaterThanOrEqual(firedAt + 2000);
    expect(escalatedFor()[1]?.escalatedAt).toBeGreaterThanOrEqual(firedAt + 4000);
    await file.harness.stopService(secondReplica);
  }, 30_000);

  it('an alert acknowledged in time never escalates', async () => {
    await file.harness.createRule(file.service.url, file.device, { escalation });
    await file.harness.publishState(file.device, { temperature: 4 });
    await waitFor(() => file.firedFor().length === 1, 'alert.fired');
    const alertId = file.firedFor()[0]?.alertId ?? '';
    const acknowledged = await file.harness.api(file.service.url, 'POST', `/alerts/${alertId}/acknowledge`, {
      userId: randomUUID(),
    });
    expect(acknowledged.status).toBe(200);
    await sleep(3500);
    expect(escalatedFor()).toEqual([]);
  }, 30_000);

  it('only a critical rule escalates: a warning rule with escalation is 400 naming the field', async () => {
    const answer = await file.harness.api<{ code: string; details: { field: string } }>(
      file.service.url,
      'POST',
      '/rules',
      {
        owner: { kind: 'home', homeId: file.device.homeId },
        target: { kind: 'device', deviceId: file.device.deviceId },
        name: 'Chilly',
        condition: { kind: 'threshold', source: 'state', property: 'temperature', operator: '<', value: 15 },
        severity: 'warning',
        message: '{device} is chilly',
        escalation,
      },
    );
    expect([answer.status, answer.body.code, answer.body.details.field]).toEqual([
      400,
      'RULE_ESCALATION_INVALID',
      'escalation',
    ]);
  });
});
