import { takeData } from '../api/console-api';
import { FormProblem } from '../layout/forms';
import { ErrorState, Loading } from '../layout/page-states';
import { useChange } from '../layout/use-change';
import { useLoaded } from '../layout/use-loaded';
import { useSignedIn } from '../session/session-context';
import { RuleSummary } from './rule-summary';

/**
 * The device makers' rules for the products of the home's devices: members read them, owners mute one for
 * the home (its alerts are still kept, nobody of the home is told) and unmute it.
 */
export function VendorRulesPanel(props: { readonly homeId: string; readonly role: 'owner' | 'member' }) {
  const { homeId, role } = props;
  const { api } = useSignedIn();
  const { state, reload } = useLoaded(`vendor-alert-rules:${homeId}`, async () =>
    takeData(
      await api.GET('/v1/homes/{homeId}/vendor-alert-rules', { params: { path: { homeId } } }),
      'Reload the page to try again.',
    ),
  );
  const { problem, change } = useChange(reload);
  const setMuted = (ruleId: string, muted: boolean) => {
    const params = { path: { homeId, ruleId } };
    change(() =>
      muted
        ? api.PUT('/v1/homes/{homeId}/vendor-alert-rules/{ruleId}/mute', { params })
        : api.DELETE('/v1/homes/{homeId}/vendor-alert-rules/{ruleId}/mute', { params }),
    );
  };
  return (
    <section class="panel" aria-labelledby="vendor-rules">
      <h2 id="vendor-rules">Makers&apos; rules</h2>
      <p class="hint">
        Your devices&apos; makers watch them too. Muted here, a rule&apos;s alerts are still kept, but nobody
        in this home is told.
      </p>
      {state.status === 'loading' && <Loading what="the makers' rules" />}
      {state.status === 'failed' && <ErrorState message={state.message} onRetry={reload} />}
      {state.status === 'loaded' &&
        (state.value.items.length === 0 ? (
          <p class="muted">No maker has a rule for this home&apos;s devices.</p>
        ) : (
          <ul class="rules" aria-label="Makers' rules">
            {state.value.items.map(({ rule, muted }) => (
              <li key={rule.id} data-rule-id={rule.id}>
                <RuleSummary rule={rule} muted={muted} />
                {role === 'owner' && (
                  <button
                    type="button"
                    class="link"
                    aria-label={`${muted ? 'Unmute' : 'Mute'} ${rule.name}`}
                    onClick={() => {
                      setMuted(rule.id, !muted);
                    }}
                  >
                    {muted ? 'Unmute' : 'Mute'}
                  </button>
                )}
              </li>
            ))}
          </ul>
        ))}
      <FormProblem problem={problem} />
    </section>
  );
}
