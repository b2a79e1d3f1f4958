import { renderEmail, renderShort, type EmailTemplate, type RenderContext } from './email-template';
import { supportedLocales, type Locale } from './locales';
import { findNotificationTemplate } from './notification-templates';

const member = { homeName: 'Chalet <Alpes>', memberName: 'ada@example.com', at: 1763719200000 };
const zone = { zoneName: 'Work <HQ>', at: 1763712600000 };
const cases: [string, Record<string, unknown>, string][] = [
  ['presence.member-arrived', member, 'Chalet <Alpes>'],
  ['presence.member-left', member, 'Chalet <Alpes>'],
  ['geofence.zone-entered', zone, 'Work <HQ>'],
  ['geofence.zone-left', zone, 'Work <HQ>'],
];
const context = (locale: Locale): RenderContext => ({
  locale,
  timeZone: 'Europe/Paris',
  severity: 'info',
  webAppUrl: 'https://app.homeport.example',
});
const templateNamed = (name: string): EmailTemplate => {
  const template = findNotificationTemplate(name);
  if (template === undefined) throw new Error(`${name} is not a notification template`);
  return template;
};

describe('the presence and geofence templates', () => {
  it.each(cases)(
    '%s is a notification template and renders in every locale, the name escaped in HTML',
    (name, data, shown) => {
      const template = templateNamed(name);
      const subjects = supportedLocales.map((locale) => {
        const email = renderEmail(template, data, context(locale));
        expect(email.subject).toContain(shown);
        expect(email.text).toContain(shown);
        expect(email.html).toContain(shown.replace('<', '&lt;').replace('>', '&gt;'));
        expect(email.html).not.toContain(shown);
        const short = renderShort(template, data, context(locale));
        expect(`${short.title} ${short.body}`).toContain(shown);
        return email.subject;
      });
      expect(new Set(subjects).size).toBe(supportedLocales.length);
    },
  );

  it('writes the time in the recipient time zone', () => {
    const email = renderEmail(templateNamed('presence.member-arrived'), member, context('en'));
    // 1763719200000 is 10:00 UTC, 11:00 in Paris.
    expect(email.text).toMatch(/11:00 AM GMT\+1/);
  });

  it('names a member by the longest address an account may have (254 characters)', () => {
    const memberName = `${'a'.repeat(64)}@${'b'.repeat(184)}.test`;
    expect(memberName).toHaveLength(254);
    const email = renderEmail(
      templateNamed('presence.member-left'),
      { ...member, memberName },
      context('en'),
    );
    expect(email.subject).toContain(memberName);
  });

  it('data missing a field is refused, naming it', () => {
    expect(() =>
      renderEmail(templateNamed('geofence.zone-left'), { zoneName: 'Work' }, context('en')),
    ).toThrow(/geofence\.zone-left: .*\bat\b/);
    expect(() =>
      renderEmail(templateNamed('presence.member-left'), { homeName: 'Chalet', at: 1 }, context('fr')),
    ).toThrow(/memberName/);
  });
});
