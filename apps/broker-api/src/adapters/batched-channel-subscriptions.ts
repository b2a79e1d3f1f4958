/** Redis pub/sub commands that change a subscriber connection's channels. */
const channelCommands = ['subscribe', 'unsubscribe', 'psubscribe', 'punsubscribe'] as const;
type ChannelCommand = (typeof channelCommands)[number];
type Callback = (error: Error | null) => void;
type Send = (...channels: string[]) => Promise<unknown>;

/** The parts of an ioredis subscriber connection this uses. */
interface SubscriberConnection extends Record<ChannelCommand, Send> {
  readonly status: string;
}

interface Run {
  readonly command: ChannelCommand;
  readonly channels: string[];
  readonly callbacks: Callback[];
}

const isChannelCommand = (name: string | symbol): name is ChannelCommand =>
  (channelCommands as readonly (string | symbol)[]).includes(name);

/**
 * The connection as mqemitter-redis should use it: the channel changes asked in one event-loop turn go out
 * as one command per run of the same command (SUBSCRIBE a b c, then UNSUBSCRIBE d, ...), in the order they
 * were asked; everything else is the connection itself. mqemitter-redis subscribes a channel per topic its
 * broker subscribes to and unsubscribes it when the last subscriber goes, so a device's SUBSCRIBE and its
 * connection's end cost one each, and ioredis writes these commands to the socket one by one (it never
 * auto-pipelines subscriber commands). The order matters: an UNSUBSCRIBE and a SUBSCRIBE of one channel in
 * one turn (a device reconnecting) must end subscribed. While the connection is not ready the commands go
 * to ioredis at once (its offline queue), as before; ioredis' own resubscription after a reconnection uses
 * the connection itself.
 */
export function batchChannelSubscriptions<T extends object>(connection: T): T {
  const conn = connection as unknown as SubscriberConnection;
  const runs: Run[] = [];
  const send = ({ command, channels, callbacks }: Run) => {
    const settle = (error: Error | null) => {
      for (const callback of callbacks) callback(error);
    };
    conn[command](...channels).then(
      () => {
        settle(null);
      },
      (error: unknown) => {
        settle(error instanceof Error ? error : new Error(String(error)));
      },
    );
  };
  const flush = () => {
    for (const run of runs.splice(0)) send(run);
  };
  const enqueue = (run: Run) => {
    if (conn.status !== 'ready') {
      flush();
      send(run);
      return;
    }
    if (runs.length === 0) setImmediate(flush);
    const last = runs.at(-1);
    // No channels: every channel of that kind (UNSUBSCRIBE without arguments), never merged.
    if (last?.command === run.command && last.channels.length > 0 && run.channels.length > 0) {
      last.channels.push(...run.channels);
      last.callbacks.push(...run.callbacks);
    } else {
      runs.push(run);
    }
  };
  const batched =
    (command: ChannelCommand) =>
    (...args: unknown[]): Promise<unknown> => {
      const given = typeof args.at(-1) === 'function' ? (args.pop() as Callback) : undefined;
      const channels = args.flat().map(String);
      return new Promise((resolve, reject) => {
        const callback: Callback = (error) => {
          // With a callback the error goes there only: nobody awaits the promise then.
          if (given !== undefined) given(error);
          if (error !== null && given === undefined) reject(error);
          else resolve(undefined);
        };
        enqueue({ command, channels, callbacks: [callback] });
      });
    };
  const overrides = Object.fromEntries(channelCommands.map((command) => [command, batched(command)]));
  return new Proxy(connection, {
    get(target, property) {
      if (isChannelCommand(property)) return overrides[property];
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
