import { buildClaimQrPayload } from '@homeport/contracts';
import { drawQrFrame, toRgbaPixels } from '../../test/support/claim-qr-frame';
import { describeCameraProblem } from './camera-problem';
import { claimCodeFromQr } from './claim-qr';
import { readQrFromPixels } from './qr-decoder';

const code = '7KQ2MXH9PD4TWAER3NVB';

describe('claiming by QR code', () => {
  it("when the QR code on a thermostat's box is scanned, the form gets its claim code, grouped", () => {
    expect(claimCodeFromQr(buildClaimQrPayload(code))).toBe('7KQ2M-XH9PD-4TWAE-R3NVB');
    expect(claimCodeFromQr('7kq2m-xh9pd-4twae-r3nvb')).toBe('7KQ2M-XH9PD-4TWAE-R3NVB');
  });

  it('when a QR code holds something else (a web address), the form gets nothing', () => {
    expect(claimCodeFromQr('https://example.com/manual')).toBeUndefined();
    expect(claimCodeFromQr('HOMEPORT:1:TOO-SHORT')).toBeUndefined();
  });

  it("when jsQR reads a camera frame holding the label's QR code, it gives the payload contracts built", async () => {
    const frame = drawQrFrame(buildClaimQrPayload(code), { width: 320, height: 240, modulePx: 5 });
    const text = await readQrFromPixels(toRgbaPixels(frame));
    expect(text).toBe(buildClaimQrPayload(code));
    expect(claimCodeFromQr(text ?? '')).toBe('7KQ2M-XH9PD-4TWAE-R3NVB');
  });

  it('when a frame holds no QR code, jsQR reads nothing', async () => {
    const blank = { width: 64, height: 64, grey: new Uint8Array(64 * 64).fill(255) };
    expect(await readQrFromPixels(toRgbaPixels(blank))).toBeUndefined();
  });

  it('when the camera is refused or missing, the person is told why and to type the code', () => {
    const refused = new DOMException('Permission denied', 'NotAllowedError');
    expect(describeCameraProblem(refused)).toMatch(/not allowed.*type the code/);
    expect(describeCameraProblem(new DOMException('none', 'NotFoundError'))).toBe(
      'No camera was found on this device: type the code.',
    );
    expect(describeCameraProblem(new Error('odd'))).toBe('The camera could not be started: type the code.');
  });
});
