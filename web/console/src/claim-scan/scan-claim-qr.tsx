import { useEffect, useRef, useState } from 'preact/hooks';
import { describeCameraProblem, hasCameraAccess } from './camera-problem';

/**
 * "Scan QR code" beside the typed claim code: the camera's view until a claim code is read, which is handed to
 * `onCode`; the camera code and the QR decoder are loaded only when pressed. Without a camera, or without the
 * permission, it says so and typing stays.
 */
export function ScanClaimQr({ onCode }: { readonly onCode: (code: string) => void }) {
  const [scanning, setScanning] = useState(false);
  const [message, setMessage] = useState<string>();
  const video = useRef<HTMLVideoElement>(null);
  const onCodeNow = useRef(onCode);
  onCodeNow.current = onCode;

  useEffect(() => {
    const element = video.current;
    if (!scanning || element === null) return undefined;
    let stop: (() => void) | undefined;
    let current = true;
    import('./qr-scanner')
      .then(({ startClaimScan }) =>
        startClaimScan(element, {
          found(code) {
            setScanning(false);
            setMessage(`Read ${code} from the QR code: check it and press Claim device.`);
            onCodeNow.current(code);
          },
          foreign() {
            setMessage('That QR code holds no claim code: hold the one on the device or its box in view.');
          },
        }),
      )
      .then(
        (scan) => {
          if (current) stop = scan.stop;
          else scan.stop();
        },
        (error: unknown) => {
          if (!current) return;
          setScanning(false);
          setMessage(describeCameraProblem(error));
        },
      );
    return () => {
      current = false;
      stop?.();
    };
  }, [scanning]);

  if (!hasCameraAccess()) {
    return <p class="hint">This browser offers no camera to this page: type the code.</p>;
  }
  return (
    <div class="claim-scan">
      <button
        type="button"
        class="link"
        onClick={() => {
          setMessage(
            scanning ? undefined : 'Hold the QR code on the device or its box in view of the camera.',
          );
          setScanning(!scanning);
        }}
      >
        {scanning ? 'Stop scanning' : 'Scan QR code'}
      </button>
      <p role="status" class="hint">
        {message}
      </p>
      {/* Kept in the page while scanning: the scanner plays the camera into it. */}
      <video ref={video} hidden={!scanning} muted playsInline aria-label="Camera view for the QR code" />
    </div>
  );
}
