import { takeData } from '../api/console-api';
import { ErrorState, Loading } from '../layout/page-states';
import { useLoaded } from '../layout/use-loaded';
import { useSignedIn } from '../session/session-context';

const statusWords = { home: 'home', away: 'away', unknown: 'unknown (no location shared yet)' } as const;

/** Who is home now: each member home, away or unknown (the platform never shows where). */
export function PresencePanel({ homeId }: { readonly homeId: string }) {
  const { api } = useSignedIn();
  const { state, reload } = useLoaded(`presence:${homeId}`, async () => {
    const whatToDo = 'Try again in a moment.';
    const path = { homeId };
    const [presence, members] = await Promise.all([
      api.GET('/v1/homes/{homeId}/presence', { params: { path } }).then((a) => takeData(a, whatToDo)),
      api.GET('/v1/homes/{homeId}/members', { params: { path } }).then((a) => takeData(a, whatToDo)),
    ]);
    const emails = new Map(members.items.map((member) => [member.userId, member.email]));
    return {
      occupied: presence.occupied,
      members: presence.members.map((member) => ({ ...member, email: emails.get(member.userId) })),
    };
  });
  return (
    <section class="panel" aria-labelledby="presence">
      <h2 id="presence">Who is home</h2>
      {state.status === 'loading' && <Loading what="who is home" />}
      {state.status === 'failed' && <ErrorState message={state.message} onRetry={reload} />}
      {state.status === 'loaded' && (
        <>
          <p data-occupied={state.value.occupied}>
            {state.value.occupied ? 'Someone is home.' : 'Nobody is known to be home.'}
          </p>
          <ul class="entries" aria-label="Members' presence">
            {state.value.members.map((member) => (
              <li key={member.userId} data-presence={member.status}>
                <span>{member.email ?? member.userId}</span>
                <span class={`badge ${member.status === 'home' ? 'online' : 'offline'}`}>
                  {statusWords[member.status]}
                </span>
              </li>
            ))}
          </ul>
          <p class="hint">
            Members share their location from their phones (OwnTracks); pausing sharing makes them unknown.
          </p>
        </>
      )}
    </section>
  );
}
