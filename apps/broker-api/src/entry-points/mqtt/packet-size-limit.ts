import type { Aedes, Client } from 'aedes';

/** mqtt-packet's parser as aedes holds it (`client._parser`, lib/client.js); the typings leave these out. */
interface FixedHeaderParser {
  readonly packet: { readonly cmd: string; readonly length: number };
  _parseLength(): boolean;
  _emitError(error: Error): void;
}

/** Settings of `limitPacketSize`. */
export interface PacketSizeLimits {
  /** Largest remaining length once the connection is authenticated. */
  readonly maxPacketBytes: number;
  /** Largest remaining length until then: the CONNECT (with its will) and anything sent before CONNACK. */
  readonly maxConnectPacketBytes: number;
  readonly isAuthenticated: (client: Client) => boolean;
  /** Called once for the refused packet, just before its connection is closed. */
  readonly onRefused: (client: Client, packetType: string, announcedBytes: number) => void;
}

/**
 * Refuses a packet whose fixed header announces more than the limit, before its body is buffered. aedes 1.2
 * creates mqtt-packet's parser without options and mqtt-packet 9 has no maximum: it appends every byte
 * until the announced length has arrived (up to 256 MB per packet). The remaining length is known once the
 * fixed header is parsed (`_parseLength`, MQTT 3.1.1 §2.2.3); past the limit the parser errors there, and
 * aedes closes the connection on a parser error. Install before the listeners start: it wraps
 * `broker.handle`.
 */
export function limitPacketSize(broker: Aedes, limits: PacketSizeLimits): void {
  const handle = broker.handle;
  broker.handle = (stream, request) => {
    const client = handle(stream, request);
    const parser = (client as unknown as { _parser: FixedHeaderParser })._parser;
    const parseLength = parser._parseLength.bind(parser);
    parser._parseLength = () => {
      if (!parseLength()) return false;
      const limit = limits.isAuthenticated(client) ? limits.maxPacketBytes : limits.maxConnectPacketBytes;
      const { cmd, length } = parser.packet;
      if (length <= limit) return true;
      limits.onRefused(client, cmd, length);
      parser._emitError(new Error(`packet too large: ${cmd} of ${length} bytes, limit ${limit}`));
      return false;
    };
    return client;
  };
}
