import { describeRestartEffect, restartServer, serverNames, type ServerName } from './server-restarts';
import type { ChaosPlatform } from './platform';

/** What `--faults` can ask for: every Homeport process in turn, and each shared server. */
export const faultKinds = ['processes', ...serverNames] as const;
/** One of them. */
export type FaultKind = (typeof faultKinds)[number];

/** One fault of the run. */
export interface Fault {
  /** e.g. `kill -9 fan-out#2`, `restart redis`. */
  readonly name: string;
  /** What it does to the data it touches (servers), for the report. */
  readonly effect?: string;
  /** Injects the fault and returns once the platform runs again. */
  inject(): Promise<void>;
}

/**
 * The faults of a run, in order: SIGKILL of each process (in start order: broker-api, each fan-out, each
 * state-workers, public-api), each followed by starting it again (public-api's recovery: a login too); then each server asked for, stopped for `outageMs`.
 */
export function planFaults(kinds: readonly FaultKind[], platform: ChaosPlatform, outageMs: number): Fault[] {
  const faults: Fault[] = [];
  if (kinds.includes('processes')) {
    platform.labels().forEach((label, slot) => {
      faults.push({ name: `kill -9 ${label}`, inject: () => platform.killAndRestart(slot) });
    });
  }
  for (const server of serverNames.filter((name: ServerName) => kinds.includes(name))) {
    faults.push({
      name: `restart ${server}`,
      effect: describeRestartEffect(server),
      inject: () => restartServer(server, outageMs),
    });
  }
  return faults;
}
