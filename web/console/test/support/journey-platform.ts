import {
  embeddedPlatformTestEnv,
  startEmbeddedPlatformProcess,
  type EmbeddedPlatformProcess,
} from '@homeport/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from './browser';

/** A phone's viewport (CSS pixels): the journeys run at this width, so the layout must fit it. */
export const phoneViewport = { width: 390, height: 844 };

/** The platform of a journey and the browser beside it. */
export interface JourneyPlatform {
  readonly platform: EmbeddedPlatformProcess;
  readonly browser: Browser;
  /** Closes the browser, stops the platform, deletes its data. */
  close(): Promise<void>;
}

/**
 * The platform as `npm start` runs it (the console built by this project's build target, which the test target
 * depends on), on a fresh data directory with every port free; Chromium started beside it.
 */
export async function startJourneyPlatform(purpose: string): Promise<JourneyPlatform> {
  const dataDir = mkdtempSync(path.join(tmpdir(), `homeport-console-${purpose}-`));
  const [platform, browser] = await Promise.all([
    startEmbeddedPlatformProcess(embeddedPlatformTestEnv(dataDir), { launcher: 'node' }),
    launchChromium(),
  ]);
  return {
    platform,
    browser,
    async close() {
      await browser.close();
      await platform.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
