import { AppError } from '@homeport/errors';

/** Fails creation (and stops reconnecting) when the first connection and setup do not succeed in time. */
export async function connectOrFail(
  url: string,
  timeoutMs: number,
  manager: { close(): Promise<void> },
  connect: () => Promise<void>,
): Promise<void> {
  let failure: unknown = new Error(`no connection within ${timeoutMs} ms`);
  const connected = await settlesWithin(
    connect().catch((error: unknown) => {
      failure = error;
      throw error;
    }),
    timeoutMs,
  );
  if (!connected) {
    await manager.close();
    const message = `cannot set up RabbitMQ at ${redactUrl(url)}: ${String(failure)}`;
    throw new AppError('unavailable', 'MESSAGE_BROKER_UNAVAILABLE', message, { cause: failure });
  }
}

/** True when the promise resolved within the time, false when it rejected or took longer. */
export async function settlesWithin(promise: Promise<unknown>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => {
      resolve(false);
    }, timeoutMs);
  });
  try {
    return await Promise.race([
      promise.then(
        () => true,
        () => false,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Keeps credentials out of error messages. */
function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//');
}
