import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/** Thrown (through the connection) when a webhook's host is, or resolves to, an address we must not reach. */
export class RefusedAddressError extends Error {
  readonly code = 'WEBHOOK_ADDRESS_REFUSED';
}

/**
 * Why an IP address may not receive webhooks (SSRF), or undefined when it is a public unicast address.
 * Loopback, private (RFC 1918), carrier-grade NAT, link-local, unique-local, multicast, broadcast,
 * unspecified and the other special-purpose ranges (IANA registries, as ipaddr.js knows them) are refused;
 * an IPv4-mapped IPv6 address is judged as the IPv4 address it carries.
 */
export function findRefusedRange(address: string): string | undefined {
  if (!ipaddr.isValid(address)) return 'not an IP address';
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  }
  const range = parsed.range();
  return range === 'unicast' ? undefined : range;
}

/** The refusal of a host written as an IP literal (`127.0.0.1`, `[::1]`), which no lookup sees. */
export function checkLiteralHost(hostname: string): RefusedAddressError | undefined {
  const bare = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  if (!ipaddr.isValid(bare)) return undefined;
  const range = findRefusedRange(bare);
  return range === undefined ? undefined : new RefusedAddressError(`${bare} is a ${range} address`);
}

/**
 * A `lookup` for the sockets of webhook deliveries: resolves the host and refuses it when any of its
 * addresses is not public. The socket connects to the addresses this lookup returned, so the address
 * checked is the address used: a DNS answer that changes between a check and the connection (rebinding)
 * cannot slip in.
 */
export function createPublicAddressLookup(): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error !== null) {
        callback(error, '', 0);
        return;
      }
      for (const { address } of addresses) {
        const range = findRefusedRange(address);
        if (range !== undefined) {
          callback(new RefusedAddressError(`${hostname} resolves to ${address}, a ${range} address`), '', 0);
          return;
        }
      }
      if (options.all === true) {
        (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, addresses);
        return;
      }
      const [first] = addresses;
      if (first === undefined) callback(new Error(`${hostname} has no address`), '', 0);
      else callback(null, first.address, first.family);
    });
  };
}
