import { writeFile } from 'node:fs/promises';
import { describeClaimCodes, listClaimCodes, writeClaimCodes } from './claim-codes-file';
import { parseCli, usage, type CliRequest } from './cli-options';
import { UsageError } from './command-line';
import { createProgressReporter, formatSummary } from './progress';
import type { ClaimableDevice } from './provisioning';
import { runSimulation, type SimulationSummary } from './run-simulation';

/** broker-api's default per-device publish limit (MQTT_PUBLISH_RATE_PER_SECOND). */
const defaultBrokerRatePerSecond = 10;

/** 1 when any device failed, a publish went unacknowledged or a connection was lost (a refusal). */
function exitCodeOf(summary: SimulationSummary): number {
  const missingDevices = !summary.stoppedEarly && summary.connected < summary.devices;
  return summary.errorCount > 0 || summary.failed > 0 || missingDevices ? 1 : 0;
}

async function readRequest(): Promise<CliRequest | number> {
  try {
    return await parseCli(process.argv.slice(2), process.env, process.cwd());
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`simulate: ${error.message}\n(--help lists the options)\n`);
    return 2;
  }
}

async function main(): Promise<number> {
  const request = await readRequest();
  if (typeof request === 'number') return request;
  if (request.kind === 'help') {
    process.stdout.write(usage);
    return 0;
  }
  const { simulation, jsonFile, claimCodesFile } = request;
  const { devices, deviceIdPrefix, ratePerSecond } = simulation;
  process.stderr.write(
    `simulating ${devices} thermostats ${deviceIdPrefix}-* of ${simulation.vendorId}/${simulation.productId}, ` +
      `${ratePerSecond} msg/s each, against ${simulation.apiUrl} and ${simulation.mqttUrl}\n`,
  );
  if (ratePerSecond > defaultBrokerRatePerSecond) {
    process.stderr.write(
      `warning: broker-api disconnects a device publishing faster than MQTT_PUBLISH_RATE_PER_SECOND (default ${defaultBrokerRatePerSecond})\n`,
    );
  }
  const controller = new AbortController();
  const onInterrupt = () => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write(
      '\nstopping: waiting for acknowledgements, then the summary (Ctrl-C again quits at once)\n',
    );
    controller.abort();
  };
  process.on('SIGINT', onInterrupt);
  const reporter = createProgressReporter(process.stderr);
  const onProvisioned = async (provisioned: readonly ClaimableDevice[]) => {
    if (provisioned.length === 0) return;
    await writeClaimCodes(claimCodesFile, listClaimCodes(provisioned));
    reporter.print(describeClaimCodes(provisioned, claimCodesFile));
  };
  const summary = await runSimulation(
    { ...simulation, signal: controller.signal, onProvisioned },
    (progress) => {
      reporter.update(progress);
    },
  );
  reporter.end();
  process.off('SIGINT', onInterrupt);
  process.stdout.write(`${formatSummary(summary)}\n`);
  if (jsonFile !== undefined) await writeFile(jsonFile, `${JSON.stringify(summary, null, 2)}\n`);
  return exitCodeOf(summary);
}

// exitCode rather than exit(): the process ends by itself once every socket and timer is gone.
main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `simulate: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
