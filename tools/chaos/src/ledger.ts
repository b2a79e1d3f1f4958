/** The two kinds of message a simulated thermostat publishes. */
export type MessageKind = 'reported' | 'telemetry';

/** A message the broker acknowledged (PUBACK): from then on the platform owns it. */
export interface AcceptedMessage {
  readonly deviceId: string;
  readonly kind: MessageKind;
  readonly seq: number;
  /** The device's `ts`: unique per device, so a telemetry message is one InfluxDB point (its time). */
  readonly ts: number;
  /** Index of the phase in which it was first published (0: before the first fault). */
  readonly phase: number;
  /** A reported message's state. */
  readonly state?: Readonly<Record<string, unknown>>;
}

/** What the devices published and what the broker acknowledged, as the run goes. */
export interface Ledger {
  published(): void;
  accepted(message: AcceptedMessage): void;
  /** The broker refused a publish (or the client gave up on it): never the platform's. */
  refused(reason: string): void;
  readonly counts: { readonly published: number; readonly accepted: number; readonly refused: number };
  /** Accepted telemetry messages, in PUBACK order. */
  readonly telemetry: readonly AcceptedMessage[];
  /** Accepted reported messages per phase. */
  readonly reportsPerPhase: ReadonlyMap<number, number>;
  /** Per device, the accepted reported message with the highest seq: what its stored state must be. */
  readonly lastReports: ReadonlyMap<string, AcceptedMessage>;
  /** The first refusal reasons (up to 10), for the report. */
  readonly refusals: readonly string[];
}

/** An empty ledger. */
export function createLedger(): Ledger {
  const counts = { published: 0, accepted: 0, refused: 0 };
  const telemetry: AcceptedMessage[] = [];
  const reportsPerPhase = new Map<number, number>();
  const lastReports = new Map<string, AcceptedMessage>();
  const refusals: string[] = [];
  return {
    counts,
    telemetry,
    reportsPerPhase,
    lastReports,
    refusals,
    published() {
      counts.published += 1;
    },
    accepted(message) {
      counts.accepted += 1;
      if (message.kind === 'telemetry') {
        telemetry.push(message);
        return;
      }
      reportsPerPhase.set(message.phase, (reportsPerPhase.get(message.phase) ?? 0) + 1);
      const last = lastReports.get(message.deviceId);
      if (last === undefined || last.seq < message.seq) lastReports.set(message.deviceId, message);
    },
    refused(reason) {
      counts.refused += 1;
      if (refusals.length < 10) refusals.push(reason);
    },
  };
}
