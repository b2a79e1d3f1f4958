/** A check that resolves when a dependency is usable and throws (or rejects) when it is not. */
export type ReadinessCheck = () => Promise<void>;

/** Outcome of one readiness check. */
export type CheckResult = { status: 'up' } | { status: 'down'; reason: string };

/** Outcome of all readiness checks, keyed by check name. */
export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, CheckResult>;
}

async function runCheck(check: ReadinessCheck, timeoutMs: number): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`timed out after ${timeoutMs} ms`));
    }, timeoutMs);
  });
  try {
    await Promise.race([check(), timeout]);
    return { status: 'up' };
  } catch (error) {
    return { status: 'down', reason: error instanceof Error ? error.message : String(error) };
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
  return {
    ready: results.every(([, result]) => result.status === 'up'),
    checks: Object.fromEntries(results),
  };
}
