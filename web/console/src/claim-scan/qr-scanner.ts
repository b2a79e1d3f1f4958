import { claimCodeFromQr } from './claim-qr';
import { createQrDecoder, type QrDecoder } from './qr-decoder';

/** How often a frame is read: often enough to feel immediate, rarely enough to leave a phone's CPU alone. */
const frameEveryMs = 200;

/** What a scan tells its page. */
export interface ScanListener {
  /** A claim code was read (grouped): the scan has stopped. */
  found(code: string): void;
  /** A QR code was read that holds no claim code: the scan goes on. */
  foreign(): void;
}

/** A scan under way. */
export interface ClaimScan {
  readonly decoderName: QrDecoder['name'];
  /** Stops reading frames and turns the camera off. */
  readonly stop: () => void;
}

/**
 * Turns on the camera (the one facing away where there are two) into `video` and reads its frames until one
 * holds a claim code. Rejects with getUserMedia's DOMException when there is no camera or no permission.
 */
export async function startClaimScan(video: HTMLVideoElement, listener: ScanListener): Promise<ClaimScan> {
  const stream = await navigator.mediaDevices.getUserMedia({
    video: { facingMode: 'environment' },
    audio: false,
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = true;
  const stop = () => {
    running = false;
    clearTimeout(timer);
    for (const track of stream.getTracks()) track.stop();
    video.srcObject = null;
  };
  try {
    video.srcObject = stream;
    await video.play();
    const decoder = await createQrDecoder();
    const readFrame = async () => {
      // A frame that cannot be read (the video between two sizes, a detector hiccup) is skipped like a blank one.
      const text = await decoder.decode(video).catch(() => undefined);
      if (!running) return;
      const code = text === undefined ? undefined : claimCodeFromQr(text);
      if (code !== undefined) {
        stop();
        listener.found(code);
        return;
      }
      if (text !== undefined) listener.foreign();
      timer = setTimeout(() => void readFrame(), frameEveryMs);
    };
    await readFrame();
    return { decoderName: decoder.name, stop };
  } catch (error) {
    stop();
    throw error;
  }
}
