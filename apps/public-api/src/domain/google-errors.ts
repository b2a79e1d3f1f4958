import type { GoogleErrorCode } from '@homeport/contracts';
import { AppError } from '@homeport/errors';

/**
 * Every error of the Google Home integration, and how each reaches Google: per-device error codes of QUERY
 * and EXECUTE (https://developers.home.google.com/cloud-to-cloud/intents/errors-exceptions), and the
 * request-level refusals (HTTP errors of public-api).
 */

/** An EXECUTE command Homeport does not implement. */
export const commandNotSupported = (command: string) =>
  new AppError('invalid', 'COMMAND_NOT_SUPPORTED', `${command} is not supported`);

/** A command's params missing or of the wrong type. */
export const commandParamsInvalid = (command: string, reason: string) =>
  new AppError('invalid', 'COMMAND_PARAMS_INVALID', `${command}: ${reason}`);

/** The fulfillment serves the OAuth grants of assistants, not sessions or personal tokens. */
export const oauthGrantRequired = () =>
  new AppError(
    'forbidden',
    'ASSISTANT_OAUTH_REQUIRED',
    "the assistants' endpoints accept only access tokens of an OAuth grant (account linking)",
  );

/** EXECUTE changes devices: the grant needs devices:write. */
export const writeScopeRequired = () =>
  new AppError('forbidden', 'TOKEN_SCOPE_INSUFFICIENT', 'EXECUTE needs the scope devices:write');

/** HomeGraph did not answer, throttled (429) or failed (5xx): the queue retries with backoff. */
export const homeGraphUnavailable = (reason: string) =>
  new AppError('unavailable', 'HOMEGRAPH_UNAVAILABLE', `Google HomeGraph: ${reason}`);

/** HomeGraph refused the call for good (400, 403, a bad service account key): dead-lettered at once. */
export const homeGraphRefused = (status: number, reason: string) =>
  new AppError('internal', 'HOMEGRAPH_REFUSED', `Google HomeGraph answered ${status}: ${reason}`);

/** The AppError codes of a device's refusal, as Google's per-device error codes. */
const deviceErrorCodes: Readonly<Record<string, GoogleErrorCode>> = {
  DEVICE_NOT_FOUND: 'deviceNotFound',
  DEVICE_OFFLINE: 'deviceOffline',
  VALUE_OUT_OF_RANGE: 'valueOutOfRange',
  CAPABILITY_NOT_SUPPORTED: 'functionNotSupported',
  MODE_NOT_SUPPORTED: 'notSupported',
  COMMAND_NOT_SUPPORTED: 'notSupported',
  COMMAND_PARAMS_INVALID: 'notSupported',
};

/** Kinds of error whose code is not listed above, as Google's codes. */
const kindErrorCodes: Partial<Record<AppError['kind'], GoogleErrorCode>> = {
  not_found: 'deviceNotFound',
  forbidden: 'authFailure',
  unavailable: 'transientError',
  invalid: 'notSupported',
};

/**
 * A device's refusal as Google's error code; anything that is not an AppError a device can be refused with
 * is a bug, thrown on.
 */
export function toGoogleErrorCode(error: unknown): GoogleErrorCode {
  if (!(error instanceof AppError)) throw error;
  const code = deviceErrorCodes[error.code] ?? kindErrorCodes[error.kind];
  if (code === undefined) throw error;
  return code;
}
