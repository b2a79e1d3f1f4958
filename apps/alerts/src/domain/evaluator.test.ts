import { device, frostCondition, rule } from '../../test/support/rule-fixtures';
import type { AlertRule } from './alert-rule';
import { createCachedDevices } from './cached-directory';
import { createDeviceActivity } from './device-activity';
import { createEvaluator } from './evaluator';
import type { AlertTransitions } from './ports';
import { createRuleIndex } from './rule-index';

const frost = frostCondition;

/** Transitions that keep the open alerts of one device in memory and record what was asked, one line each. */
function recordTransitions(): AlertTransitions & { calls: string[] } {
  const calls: string[] = [];
  const open = new Map<string, 'pending' | 'firing'>();
  return {
    calls,
    findOpen: () => {
      calls.push('find');
      return Promise.resolve(new Map(open));
    },
    open: (subject, opening) => {
      calls.push(`open due+${opening.dueAtMs - opening.nowMs}`);
      if (!open.has(subject.rule.id)) open.set(subject.rule.id, 'pending');
      return Promise.resolve();
    },
    cancelPending: (ruleId) => {
      calls.push('cancel');
      if (open.get(ruleId) === 'pending') open.delete(ruleId);
      return Promise.resolve();
    },
    resolveFiring: (ruleId) => {
      calls.push('resolve');
      if (open.get(ruleId) === 'firing') open.delete(ruleId);
      return Promise.resolve();
    },
    fireDue: () => Promise.resolve(0),
    recordActivity: () => {
      calls.push('activity');
      return Promise.resolve();
    },
    fireSilent: () => Promise.resolve(0),
    settleFlapping: () => Promise.resolve(0),
    escalateDue: () => Promise.resolve(0),
    resolveExpired: () => Promise.resolve(0),
  };
}

function setUp(rules: AlertRule[], verifyAfterMs = 60_000) {
  let nowMs = 1_000_000;
  const transitions = recordTransitions();
  const index = createRuleIndex();
  index.startReload()(rules, []);
  const lookups: string[] = [];
  const devices = createCachedDevices(
    {
      findDevice: (deviceId) => {
        lookups.push(deviceId);
        return Promise.resolve(deviceId === device.deviceId ? device : undefined);
      },
      findProductFeatures: () => Promise.resolve([]),
    },
    { ttlMs: 60_000, maxEntries: 100, now: () => nowMs },
  );
  const evaluator = createEvaluator({
    index,
    devices,
    transitions,
    activity: createDeviceActivity({ maxDevices: 100 }),
    now: () => nowMs,
    verifyAfterMs,
  });
  const state = (temperature: number) =>
    evaluator.handle({ kind: 'state', vendorId: 'acme', deviceId: device.deviceId, values: { temperature } });
  return { transitions, lookups, state, evaluator, advance: (ms: number) => (nowMs += ms) };
}

describe('the evaluator', () => {
  it('reads the open alerts once, then writes only when the condition or the clear condition flips', async () => {
    const { transitions, lookups, state } = setUp([rule(frost)]);
    await state(6);
    for (const reading of [6, 6.5, 5.5, 6]) await state(reading);
    expect(transitions.calls).toEqual(['find']);
    await state(4);
    await state(4.5);
    expect(transitions.calls).toEqual(['find', 'open due+3000']);
    await state(6);
    await state(8);
    await state(9);
    expect(transitions.calls).toEqual(['find', 'open due+3000', 'cancel', 'resolve']);
    expect(lookups).toEqual([device.deviceId]);
  });

  it('reads the store again once what it remembers is older than the verification window', async () => {
    const { transitions, state, advance } = setUp([rule(frost)], 1000);
    await state(4);
    await state(4);
    advance(1500);
    await state(4);
    // Past the window the open alert is read again, and found: nothing to write.
    expect(transitions.calls).toEqual(['find', 'open due+3000', 'find']);
  });

  it('ignores devices without rules, other sources, absent and non-scalar properties', async () => {
    const { transitions, lookups, evaluator } = setUp([rule(frost)]);
    await evaluator.handle({
      kind: 'state',
      vendorId: 'acme',
      deviceId: 'other',
      values: { temperature: 1 },
    });
    await evaluator.handle({
      kind: 'telemetry',
      vendorId: 'acme',
      deviceId: device.deviceId,
      values: { temperature: 1 },
    });
    await evaluator.handle({
      kind: 'state',
      vendorId: 'acme',
      deviceId: device.deviceId,
      values: { humidity: 1 },
    });
    await evaluator.handle({
      kind: 'state',
      vendorId: 'acme',
      deviceId: device.deviceId,
      values: { temperature: {} },
    });
    expect(transitions.calls).toEqual([]);
    expect(lookups).toEqual([device.deviceId]);
  });

  it('opens an offline alert due after its time when the device goes, and settles it when it is back', async () => {
    const { transitions, evaluator } = setUp([
      rule({ kind: 'offline', afterSeconds: 60 }, { forSeconds: 0, clear: null }),
    ]);
    const presence = (online: boolean) =>
      evaluator.handle({ kind: 'presence', vendorId: 'acme', deviceId: device.deviceId, online });
    await presence(false);
    await presence(true);
    expect(transitions.calls).toEqual(['open due+60000', 'cancel', 'resolve']);
  });
});
