/**
 * Runs a service's `main` (its composition root). A failure before `main` resolves (bad configuration, a
 * server that refuses the first connection) is written as one JSON line on stderr, because the logger may
 * not exist yet, and the process exits 1 for the orchestrator to restart it.
 */
export function runService(service: string, main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    process.stderr.write(`${JSON.stringify({ level: 'fatal', service, msg: String(error) })}\n`);
    process.exit(1);
  });
}
