export { BrokerApiError, createBrokerApiClient } from './broker-api-client';
export { readListOption, readNumberOption, runCommandLine, UsageError } from './command-line';
export type { CliRequest, CommandLineTool } from './command-line';
export type { ApiAnswer, BrokerApiClient, BrokerApiClientOptions } from './broker-api-client';
export { settleConcurrently } from './concurrency';
export { connectDevice } from './device-connection';
export type { DeviceConnectionOptions } from './device-connection';
export { openDeviceSession } from './device-session';
export type { DeviceCounters, DeviceSession, DeviceSessionOptions } from './device-session';
export { createErrorLog } from './error-log';
export type { ErrorLog } from './error-log';
export { connectFleet, provisionFleet } from './fleet';
export type { FleetOptions } from './fleet';
export { defaultPlatformFilePath, readPlatformFile } from './platform-file';
export { createLiveLine } from './live-line';
export type { LiveLine, LiveLineMoment, ProgressOutput } from './live-line';
export { createProgressReporter, formatProgressLine, formatSummary } from './progress';
export type { ProgressReporter } from './progress';
export { buildDeviceIds, ensureThermostatProduct, provisionDevice, thermostatFeatures } from './provisioning';
export type { DeviceAddress, ProvisionedDevice } from './provisioning';
export { runPublishLoop } from './publish-loop';
export type { PublishLoopOptions, Publisher } from './publish-loop';
export { createRandom, seedFromText } from './random';
export type { Random } from './random';
export { runSimulation } from './run-simulation';
export type {
  SimulationOptions,
  SimulationPhase,
  SimulationProgress,
  SimulationSummary,
  SimulationTotals,
} from './run-simulation';
export { createThermostat, thermostatModes } from './thermostat';
export type { DesiredOutcome, Thermostat, ThermostatMode, ThermostatState } from './thermostat';
