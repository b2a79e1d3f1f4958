import { useState } from 'preact/hooks';
import { describeProblem, takeData } from '../api/console-api';
import { FormProblem, TextField, useFormSubmit } from '../layout/forms';
import { ErrorState, Loading } from '../layout/page-states';
import { useLoaded } from '../layout/use-loaded';
import { useSignedIn } from '../session/session-context';

type Role = 'owner' | 'member';

/** Inviting someone to the home by email, with the role they get; owners only. */
function InviteForm({ homeId }: { readonly homeId: string }) {
  const { api } = useSignedIn();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('member');
  const [sent, setSent] = useState<string>();
  const { busy, problem, submit } = useFormSubmit(async () => {
    setSent(undefined);
    const answer = await api.POST('/v1/homes/{homeId}/invitations', {
      params: { path: { homeId } },
      body: { email, role },
    });
    if (answer.data === undefined) return describeProblem(answer.error, 'Check the address and try again.');
    setSent(`Invitation sent to ${email}: they join once they accept it (valid 7 days).`);
    setEmail('');
    return undefined;
  });
  return (
    <form class="invite" onSubmit={submit}>
      <h3>Invite someone</h3>
      <TextField
        label="Their email"
        type="email"
        name="invite-email"
        required
        value={email}
        onValue={setEmail}
      />
      <label>
        Role
        <select
          name="invite-role"
          value={role}
          onChange={(event) => {
            setRole(event.currentTarget.value === 'owner' ? 'owner' : 'member');
          }}
        >
          <option value="member">member</option>
          <option value="owner">owner</option>
        </select>
      </label>
      <p class="hint">Members see and control the devices; owners also claim devices and manage members.</p>
      <FormProblem problem={problem} />
      {sent !== undefined && <p role="status">{sent}</p>}
      <button type="submit" disabled={busy}>
        Send invitation
      </button>
    </form>
  );
}

/**
 * The home's members: owners remove anyone and invite; a member may leave. public-api decides (the last owner
 * stays: 409 LAST_OWNER); the panel says what it answered.
 */
export function MembersPanel({ homeId, role }: { readonly homeId: string; readonly role: Role }) {
  const { api } = useSignedIn();
  const [problem, setProblem] = useState<string>();
  const { state, reload } = useLoaded(`members:${homeId}`, async () => {
    const whatToDo = 'Reload the page to try again.';
    const [members, account] = await Promise.all([
      api
        .GET('/v1/homes/{homeId}/members', { params: { path: { homeId } } })
        .then((a) => takeData(a, whatToDo)),
      api.GET('/v1/account').then((a) => takeData(a, whatToDo)),
    ]);
    return { members: members.items, myId: account.id };
  });

  const remove = async (userId: string, leaving: boolean) => {
    setProblem(undefined);
    const answer = await api
      .DELETE('/v1/homes/{homeId}/members/{userId}', { params: { path: { homeId, userId } } })
      .catch((error: unknown) => ({ error, response: undefined }));
    if (answer.response?.ok !== true) {
      setProblem(
        describeProblem(answer.error, 'A home keeps at least one owner: make someone else owner first.'),
      );
      return;
    }
    if (leaving) window.location.hash = '#/';
    else reload();
  };

  return (
    <section class="panel" aria-labelledby="members-title">
      <h2 id="members-title">Members</h2>
      {state.status === 'loading' && <Loading what="the members" />}
      {state.status === 'failed' && <ErrorState message={state.message} onRetry={reload} />}
      {state.status === 'loaded' && (
        <ul class="members">
          {state.value.members.map((member) => {
            const isMe = member.userId === state.value.myId;
            return (
              <li key={member.userId}>
                <span>
                  {member.email} <span class="muted">· {member.role}</span>
                </span>
                {(role === 'owner' || isMe) && (
                  <button
                    type="button"
                    class="link"
                    aria-label={isMe ? 'Leave this home' : `Remove ${member.email}`}
                    onClick={() => void remove(member.userId, isMe)}
                  >
                    {isMe ? 'Leave' : 'Remove'}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <FormProblem problem={problem} />
      {role === 'owner' && <InviteForm homeId={homeId} />}
    </section>
  );
}
