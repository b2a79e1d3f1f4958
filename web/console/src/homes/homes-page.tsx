import { useState } from 'preact/hooks';
import { describeProblem, takeData } from '../api/console-api';
import { FormProblem, TextField, useFormSubmit } from '../layout/forms';
import { useLoaded } from '../layout/use-loaded';
import { EmptyState, ErrorState, Loading } from '../layout/page-states';
import { routeHref } from '../routing';
import { useSignedIn } from '../session/session-context';

/** The zone this browser is in, the usual answer for a new home. */
const browserTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The person's homes, and creating one. */
export function HomesPage() {
  const { api } = useSignedIn();
  const homes = useLoaded('homes', async () =>
    takeData(await api.GET('/v1/homes'), 'Reload the page to try again.'),
  );
  const [name, setName] = useState('');
  const [timeZone, setTimeZone] = useState(browserTimeZone);
  const { busy, problem, submit } = useFormSubmit(async () => {
    const answer = await api.POST('/v1/homes', { body: { name, timeZone } });
    if (answer.data === undefined) {
      return describeProblem(answer.error, 'Check the name and the time zone (e.g. Europe/Paris).');
    }
    window.location.hash = routeHref({ page: 'home', homeId: answer.data.id });
    return undefined;
  });

  return (
    <>
      <h1>Your homes</h1>
      {homes.state.status === 'loading' && <Loading what="your homes" />}
      {homes.state.status === 'failed' && <ErrorState message={homes.state.message} onRetry={homes.reload} />}
      {homes.state.status === 'loaded' &&
        (homes.state.value.items.length === 0 ? (
          <EmptyState title="No home yet">
            <p>Create your first home below, then claim your devices into it.</p>
          </EmptyState>
        ) : (
          <ul class="cards">
            {homes.state.value.items.map((home) => (
              <li key={home.id}>
                <a href={routeHref({ page: 'home', homeId: home.id })}>{home.name}</a>
                <span class="muted">
                  {home.timeZone} · {home.role}
                </span>
              </li>
            ))}
          </ul>
        ))}
      <form class="panel" onSubmit={submit}>
        <h2>Create a home</h2>
        <TextField label="Name" name="home-name" required maxLength={200} value={name} onValue={setName} />
        <TextField label="Time zone" name="time-zone" required value={timeZone} onValue={setTimeZone} />
        <FormProblem problem={problem} />
        <button type="submit" disabled={busy}>
          Create home
        </button>
      </form>
    </>
  );
}
