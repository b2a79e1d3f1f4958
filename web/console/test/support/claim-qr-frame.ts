import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import QRCode from 'qrcode';
import { launchChromium } from './browser';

/** A grey image, a byte a pixel row by row: 0 black, 255 white. */
export interface GreyImage {
  readonly width: number;
  readonly height: number;
  readonly grey: Uint8Array;
}

/**
 * A white frame with the QR code of `text` in its middle (error correction M, as a printed label would be),
 * `modulePx` pixels a module: what a camera sees of a device's box held in front of it.
 */
export function drawQrFrame(
  text: string,
  frame: { readonly width: number; readonly height: number; readonly modulePx: number },
): GreyImage {
  const { width, height, modulePx } = frame;
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const sizePx = modules.size * modulePx;
  const left = Math.floor((width - sizePx) / 2);
  const top = Math.floor((height - sizePx) / 2);
  const grey = new Uint8Array(width * height).fill(255);
  for (let y = 0; y < sizePx; y += 1) {
    for (let x = 0; x < sizePx; x += 1) {
      if (modules.get(Math.floor(y / modulePx), Math.floor(x / modulePx)) === 1) {
        grey[(top + y) * width + left + x] = 0;
      }
    }
  }
  return { width, height, grey };
}

/** The image as a canvas's RGBA pixels. */
export function toRgbaPixels(image: GreyImage): { data: Uint8ClampedArray; width: number; height: number } {
  const data = new Uint8ClampedArray(image.width * image.height * 4);
  image.grey.forEach((value, index) => {
    data.set([value, value, value, 255], index * 4);
  });
  return { data, width: image.width, height: image.height };
}

/**
 * Writes the image as a YUV4MPEG2 video of `frames` identical 4:2:0 frames (https://wiki.multimedia.cx/index.php/YUV4MPEG2),
 * the format Chromium's `--use-file-for-fake-video-capture` plays in a loop as the camera. Written here
 * rather than with ffmpeg, which the machines do not have.
 */
export function writeY4mVideo(file: string, image: GreyImage, frames = 10): void {
  const { width, height } = image;
  // Y'CbCr's studio range: black is 16, white 235; no colour, so both chroma planes are 128.
  const luma = Buffer.from(image.grey.map((value) => 16 + Math.round((value * 219) / 255)));
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma]);
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`);
  writeFileSync(file, Buffer.concat([header, ...Array.from({ length: frames }, () => frame)]));
}

/**
 * Chromium whose camera films the QR code of `text` (a 640x480 video written into `dir`): Chromium's fake
 * capture device plays the file, so a page's getUserMedia sees the code as a phone held to a label would.
 */
export function launchChromiumFilmingQr(text: string, dir: string): Promise<Browser> {
  const video = path.join(dir, 'claim-qr.y4m');
  writeY4mVideo(video, drawQrFrame(text, { width: 640, height: 480, modulePx: 8 }));
  return launchChromium(['--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video}`]);
}
