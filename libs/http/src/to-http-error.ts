import { isAppError } from '@homeport/errors';
import type { ErrorKind } from '@homeport/errors';
import { Type } from 'typebox';
import type { Static } from 'typebox';

/** The body of every error response. */
export const httpErrorSchema = Type.Object(
  {
    code: Type.String({ description: 'Stable machine-readable code, e.g. DEVICE_NOT_FOUND' }),
    message: Type.String({ description: 'Human-readable explanation' }),
    requestId: Type.String({ description: 'Id of the request, also in the x-request-id header' }),
    details: Type.Optional(Type.Object({}, { additionalProperties: true })),
  },
  { title: 'HttpError' },
);

/** The body of every error response. */
export type HttpErrorBody = Static<typeof httpErrorSchema>;

/** An error translated for HTTP: the status and the body to send. */
export interface HttpError {
  statusCode: number;
  body: HttpErrorBody;
}

/** HTTP status for each application error kind; the one place this mapping lives. */
export const httpStatusByKind: Readonly<Record<ErrorKind, number>> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition_failed: 412,
  precondition_required: 428,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

/** Fastify's own request errors, by their code, with the stable code clients see. */
const frameworkErrors: Readonly<Record<string, { statusCode: number; code: string; message?: string }>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { statusCode: 413, code: 'PAYLOAD_TOO_LARGE' },
  FST_ERR_CTP_INVALID_JSON_BODY: {
    statusCode: 400,
    code: 'BODY_NOT_JSON',
    message: 'body is not valid JSON',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: { statusCode: 400, code: 'BODY_NOT_JSON', message: 'body is empty' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { statusCode: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { statusCode: 400, code: 'INVALID_CONTENT_LENGTH' },
  FST_ERR_BAD_URL: { statusCode: 400, code: 'BAD_URL' },
};

/** One failing field of a schema-validated request (body, querystring, params or headers). */
export interface FieldError {
  location: string;
  path: string;
  message: string;
}

interface ValidationFailure {
  validation: { instancePath: string; message?: string; params: Record<string, unknown> }[];
  validationContext?: string;
}

interface FrameworkError {
  code?: unknown;
  statusCode?: unknown;
  message: string;
}

function isValidationFailure(error: unknown): error is ValidationFailure {
  return (
    typeof error === 'object' && error !== null && Array.isArray((error as ValidationFailure).validation)
  );
}

/**
 * Lists the failing fields, naming a missing or a not allowed property in its path (`/name`) rather than
 * the parent (``).
 */
function toFieldErrors(failure: ValidationFailure): FieldError[] {
  return failure.validation.map((issue) => {
    const property = issue.params['missingProperty'] ?? issue.params['additionalProperty'];
    return {
      location: failure.validationContext ?? 'request',
      path: typeof property === 'string' ? `${issue.instancePath}/${property}` : issue.instancePath || '/',
      message: issue.message ?? 'is invalid',
    };
  });
}

function fromClientError(error: FrameworkError, requestId: string): HttpError | undefined {
  const known = typeof error.code === 'string' ? frameworkErrors[error.code] : undefined;
  if (known !== undefined) {
    const message = known.message ?? error.message;
    return { statusCode: known.statusCode, body: { code: known.code, message, requestId } };
  }
  // Any other error that already says it is the client's (4xx) keeps its status; its message is meant for clients.
  const { statusCode } = error;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return { statusCode, body: { code: 'REQUEST_REFUSED', message: error.message, requestId } };
  }
  return undefined;
}

/** The message of every 503: what is away is in the code, the cause only in the log. */
const unavailableMessage = 'a dependency is unavailable; retry later';

/**
 * Maps anything thrown while handling a request to an HTTP status and `{ code, message, requestId, details? }`.
 * Unknown errors (bugs) become 500 INTERNAL and their message is not passed on; neither is the message or the
 * details of an `unavailable` AppError (503).
 */
export function toHttpError(error: unknown, requestId: string): HttpError {
  if (isAppError(error)) {
    const statusCode = httpStatusByKind[error.kind];
    // A 5xx message comes from a driver or the code (addresses, users, SQL): the log has it, the client gets
    // the code, which names what is away (DATABASE_UNAVAILABLE, ...), and a generic message.
    if (error.kind === 'internal') {
      return { statusCode, body: { code: error.code, message: 'internal error', requestId } };
    }
    if (error.kind === 'unavailable') {
      return { statusCode, body: { code: error.code, message: unavailableMessage, requestId } };
    }
    const body: HttpErrorBody = { code: error.code, message: error.message, requestId };
    if (error.details !== undefined) body.details = error.details;
    return { statusCode, body };
  }
  if (isValidationFailure(error)) {
    const fields = toFieldErrors(error);
    const message = `request is invalid: ${fields.map((field) => `${field.location}${field.path} ${field.message}`).join('; ')}`;
    return { statusCode: 400, body: { code: 'VALIDATION_FAILED', message, requestId, details: { fields } } };
  }
  if (error instanceof Error) {
    const clientError = fromClientError(error, requestId);
    if (clientError !== undefined) return clientError;
  }
  return { statusCode: 500, body: { code: 'INTERNAL', message: 'internal error', requestId } };
}
