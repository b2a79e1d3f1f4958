import { isAppError, type AppError } from '@homeport/errors';
import { checkCommandName, checkDesiredPatch } from './device-features';

const features = ['temperature', 'setpoint', 'mode', 'schedule', 'a/b'];
const reported = { temperature: 20.5, setpoint: 21, mode: 'heat', schedule: { start: '07:00', days: 5 } };

function refusalOf(check: () => void): AppError {
  try {
    check();
  } catch (error) {
    if (isAppError(error)) return error;
    throw error;
  }
  throw new Error('the check accepted the request');
}

describe('device features', () => {
  it('a patch of features with the reported types, removals and never reported features is accepted', () => {
    expect(() => {
      checkDesiredPatch({ setpoint: 22.5, mode: null }, features, reported);
    }).not.toThrow();
    expect(() => {
      checkDesiredPatch({ schedule: { start: '06:30' } }, features, reported);
    }).not.toThrow();
    expect(() => {
      checkDesiredPatch({ 'a/b': [1] }, features, undefined);
    }).not.toThrow();
  });

  it('an unknown property and a value of the wrong type are refused, each named by its JSON pointer', () => {
    const refusal = refusalOf(() => {
      checkDesiredPatch(
        { humidity: 40, setpoint: 'hot', schedule: { days: 'weekdays' } },
        features,
        reported,
      );
    });
    expect(refusal).toMatchObject({ kind: 'invalid', code: 'DESIRED_STATE_INVALID' });
    expect(refusal.details).toEqual({
      fields: [
        { location: 'body', path: '/humidity', message: 'is not a feature of the product' },
        {
          location: 'body',
          path: '/setpoint',
          message: 'must be of type number (the device reports one), not string',
        },
        {
          location: 'body',
          path: '/schedule/days',
          message: 'must be of type number (the device reports one), not string',
        },
      ],
    });
  });

  it('a property name with / or ~ is escaped in its pointer (RFC 6901)', () => {
    const refusal = refusalOf(() => {
      checkDesiredPatch({ 'x~y/z': 1 }, features, reported);
    });
    expect(refusal.details).toMatchObject({ fields: [{ path: '/x~0y~1z' }] });
  });

  it('a command must be named after a feature', () => {
    expect(() => {
      checkCommandName('setpoint', features);
    }).not.toThrow();
    expect(
      refusalOf(() => {
        checkCommandName('selfDestruct', features);
      }),
    ).toMatchObject({
      code: 'COMMAND_UNKNOWN',
      details: { fields: [{ path: '/name' }] },
    });
  });
});
