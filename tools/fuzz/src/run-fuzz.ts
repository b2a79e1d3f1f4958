import { defaultConsumeOptions } from '@homeport/messaging';
import {
  startDistributedPlatform,
  startEmbeddedPlatform,
  unreachedPublicApiLimits,
  type RunningPlatform,
} from '@homeport/testing';
import type { FuzzMode } from './cli-options';
import type { Findings } from './findings';
import { fuzzPlatform, type ModeReport, type ModeRunSettings } from './fuzz-mode';

/**
 * broker-api's per-device publish limit, raised so the hostile device's payloads reach the pipeline rather
 * than the limiter closing its connection after 50 of them (the limiter has its own tests).
 */
export const unlimitedPublishRate = { MQTT_PUBLISH_RATE_PER_SECOND: '100000', MQTT_PUBLISH_BURST: '100000' };

/**
 * The platform's limits, so fuzzed inputs reach the handlers: broker-api's publish rate, and public-api's
 * rate limits (every fuzzed request comes from 127.0.0.1; the limits have their own tests).
 */
const unlimitedRates = { ...unlimitedPublishRate, ...unreachedPublicApiLimits };

/** Starts the platform of a mode. */
export function startPlatform(mode: FuzzMode, onStatus: (text: string) => void): Promise<RunningPlatform> {
  if (mode === 'embedded') return startEmbeddedPlatform({ env: unlimitedRates, onStatus });
  return startDistributedPlatform({
    purpose: 'fuzz',
    env: unlimitedRates,
    stateWorkers: 1,
    fanOutReplicas: 1,
    fanOutPartitions: 1,
    busRetryDelaysMs: defaultConsumeOptions.retryDelaysMs,
    onStatus,
  });
}

/** Where a run is, for the live line. */
export type FuzzStatus = { readonly mode: FuzzMode; readonly text: string; readonly findings?: Findings };

/** Runs every mode in turn, each on a platform of its own, stopped and deleted afterwards. */
export async function runFuzz(
  modes: readonly FuzzMode[],
  settings: ModeRunSettings,
  onStatus: (status: FuzzStatus) => void,
): Promise<ModeReport[]> {
  const reports: ModeReport[] = [];
  for (const mode of modes) {
    if (settings.signal?.aborted === true) break;
    const status = (text: string, findings?: Findings) => {
      onStatus({ mode, text, ...(findings === undefined ? {} : { findings }) });
    };
    const platform = await startPlatform(mode, status);
    try {
      reports.push(await fuzzPlatform(mode, platform, settings, status));
    } finally {
      status('stopping the platform');
      await platform.close();
    }
  }
  return reports;
}
