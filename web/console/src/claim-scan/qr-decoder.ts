/** What the browser's Barcode Detection API gives (https://wicg.github.io/shape-detection-api/). */
interface BarcodeDetectorApi {
  new (options: { formats: string[] }): {
    detect(source: HTMLVideoElement): Promise<readonly { readonly rawValue: string }[]>;
  };
  getSupportedFormats(): Promise<string[]>;
}

/** Pixels as a canvas gives them: RGBA, 4 bytes a pixel, row by row. */
export interface Pixels {
  readonly data: Uint8ClampedArray;
  readonly width: number;
  readonly height: number;
}

/** Reads a video's current frame: the text of the QR code in view, or undefined. */
export interface QrDecoder {
  readonly name: 'BarcodeDetector' | 'jsQR';
  decode(video: HTMLVideoElement): Promise<string | undefined>;
}

/** Frames are read at most this wide: a QR code across a third of the frame still has 6 pixels a module. */
const maxFrameWidthPx = 640;

/** The QR code's text in RGBA pixels, read by jsQR (loaded on first use); undefined when none is found. */
export async function readQrFromPixels(pixels: Pixels): Promise<string | undefined> {
  const { default: jsQR } = await import('jsqr');
  // A printed label is dark on light: the inverted pass would double the work for nothing.
  return jsQR(pixels.data, pixels.width, pixels.height, { inversionAttempts: 'dontInvert' })?.data;
}

function createJsQrDecoder(): QrDecoder {
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true });
  return {
    name: 'jsQR',
    async decode(video) {
      if (context === null || video.videoWidth === 0) return undefined;
      const scale = Math.min(1, maxFrameWidthPx / video.videoWidth);
      canvas.width = Math.round(video.videoWidth * scale);
      canvas.height = Math.round(video.videoHeight * scale);
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      return readQrFromPixels(context.getImageData(0, 0, canvas.width, canvas.height));
    },
  };
}

/**
 * The browser's own QR reader (BarcodeDetector: Chrome on Android, macOS and ChromeOS, Safari 17+) where it
 * reads QR codes, else jsQR, loaded only now.
 */
export async function createQrDecoder(): Promise<QrDecoder> {
  const Detector = (globalThis as { BarcodeDetector?: BarcodeDetectorApi }).BarcodeDetector;
  if (Detector !== undefined && (await Detector.getSupportedFormats()).includes('qr_code')) {
    const detector = new Detector({ formats: ['qr_code'] });
    return {
      name: 'BarcodeDetector',
      decode: async (video) => (await detector.detect(video))[0]?.rawValue,
    };
  }
  return createJsQrDecoder();
}
