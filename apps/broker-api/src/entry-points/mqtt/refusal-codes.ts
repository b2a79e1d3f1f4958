import type { RefusalReason } from '../../domain/refusal';

/** How one refusal reads on the wire. */
export interface RefusalCode {
  /** MQTT 5 reason code (logged and documented; aedes 1.2 speaks only MQTT 3.1/3.1.1, see README). */
  readonly mqtt5: number;
  /** MQTT 3.1.1 CONNACK return code, for refusals at CONNECT. */
  readonly connack?: 2 | 3 | 4 | 5;
  /** What a 3.1.1 client sees for a refused PUBLISH or SUBSCRIBE. */
  readonly mqtt311: string;
}

/**
 * The one mapping of refusal reasons to MQTT codes. MQTT 3.1.1 has no reason code for a refused PUBLISH: the
 * server must close the connection or acknowledge as usual (§3.3.5); the broker closes it. A refused
 * SUBSCRIBE gets SUBACK 0x80 (§3.9.3).
 */
export const refusalCodes: Readonly<Record<RefusalReason, RefusalCode>> = {
  bad_credentials: { mqtt5: 0x86, connack: 4, mqtt311: 'CONNACK 4 (bad user name or password)' },
  client_id_mismatch: { mqtt5: 0x85, connack: 2, mqtt311: 'CONNACK 2 (identifier rejected)' },
  server_unavailable: { mqtt5: 0x88, connack: 3, mqtt311: 'CONNACK 3 (server unavailable)' },
  // Try again later: the address is not believed, it is just not checked for now.
  connect_rate_exceeded: { mqtt5: 0x9f, connack: 3, mqtt311: 'CONNACK 3 (server unavailable)' },
  not_authorized: {
    mqtt5: 0x87,
    connack: 5,
    mqtt311: 'CONNACK 5 (not authorized); SUBACK 0x80; PUBLISH: connection closed',
  },
  packet_too_large: { mqtt5: 0x95, mqtt311: 'connection closed' },
  quota_exceeded: { mqtt5: 0x97, mqtt311: 'connection closed' },
  payload_format_invalid: { mqtt5: 0x99, mqtt311: 'connection closed' },
  payload_limit_exceeded: { mqtt5: 0x99, mqtt311: 'connection closed' },
  shared_subscription_unsupported: { mqtt5: 0x9e, mqtt311: 'SUBACK 0x80' },
};

/** The CONNACK return code of a refusal at CONNECT (5, not authorized, for reasons without their own). */
export function connackCodeOf(reason: RefusalReason): 2 | 3 | 4 | 5 {
  return refusalCodes[reason].connack ?? 5;
}
