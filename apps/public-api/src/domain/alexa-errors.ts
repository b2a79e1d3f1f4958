import type { AssistantMapping } from '@homeport/contracts';
import type { AppError } from '@homeport/errors';
import { alexaScaleOf } from './alexa-properties';

/** An ErrorResponse's namespace and payload (type, message and what the type adds). */
export interface AlexaErrorPayload {
  readonly namespace: 'Alexa' | 'Alexa.ThermostatController' | 'Alexa.Authorization';
  readonly payload: { readonly type: string; readonly message: string } & Record<string, unknown>;
}

const alexa = (type: string, message: string, extra: Record<string, unknown> = {}): AlexaErrorPayload => ({
  namespace: 'Alexa',
  payload: { type, message, ...extra },
});

const thermostat = (type: string, message: string): AlexaErrorPayload => ({
  namespace: 'Alexa.ThermostatController',
  payload: { type, message },
});

/** Homeport's codes that mean Alexa's credential is not (or no longer) one Homeport accepts. */
const credentialRefusals = new Set([
  'UNAUTHENTICATED',
  'ACCESS_TOKEN_INVALID',
  'TOKEN_REVOKED',
  'TOKEN_SCOPE_INSUFFICIENT',
  'ALEXA_TOKEN_NOT_ALLOWED',
]);

function outOfRange(error: AppError, mapping: AssistantMapping | undefined): AlexaErrorPayload {
  const { capability, min, max } = (error.details ?? {}) as {
    capability?: string;
    min?: number;
    max?: number;
  };
  const unit = mapping?.capabilities.targetTemperature?.unit;
  if (capability === 'targetTemperature' && unit !== undefined) {
    const scale = alexaScaleOf(unit);
    return alexa('TEMPERATURE_VALUE_OUT_OF_RANGE', error.message, {
      validRange: { minimumValue: { value: min, scale }, maximumValue: { value: max, scale } },
    });
  }
  return alexa('VALUE_OUT_OF_RANGE', error.message, { validRange: { minimumValue: min, maximumValue: max } });
}

/**
 * Homeport's refusals as Alexa's error types, in one place. `mapping` (the device's, when known) gives a
 * temperature range its scale. Anything unexpected is INTERNAL_ERROR.
 * https://developer.amazon.com/en-US/docs/alexa/device-apis/alexa-errorresponse.html
 * https://developer.amazon.com/en-US/docs/alexa/device-apis/alexa-thermostatcontroller-errorresponse.html
 */
export function toAlexaError(error: AppError, mapping?: AssistantMapping): AlexaErrorPayload {
  if (error.code === 'ACCESS_TOKEN_EXPIRED') return alexa('EXPIRED_AUTHORIZATION_CREDENTIAL', error.message);
  if (credentialRefusals.has(error.code)) return alexa('INVALID_AUTHORIZATION_CREDENTIAL', error.message);
  switch (error.code) {
    case 'DEVICE_NOT_FOUND':
      return alexa('NO_SUCH_ENDPOINT', error.message);
    case 'DEVICE_OFFLINE':
      return alexa('ENDPOINT_UNREACHABLE', error.message);
    case 'HOME_ROLE_INSUFFICIENT':
      return alexa('INSUFFICIENT_PERMISSIONS', error.message);
    case 'VALUE_OUT_OF_RANGE':
      return outOfRange(error, mapping);
    case 'MODE_NOT_SUPPORTED':
      return thermostat('UNSUPPORTED_THERMOSTAT_MODE', error.message);
    case 'ALEXA_DUAL_SETPOINTS':
      return thermostat('DUAL_SETPOINTS_UNSUPPORTED', error.message);
    case 'ALEXA_DIRECTIVE_INVALID':
    case 'CAPABILITY_NOT_SUPPORTED':
      return alexa('INVALID_DIRECTIVE', error.message);
    case 'ALEXA_VALUE_INVALID':
      return alexa('INVALID_VALUE', error.message);
    default:
      return alexa(
        'INTERNAL_ERROR',
        error.kind === 'unavailable' ? 'Homeport is briefly unavailable' : error.message,
      );
  }
}

/** AcceptGrant's own refusal: Alexa then tells the person linking failed. */
export function acceptGrantFailed(message: string): AlexaErrorPayload {
  return { namespace: 'Alexa.Authorization', payload: { type: 'ACCEPT_GRANT_FAILED', message } };
}
