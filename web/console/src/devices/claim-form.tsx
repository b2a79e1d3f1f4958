import { useState } from 'preact/hooks';
import { describeProblem } from '../api/console-api';
import { useSignedIn } from '../session/session-context';

/** Claims a device into the home with the code printed on it (any case, with or without dashes). */
export function ClaimForm({
  homeId,
  onClaimed,
}: {
  readonly homeId: string;
  onClaimed: (deviceId: string) => void;
}) {
  const { api } = useSignedIn();
  const [claimCode, setClaimCode] = useState('');
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);

  const claim = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      const answer = await api.POST('/v1/homes/{homeId}/devices/claim', {
        params: { path: { homeId } },
        body: { claimCode: claimCode.trim() },
      });
      if (answer.data === undefined) {
        setProblem(
          describeProblem(
            answer.error,
            'Check the code on the device or its box; a code works once, so a device someone claimed needs a new one from its owner.',
          ),
        );
        return;
      }
      setClaimCode('');
      onClaimed(answer.data.id);
    } catch (error) {
      setProblem(describeProblem(error, 'Check your connection and try again.'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="panel" onSubmit={(event) => void claim(event)}>
      <h2>Claim a device</h2>
      <label>
        Claim code
        <input
          name="claim-code"
          required
          autocomplete="off"
          autocapitalize="characters"
          spellcheck={false}
          placeholder="XXXXX-XXXXX-XXXXX-XXXXX"
          aria-describedby="claim-code-hint"
          value={claimCode}
          onInput={(event) => {
            setClaimCode(event.currentTarget.value);
          }}
        />
      </label>
      <p id="claim-code-hint" class="hint">
        Printed on the device or its box, or shown by its maker&apos;s app.
      </p>
      {problem !== undefined && (
        <p class="problem" role="alert">
          {problem}
        </p>
      )}
      <button type="submit" disabled={busy}>
        Claim device
      </button>
    </form>
  );
}
