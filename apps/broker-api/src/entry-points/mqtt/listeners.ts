import type { Aedes } from 'aedes';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import tls from 'node:tls';
import { WebSocketServer, createWebSocketStream } from 'ws';

/** Where the MQTT listeners bind; port 0 picks a free port. */
export interface MqttListenerSettings {
  readonly host: string;
  readonly tcpPort: number;
  /** MQTT over TLS; off when undefined. */
  readonly tls?: { readonly port: number; readonly certPath: string; readonly keyPath: string };
  /** MQTT over WebSocket on its own port (devices never reach the internal HTTP API's port). */
  readonly webSocket: { readonly port: number; readonly path: string };
  /** Largest MQTT packet (remaining length): a WebSocket message may not be larger than that packet. */
  readonly maxPacketBytes: number;
}

// A fixed header: one byte of type and flags, up to four of remaining length (MQTT 3.1.1 §2.2).
const maxFixedHeaderBytes = 5;

// Connections the kernel holds until the event loop accepts them. Node's default, 511, overflowed in a
// reconnect storm (1,000 CONNECTs in flight): the kernel dropped handshakes, and devices waited a
// retransmission (1 s and more) or got ECONNRESET (tools/bench/README.md, "Session 21: broker-api").
// Linux caps it at net.core.somaxconn (4096 by default since 5.4).
const listenBacklog = 4096;

/** The bound ports, and how to stop. */
export interface MqttListeners {
  readonly tcpPort: number;
  readonly tlsPort: number | undefined;
  readonly webSocketPort: number;
  /** Stops accepting connections; resolves once the open ones are gone (close the broker meanwhile). */
  close(): Promise<void>;
}

function listen(server: net.Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host, backlog: listenBacklog }, () => {
      server.off('error', reject);
      resolve((server.address() as net.AddressInfo).port);
    });
  });
}

function closeServer(server: net.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => {
      resolve();
    });
  });
}

/** Starts the TCP, TLS and WebSocket listeners of the broker. */
export async function startMqttListeners(
  broker: Aedes,
  settings: MqttListenerSettings,
): Promise<MqttListeners> {
  const servers: net.Server[] = [];
  const start = async (server: net.Server, port: number): Promise<number> => {
    servers.push(server);
    return listen(server, settings.host, port);
  };
  try {
    const tcpPort = await start(net.createServer(broker.handle), settings.tcpPort);
    let tlsPort: number | undefined;
    if (settings.tls !== undefined) {
      const [cert, key] = await Promise.all([
        readFile(settings.tls.certPath),
        readFile(settings.tls.keyPath),
      ]);
      tlsPort = await start(tls.createServer({ cert, key }, broker.handle), settings.tls.port);
    }
    const httpServer = http.createServer((_request, response) => {
      response.writeHead(426, { upgrade: 'websocket' }).end('MQTT over WebSocket only\n');
    });
    // ws checks a frame's announced length before buffering it (1009, message too big); its default is 100 MiB.
    const webSockets = new WebSocketServer({
      server: httpServer,
      path: settings.webSocket.path,
      maxPayload: settings.maxPacketBytes + maxFixedHeaderBytes,
    });
    webSockets.on('connection', (socket, request) => {
      broker.handle(createWebSocketStream(socket), request);
    });
    const webSocketPort = await start(httpServer, settings.webSocket.port);
    return {
      tcpPort,
      tlsPort,
      webSocketPort,
      async close() {
        webSockets.close();
        await Promise.all(servers.map(closeServer));
      },
    };
  } catch (error) {
    await Promise.all(servers.filter((server) => server.listening).map(closeServer));
    throw error;
  }
}
