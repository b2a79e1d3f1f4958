import { fromPreferencesForm, toggleChannel, toPreferencesForm } from './preferences-form';

describe('the notification preferences form', () => {
  const answered = {
    channels: { alert: ['email' as const], presence: [], geofence: [] },
    quietHours: null,
    digest: { at: '08:30' },
  };

  it('when nothing is changed, it saves what public-api answered', () => {
    expect(fromPreferencesForm(toPreferencesForm(answered))).toEqual(answered);
  });

  it('when a channel is ticked and another unticked, only those change', () => {
    const form = toggleChannel(
      toggleChannel(toPreferencesForm(answered), 'alert', 'web-push', true),
      'alert',
      'email',
      false,
    );
    expect(fromPreferencesForm(form).channels).toEqual({ alert: ['web-push'], presence: [], geofence: [] });
  });

  it('when quiet hours are switched on, the window shown is saved; a digest switched off is null', () => {
    const form = { ...toPreferencesForm(answered), quietHoursOn: true, quietTo: '06:45', digestOn: false };
    expect(fromPreferencesForm(form)).toMatchObject({
      quietHours: { from: '22:00', to: '06:45' },
      digest: null,
    });
  });
});
