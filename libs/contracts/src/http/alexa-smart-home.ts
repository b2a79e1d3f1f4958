import { Type, type Static } from 'typebox';

/**
 * The Alexa Smart Home Skill API v3 messages public-api reads and writes at `POST /v1/assistants/alexa`: the
 * directives Alexa sends (forwarded unchanged by the skill's Lambda function), the events answered, and the
 * ChangeReports sent to Alexa's event gateway. Only what Homeport reads is constrained; Alexa may add fields.
 * https://developer.amazon.com/en-US/docs/alexa/device-apis/message-guide.html
 */

const Scope = Type.Object(
  { type: Type.Literal('BearerToken'), token: Type.String({ minLength: 1, maxLength: 4096 }) },
  { description: "The linked user's access token (Homeport's OAuth access token)." },
);

const Header = Type.Object({
  namespace: Type.String({ minLength: 1, maxLength: 128 }),
  name: Type.String({ minLength: 1, maxLength: 128 }),
  payloadVersion: Type.Literal('3'),
  messageId: Type.String({ minLength: 1, maxLength: 256 }),
  correlationToken: Type.Optional(Type.String({ maxLength: 8192 })),
});

/** A directive from Alexa: Discover, ReportState, a controller's, AcceptGrant. */
export const AlexaDirective = Type.Object({
  directive: Type.Object({
    header: Header,
    endpoint: Type.Optional(
      Type.Object({
        endpointId: Type.String({ minLength: 1, maxLength: 256 }),
        scope: Scope,
        cookie: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
      }),
    ),
    payload: Type.Record(Type.String(), Type.Unknown()),
  }),
});
export type AlexaDirective = Static<typeof AlexaDirective>;

/** A skill event (AlexaSkillEvent.SkillDisabled, ...), forwarded by the Lambda function like a directive. */
export const AlexaSkillEvent = Type.Object({
  version: Type.String(),
  context: Type.Object({
    System: Type.Object({
      user: Type.Object({ userId: Type.String(), accessToken: Type.Optional(Type.String()) }),
    }),
  }),
  request: Type.Object({
    type: Type.String({ pattern: '^AlexaSkillEvent\\.' }),
    requestId: Type.String(),
  }),
});
export type AlexaSkillEvent = Static<typeof AlexaSkillEvent>;

/** One reported property: `value` is the interface's (a string, a number, `{ value, scale }`, ...). */
export interface AlexaProperty {
  readonly namespace: string;
  readonly name: string;
  readonly value: unknown;
  /** ISO 8601: when the value was read from the device. */
  readonly timeOfSample: string;
  readonly uncertaintyInMilliseconds: number;
}

/**
 * An event public-api answers or sends: its header, the endpoint it is about, its payload and context. (A type
 * alias: it is a JSON body, assignable to a record of unknown values.)
 */
export type AlexaEvent = {
  readonly context?: { readonly properties: readonly AlexaProperty[] };
  readonly event: {
    readonly header: {
      readonly namespace: string;
      readonly name: string;
      readonly payloadVersion: '3';
      readonly messageId: string;
      readonly correlationToken?: string;
    };
    readonly endpoint?: {
      readonly endpointId: string;
      readonly scope?: { readonly type: 'BearerToken'; readonly token: string };
    };
    readonly payload: Record<string, unknown>;
  };
};

/** `POST /v1/assistants/alexa`: any JSON object (a directive or a skill event); each is told apart by its shape. */
export const AlexaRequestBody = Type.Record(Type.String(), Type.Unknown(), {
  description:
    "A directive of the Smart Home Skill API v3, or a skill event, as Alexa sent it to the skill's Lambda function.",
});

/** The answer: an Alexa event (`Discover.Response`, `StateReport`, `Response`, `ErrorResponse`, ...). */
export const AlexaResponseBody = Type.Record(Type.String(), Type.Unknown(), {
  description: 'The event Alexa expects back, an ErrorResponse included (always HTTP 200).',
});

/**
 * Amazon's SetTargetTemperature example (alexa-samples/alexa-smarthome,
 * sample_messages/ThermostatController/ThermostatController.SetTargetTemperature.SingleMode.request.json).
 */
export const alexaDirectiveExample: AlexaDirective = {
  directive: {
    header: {
      namespace: 'Alexa.ThermostatController',
      name: 'SetTargetTemperature',
      payloadVersion: '3',
      messageId: '1bd5d003-31b9-476f-ad03-71d471922820',
      correlationToken: 'dFMb0z+PgpgdDmluhJ1LddFvSqZ/jCc8ptlAKulUj90jSqg==',
    },
    endpoint: {
      scope: { type: 'BearerToken', token: 'access-token-from-skill' },
      endpointId: 'endpoint-001',
      cookie: {},
    },
    payload: { targetSetpoint: { value: 25.0, scale: 'CELSIUS' } },
  },
};

/** Amazon's Discover example (alexa-samples/alexa-smarthome, sample_messages/Discovery/Discovery.request.json). */
export const alexaDiscoverExample: AlexaDirective = {
  directive: {
    header: {
      namespace: 'Alexa.Discovery',
      name: 'Discover',
      payloadVersion: '3',
      messageId: '1bd5d003-31b9-476f-ad03-71d471922820',
    },
    payload: { scope: { type: 'BearerToken', token: 'access-token-from-skill' } },
  },
};

/** Amazon's ChangeReport example (alexa-samples/alexa-smarthome, sample_messages/ChangeReport/ChangeReport.json). */
export const alexaChangeReportExample: AlexaEvent = {
  context: {
    properties: [
      {
        namespace: 'Alexa.BrightnessController',
        name: 'brightness',
        value: 85,
        timeOfSample: '2017-09-27T18:30:30.45Z',
        uncertaintyInMilliseconds: 200,
      },
    ],
  },
  event: {
    header: {
      namespace: 'Alexa',
      name: 'ChangeReport',
      payloadVersion: '3',
      messageId: '5f8a426e-01e4-4cc9-8b79-65f8bd0fd8a4',
    },
    endpoint: {
      scope: { type: 'BearerToken', token: 'access-token-from-Amazon' },
      endpointId: 'endpoint-001',
    },
    payload: {
      change: {
        cause: { type: 'PHYSICAL_INTERACTION' },
        properties: [
          {
            namespace: 'Alexa.PowerController',
            name: 'powerState',
            value: 'ON',
            timeOfSample: '2017-09-27T18:30:30.45Z',
            uncertaintyInMilliseconds: 200,
          },
        ],
      },
    },
  },
};
