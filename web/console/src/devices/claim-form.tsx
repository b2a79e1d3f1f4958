import { useState } from 'preact/hooks';
import { describeProblem } from '../api/console-api';
import { ScanClaimQr } from '../claim-scan/scan-claim-qr';
import { FormProblem, TextField, useFormSubmit } from '../layout/forms';
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
  const { busy, problem, submit } = useFormSubmit(async () => {
    const answer = await api.POST('/v1/homes/{homeId}/devices/claim', {
      params: { path: { homeId } },
      body: { claimCode: claimCode.trim() },
    });
    if (answer.data === undefined) {
      return describeProblem(
        answer.error,
        'Check the code on the device or its box; a code works once, so a device someone claimed needs a new one from its owner.',
      );
    }
    setClaimCode('');
    onClaimed(answer.data.id);
    return undefined;
  });

  return (
    <form class="panel" onSubmit={submit}>
      <h2>Claim a device</h2>
      <TextField
        label="Claim code"
        name="claim-code"
        required
        autocomplete="off"
        autocapitalize="characters"
        spellcheck={false}
        placeholder="XXXXX-XXXXX-XXXXX-XXXXX"
        aria-describedby="claim-code-hint"
        value={claimCode}
        onValue={setClaimCode}
      />
      <p id="claim-code-hint" class="hint">
        Printed on the device or its box, or shown by its maker&apos;s app.
      </p>
      <ScanClaimQr onCode={setClaimCode} />
      <FormProblem problem={problem} />
      <button type="submit" disabled={busy}>
        Claim device
      </button>
    </form>
  );
}
