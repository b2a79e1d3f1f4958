import type { PlatformHealthResponse, QueueOverviewResponse } from '@homeport/contracts';

/** Every service's health, probed now: its `/ready` and a few figures of its `/metrics`. */
export interface PlatformHealth {
  /** Never throws for a service that is down: it is reported down, with why. */
  read(): Promise<PlatformHealthResponse['services']>;
}

/** The work queues of contracts on the platform's broker, with their first dead letters (left in place). */
export interface QueueOverview {
  /** Throws AppError unavailable when the broker cannot be reached. */
  read(deadLettersPerQueue: number): Promise<QueueOverviewResponse['queues']>;
}
