import { alertEscalatedTemplate, alertFlappingTemplate, alertResolvedTemplate } from './alert-lifecycle';
import { renderEmail, renderShort, type EmailTemplate, type RenderContext } from './email-template';

const about = {
  ruleName: 'Frost in the cellar',
  deviceName: 'thermostat-0042',
  homeName: 'Chalet <Alpes>',
  message: 'thermostat-0042: temperature is 4 °C',
};
const cases: [string, EmailTemplate, Record<string, unknown>, string][] = [
  ['alert.resolved', alertResolvedTemplate, { ...about, resolvedAt: 1763721600000 }, 'Resolved'],
  [
    'alert.escalated',
    alertEscalatedTemplate,
    { ...about, level: 1, firedAt: 1763719800000 },
    'Not acknowledged',
  ],
  [
    'alert.flapping',
    alertFlappingTemplate,
    { ...about, transitions: 12, windowMinutes: 10, changedAt: 1763720000000 },
    'Flapping',
  ],
];
const context = (locale: 'en' | 'fr'): RenderContext => ({
  locale,
  timeZone: 'Europe/Paris',
  severity: 'critical',
  webAppUrl: 'https://app.homeport.example',
});

describe("the alert lifecycle's templates", () => {
  it.each(cases)(
    '%s renders in English and French, the home escaped in HTML',
    (_name, template, data, word) => {
      const english = renderEmail(template, data, context('en'));
      expect(english.subject).toContain(word);
      expect(english.text).toContain('Chalet <Alpes>');
      expect(english.html).toContain('Chalet &lt;Alpes&gt;');
      const french = renderEmail(template, data, context('fr'));
      expect(french.subject).not.toEqual(english.subject);
      expect(french.text).toContain('Frost in the cellar');
      expect(renderShort(template, data, context('fr')).title).toContain('Frost in the cellar');
    },
  );

  it('data missing a field is refused, naming it', () => {
    expect(() => renderEmail(alertResolvedTemplate as EmailTemplate, about, context('en'))).toThrow(
      /resolvedAt/,
    );
  });
});
