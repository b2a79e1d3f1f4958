// IANA names only: no UTC offsets (`+02:00`), which Intl accepts too but which ignore daylight saving time.
const ianaNamePattern = /^[A-Za-z][A-Za-z_]*(\/[A-Za-z0-9_+-]+)*$/;

/**
 * The name Node's time zone database (ICU) gives an IANA time zone (`europe/paris` -> `Europe/Paris`), or
 * undefined when it knows no such zone (`Mars/Olympus_Mons`, `CEST`, `+02:00`).
 */
export function resolveIanaTimeZone(name: string): string | undefined {
  if (!ianaNamePattern.test(name)) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}
