/** A check that resolves when a dependency is usable and throws (or rejects) when it is not. */
export type ReadinessCheck = () => Promise<void>;

/**
 * Outcome of one readiness check, as answered on /ready: which dependency is down and a generic reason, never
 * the driver's message (it would show internal addresses, users and SQL to whoever can reach the port).
 */
export type CheckResult = { status: 'up' } | { status: 'down'; reason: 'failed' | 'timed out' };

/** Outcome of all readiness checks, keyed by check name. */
export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, CheckResult>;
  /** What each failed check threw, for the log only. */
  failures: Record<string, unknown>;
}

class CheckTimeout extends Error {}

async function runCheck(check: ReadinessCheck, timeoutMs: number): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(new CheckTimeout(`timed out after ${timeoutMs} ms`));
    }, timeoutMs);
  });
  try {
    await Promise.race([check(), timeout]);
    return undefined;
  } catch (error) {
    return error ?? new Error('the check failed without a reason');
  } finally {
    clearTimeout(timer);
  }
}

/** Runs every check concurrently, each bounded by `timeoutMs`; ready only when all are up. */
export async function runReadinessChecks(
  checks: Readonly<Record<string, ReadinessCheck>>,
  timeoutMs: number,
): Promise<ReadinessReport> {
  const results = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => [name, await runCheck(check, timeoutMs)] as const),
  );
  const failed = results.filter(([, error]) => error !== undefined);
  return {
    ready: failed.length === 0,
    checks: Object.fromEntries(
      results.map(([name, error]): [string, CheckResult] => [
        name,
        error === undefined
          ? { status: 'up' }
          : { status: 'down', reason: error instanceof CheckTimeout ? 'timed out' : 'failed' },
      ]),
    ),
    failures: Object.fromEntries(failed),
  };
}
