import { buildPartitionClientId, parsePartitionClientId } from '@homeport/contracts';

/** Prefix of service usernames and client ids: `service:<name>`. */
export const servicePrefix = 'service:';

/** The internal MQTT services the broker knows, from configuration. */
export interface ServiceDirectory {
  /** Service name -> token. */
  readonly tokens: ReadonlyMap<string, string>;
  /** The services that may open partition sessions `service:<name>-p{k}of{P}` (fan-out's partitioned mode). */
  readonly partitioned: ReadonlySet<string>;
}

/**
 * Whether the service `name` may use `clientId`: exactly `service:<name>` or, for a service allowed to
 * partition, a partition session `service:<name>-p{k}of{P}` exactly as `buildPartitionClientId` writes it
 * (1 <= P, k < P, no leading zeros, so each partition has one session). Nothing else: a prefix match let a
 * service take any client id starting with its name, e.g. `service:fan-outX`, or the sessions of another
 * service whose name starts with its own.
 */
export function isServiceClientId(directory: ServiceDirectory, name: string, clientId: string): boolean {
  const own = `${servicePrefix}${name}`;
  if (clientId === own) return true;
  if (!directory.partitioned.has(name)) return false;
  const session = parsePartitionClientId(clientId);
  return session?.base === own && buildPartitionClientId(session) === clientId;
}

const partitionSuffix = /-p\d+of\d+$/;

/**
 * Why a service name cannot be configured, or undefined: a name ending like a partition session
 * (`fan-out-p0of2`) would own the client id of another service's partition session.
 */
export function explainBadServiceName(name: string): string | undefined {
  return partitionSuffix.test(name)
    ? `service name ${name} ends like a partition session (-p{k}of{P})`
    : undefined;
}
