import { inputFamilies, type FuzzInput, type HttpInput, type InputFamily } from './inputs';

/** A platform process that died while the fuzzer ran. */
export interface Crash {
  readonly process: string;
  readonly exitStatus: string;
  /** The inputs sent shortly before (the culprit is among them), saved for `--replay`. */
  readonly windowFile: string;
  readonly windowSize: number;
  /** Its last log lines. */
  readonly logTail: string;
}

/** HTTP answers of one kind for one route: how many, and one example. */
export interface HttpFindingGroup {
  readonly what: string;
  readonly method: string;
  readonly route: string;
  /** The status, or 0 when no answer came. */
  readonly status: number;
  count: number;
  readonly example: HttpInput;
  readonly answer: string;
}

/** Everything a mode's run found, with counts of what was tried. */
export interface Findings {
  readonly tried: Record<InputFamily, number>;
  /** Per family, how often each outcome happened (`acknowledged`, `closed`, `404`, ...). */
  readonly outcomes: Record<InputFamily, Record<string, number>>;
  /** The HTTP outcomes per service and authentication (`public-api (token)`: `201`, `400`, ...). */
  readonly httpOutcomes: Record<string, Record<string, number>>;
  readonly crashes: Crash[];
  /** 5xx other than the explained ones, and requests that got no answer. */
  readonly unexpected: HttpFindingGroup[];
  /** 503 with an error code, or /ready naming the checks that are down: a dependency away, said so. */
  readonly explained: HttpFindingGroup[];
  /** Protected routes that answered < 400 to a request without the right token. */
  readonly unauthenticated: HttpFindingGroup[];
  /** HTTP requests sent a second time because their connection was reset before any answer. */
  resentAfterReset: number;
  /** Logins of the fuzzer's public-api user after the first (a fuzzed logout ended its session, or it expired). */
  publicApiLogins: number;
}

/** A findings record with nothing in it. */
export function createFindings(): Findings {
  const perFamily = <T>(make: () => T) =>
    Object.fromEntries(inputFamilies.map((family) => [family, make()])) as Record<InputFamily, T>;
  return {
    tried: perFamily(() => 0),
    outcomes: perFamily(() => ({})),
    httpOutcomes: {},
    crashes: [],
    unexpected: [],
    explained: [],
    unauthenticated: [],
    resentAfterReset: 0,
    publicApiLogins: 0,
  };
}

/** Counts one input and its outcome. */
export function recordOutcome(findings: Findings, input: FuzzInput, outcome: string): void {
  findings.tried[input.family] += 1;
  const outcomes = findings.outcomes[input.family];
  outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
  if (input.family !== 'http') return;
  const service = (findings.httpOutcomes[`${input.service} (${input.auth})`] ??= {});
  service[outcome] = (service[outcome] ?? 0) + 1;
}

/** Judges one HTTP answer: a 5xx, no answer, or a protected route answering without the token is a finding. */
export function judgeHttpAnswer(findings: Findings, input: HttpInput, status: number, body: string): void {
  const add = (list: HttpFindingGroup[], what: string) => {
    const existing = list.find(
      (group) => group.method === input.method && group.route === input.route && group.status === status,
    );
    if (existing !== undefined) {
      existing.count += 1;
      return;
    }
    list.push({
      what,
      method: input.method,
      route: input.route,
      status,
      count: 1,
      example: input,
      answer: body.slice(0, 300),
    });
  };
  if (status === 0) add(findings.unexpected, 'no answer');
  else if (status === 503 && (hasErrorCode(body) || isNotReady(body)))
    add(findings.explained, 'dependency unavailable');
  else if (status >= 500) add(findings.unexpected, 'server error');
  else if (input.auth !== 'token' && status < 400 && input.needsToken && !isAlexaErrorResponse(body))
    add(findings.unauthenticated, 'answered without the token');
}

function readJson(body: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function hasErrorCode(body: string): boolean {
  return typeof readJson(body).code === 'string';
}

/** GET /ready's answer while a dependency is down: it names the checks that failed (no error code). */
function isNotReady(body: string): boolean {
  return readJson(body).status === 'not_ready';
}

/**
 * Alexa's protocol answers a refusal with 200 and an ErrorResponse event (public-api's `/v1/assistants/alexa`:
 * INVALID_AUTHORIZATION_CREDENTIAL without the token inside the directive), so that 200 did nothing.
 */
function isAlexaErrorResponse(body: string): boolean {
  const { event } = readJson(body);
  if (typeof event !== 'object' || event === null || !('header' in event)) return false;
  const { header } = event;
  return typeof header === 'object' && header !== null && 'name' in header && header.name === 'ErrorResponse';
}

/** True when the run found anything: the exit code of `npm run fuzz` is 1 then. */
export function hasFindings(findings: Findings): boolean {
  return findings.crashes.length > 0 || findings.unexpected.length > 0 || findings.unauthenticated.length > 0;
}
