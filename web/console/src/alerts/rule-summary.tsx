import { describeRule, type AlertRuleView } from './alert-view';

/** A rule as listed: name, severity, whether it is off or muted, what it watches and when it fires. */
export function RuleSummary({ rule, muted }: { readonly rule: AlertRuleView; readonly muted?: boolean }) {
  return (
    <div>
      <strong>{rule.name}</strong> <span class={`badge ${rule.severity}`}>{rule.severity}</span>
      {!rule.enabled && <span class="badge offline">disabled</span>}
      {muted === true && <span class="badge offline">muted</span>}
      <p class="muted">
        {rule.target.kind === 'device' ? rule.target.deviceId : `every ${rule.target.productId}`}:{' '}
        {describeRule(rule)}
      </p>
    </div>
  );
}
