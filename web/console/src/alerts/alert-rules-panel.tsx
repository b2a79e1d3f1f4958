import { useState } from 'preact/hooks';
import { FormProblem } from '../layout/forms';
import { ErrorState, Loading } from '../layout/page-states';
import { useChange } from '../layout/use-change';
import { useLoaded } from '../layout/use-loaded';
import { useSignedIn } from '../session/session-context';
import { RuleForm } from './rule-form';
import { changeRule, deleteRule, readRules, type RuleOwner, type Watchable } from './rule-owner';
import { RuleSummary } from './rule-summary';

/** What the panel says of an owner: whose rules, who makes them, and why none can be made yet. */
const ownerWords = {
  home: {
    whose: "the home's rules",
    makers: "the home's owners create them.",
    nothingToWatch: 'Claim a device into this home first: rules watch a device.',
  },
  vendor: {
    whose: "the vendor's rules",
    makers: "the vendor's members create them.",
    nothingToWatch: "Create a product first: a maker's rules watch every device of a product.",
  },
} as const;

/**
 * An owner's alert rules (a home's, a vendor's): listed to everyone who may read them; those who may edit
 * (`canEdit`) create one on one of `watchables`, edit, disable and delete them.
 */
export function AlertRulesPanel(props: {
  readonly owner: RuleOwner;
  readonly canEdit: boolean;
  readonly watchables: readonly Watchable[];
}) {
  const { owner, canEdit, watchables } = props;
  const { api } = useSignedIn();
  const [editing, setEditing] = useState<string>();
  const ownerId = owner.kind === 'home' ? owner.homeId : owner.vendorId;
  const { state, reload } = useLoaded(`alert-rules:${owner.kind}:${ownerId}`, () => readRules(api, owner));
  const { problem, setProblem, change } = useChange(reload);
  const saved = () => {
    setEditing(undefined);
    reload();
  };
  const words = ownerWords[owner.kind];
  return (
    <section class="panel" aria-labelledby="alert-rules">
      <h2 id="alert-rules">Alert rules</h2>
      {state.status === 'loading' && <Loading what={words.whose} />}
      {state.status === 'failed' && <ErrorState message={state.message} onRetry={reload} />}
      {state.status === 'loaded' &&
        (state.value.items.length === 0 ? (
          <p class="muted">No rule yet: {canEdit ? 'create one below.' : words.makers}</p>
        ) : (
          <ul class="rules" aria-label="Alert rules">
            {state.value.items.map((rule) => (
              <li key={rule.id} data-rule-id={rule.id}>
                {editing === rule.id ? (
                  <RuleForm
                    owner={owner}
                    watchables={watchables}
                    rule={rule}
                    onSaved={saved}
                    onCancel={() => {
                      setEditing(undefined);
                    }}
                  />
                ) : (
                  <RuleSummary rule={rule} />
                )}
                {canEdit && editing === undefined && (
                  <div class="actions">
                    <button
                      type="button"
                      class="link"
                      aria-label={`Edit rule ${rule.name}`}
                      onClick={() => {
                        setProblem(undefined);
                        setEditing(rule.id);
                      }}
                    >
                      Edit
                    </button>
                    <button
                      type="button"
                      class="link"
                      aria-label={`${rule.enabled ? 'Disable' : 'Enable'} rule ${rule.name}`}
                      onClick={() => {
                        change(() => changeRule(api, owner, rule.id, { enabled: !rule.enabled }));
                      }}
                    >
                      {rule.enabled ? 'Disable' : 'Enable'}
                    </button>
                    <button
                      type="button"
                      class="link"
                      aria-label={`Delete rule ${rule.name}`}
                      onClick={() => {
                        change(() => deleteRule(api, owner, rule.id));
                      }}
                    >
                      Delete
                    </button>
                  </div>
                )}
              </li>
            ))}
          </ul>
        ))}
      <FormProblem problem={problem} />
      {canEdit &&
        editing === undefined &&
        (watchables.length === 0 ? (
          <p class="muted">{words.nothingToWatch}</p>
        ) : (
          <RuleForm owner={owner} watchables={watchables} onSaved={reload} />
        ))}
    </section>
  );
}
