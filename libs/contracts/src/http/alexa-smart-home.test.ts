import { compileValidator } from '../validation';
import {
  AlexaDirective,
  AlexaSkillEvent,
  alexaDirectiveExample,
  alexaDiscoverExample,
} from './alexa-smart-home';

describe('Alexa Smart Home contracts', () => {
  const directives = compileValidator(AlexaDirective);

  it("Amazon's SetTargetTemperature and Discover examples are directives; a skill event is not", () => {
    expect(directives.explain(alexaDirectiveExample)).toEqual([]);
    expect(directives.explain(alexaDiscoverExample)).toEqual([]);
    expect(directives.isValid({ version: '1.0', request: { type: 'AlexaSkillEvent.SkillDisabled' } })).toBe(
      false,
    );
  });

  it('a directive of payload version 2, or an endpoint without its token, is refused naming where', () => {
    const { directive } = alexaDirectiveExample;
    const v2 = { directive: { ...directive, header: { ...directive.header, payloadVersion: '2' } } };
    expect(directives.explain(v2).join()).toMatch(/payloadVersion/);
    const noToken = { directive: { ...directive, endpoint: { endpointId: 'endpoint-001' } } };
    expect(directives.explain(noToken).join()).toMatch(/endpoint/);
  });

  it("Amazon's SkillDisabled event (Skill Events in Alexa Skills) is a skill event", () => {
    const skillDisabled = {
      version: '1.0',
      context: {
        System: {
          application: { applicationId: 'amzn1.ask.skill.1' },
          user: { userId: 'amzn1.ask.account.1', accessToken: 'Atza|1' },
          apiEndpoint: 'https://api.amazonalexa.com',
        },
      },
      request: {
        type: 'AlexaSkillEvent.SkillDisabled',
        requestId: 'amzn1.echo-external.request.1',
        timestamp: '2019-01-04T06:41:14Z',
        eventCreationTime: '2019-01-04T06:41:14Z',
        eventPublishingTime: '2019-01-04T06:41:14Z',
        body: { userInformation: { persistenceStatus: 'NOT_PERSISTED' } },
      },
    };
    expect(compileValidator(AlexaSkillEvent).explain(skillDisabled)).toEqual([]);
  });
});
