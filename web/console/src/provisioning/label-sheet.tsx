import { useEffect, useState } from 'preact/hooks';
import { ErrorState, Loading } from '../layout/page-states';
import type { ProvisionedDevice } from './provisioned-device';

/** Each device's QR code as SVG markup, by device id. */
type QrCodes = ReadonlyMap<string, string>;

/**
 * Draws the QR codes with the `qrcode` package, imported only now: the labels are a rare page, and the
 * console's first JavaScript stays small without it.
 */
async function drawQrCodes(devices: readonly ProvisionedDevice[]): Promise<QrCodes> {
  const qrcode = await import('qrcode');
  const drawn = await Promise.all(
    devices.map(
      async (device) =>
        [
          device.id,
          await qrcode.toString(device.claimQrPayload, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }),
        ] as const,
    ),
  );
  return new Map(drawn);
}

/**
 * The labels of the devices just provisioned, to print and stick on them: each with the QR code of its QR
 * payload (what an owner's camera scans to claim it), its id and its claim code (to type instead).
 */
export function LabelSheet(props: {
  readonly devices: readonly ProvisionedDevice[];
  readonly onClose: () => void;
}) {
  const { devices, onClose } = props;
  const [codes, setCodes] = useState<QrCodes>();
  const [problem, setProblem] = useState<string>();
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let current = true;
    setProblem(undefined);
    drawQrCodes(devices).then(
      (drawn) => {
        if (current) setCodes(drawn);
      },
      (error: unknown) => {
        if (current)
          setProblem(
            `The QR codes could not be drawn (${String(error)}): check your connection and try again.`,
          );
      },
    );
    return () => {
      current = false;
    };
  }, [devices, attempt]);

  return (
    <section aria-labelledby="labels-title" class="label-view">
      <h1 id="labels-title">Labels of {devices.length} devices</h1>
      <div class="actions no-print">
        <button
          type="button"
          disabled={codes === undefined}
          onClick={() => {
            window.print();
          }}
        >
          Print labels
        </button>
        <button type="button" class="link" onClick={onClose}>
          Back to provisioning
        </button>
      </div>
      <p class="hint no-print">
        Each label holds a claim code, which lets anyone who reads it claim the device: keep the printout with
        the devices. The codes are not kept once you leave this page.
      </p>
      {problem !== undefined && (
        <ErrorState
          message={problem}
          onRetry={() => {
            setAttempt((n) => n + 1);
          }}
        />
      )}
      {problem === undefined && codes === undefined && <Loading what="the QR codes" />}
      {codes !== undefined && (
        <ul class="labels" aria-label="Labels">
          {devices.map((device) => (
            <li key={device.id} class="label" data-device-id={device.id}>
              <div
                class="qr"
                role="img"
                aria-label={`QR code to claim ${device.id}`}
                // The SVG is qrcode's drawing of the payload: paths only, no text from elsewhere.
                dangerouslySetInnerHTML={{ __html: codes.get(device.id) ?? '' }}
              />
              <p class="label-id">{device.id}</p>
              <p class="secret">{device.claimCode}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
