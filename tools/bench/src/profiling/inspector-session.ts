import { readdir, readFile, readlink } from 'node:fs/promises';

/** A Chrome DevTools Protocol session with one Node process's inspector. */
export interface InspectorSession {
  send<Result>(method: string, params?: Record<string, unknown>): Promise<Result>;
  close(): void;
}

/** The node option that opens a service's inspector on a free loopback port, found again by its pid. */
export const inspectOnFreePort = '--inspect=127.0.0.1:0';

/**
 * The inspector's WebSocket URL of the process `pid` (started with `inspectOnFreePort`), or undefined: its
 * listening TCP sockets (its /proc fds matched with /proc/net/tcp) are asked for /json/list in turn.
 */
export async function findInspectorUrl(pid: number): Promise<string | undefined> {
  for (const port of await readListeningPorts(pid)) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/json/list`, {
        signal: AbortSignal.timeout(1000),
      });
      const targets = await response.json();
      const url: unknown = Array.isArray(targets)
        ? (targets[0] as { webSocketDebuggerUrl?: unknown } | undefined)?.webSocketDebuggerUrl
        : undefined;
      if (typeof url === 'string') return url;
    } catch {
      // another of its listeners (MQTT, HTTP): not the inspector
    }
  }
  return undefined;
}

async function readListeningPorts(pid: number): Promise<number[]> {
  const inodes = new Set<string>();
  const fdDir = `/proc/${pid}/fd`;
  for (const fd of await readdir(fdDir).catch(() => [])) {
    const link = await readlink(`${fdDir}/${fd}`).catch(() => '');
    const match = /^socket:\[(\d+)\]$/.exec(link);
    if (match?.[1] !== undefined) inodes.add(match[1]);
  }
  const ports: number[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const text = await readFile(table, 'utf8').catch(() => '');
    for (const line of text.split('\n').slice(1)) {
      // sl local_address rem_address st ... inode (the 10th field); st 0A = LISTEN
      const fields = line.trim().split(/\s+/);
      const [, local, , state] = fields;
      if (state !== '0A' || local === undefined || !inodes.has(fields[9] ?? '')) continue;
      ports.push(Number.parseInt(local.split(':')[1] ?? '', 16));
    }
  }
  return ports;
}

/** Opens a session on an inspector's WebSocket URL (Node's global WebSocket). */
export async function openInspectorSession(url: string): Promise<InspectorSession> {
  const socket = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener(
      'open',
      () => {
        resolve();
      },
      { once: true },
    );
    socket.addEventListener(
      'error',
      () => {
        reject(new Error(`inspector ${url} refused the session`));
      },
      {
        once: true,
      },
    );
  });
  let lastId = 0;
  const pending = new Map<number, { resolve(result: unknown): void; reject(error: Error): void }>();
  socket.addEventListener('message', (event: MessageEvent) => {
    const message = JSON.parse(String(event.data)) as {
      id?: number;
      result?: unknown;
      error?: { message: string };
    };
    const waiting = message.id === undefined ? undefined : pending.get(message.id);
    if (waiting === undefined || message.id === undefined) return; // an event, not an answer
    pending.delete(message.id);
    if (message.error === undefined) waiting.resolve(message.result);
    else waiting.reject(new Error(message.error.message));
  });
  socket.addEventListener('close', () => {
    for (const waiting of pending.values()) waiting.reject(new Error(`inspector ${url} closed`));
    pending.clear();
  });
  return {
    send: <Result>(method: string, params: Record<string, unknown> = {}) =>
      new Promise<Result>((resolve, reject) => {
        lastId += 1;
        pending.set(lastId, {
          resolve: (result) => {
            resolve(result as Result);
          },
          reject,
        });
        socket.send(JSON.stringify({ id: lastId, method, params }));
      }),
    close: () => {
      socket.close();
    },
  };
}
