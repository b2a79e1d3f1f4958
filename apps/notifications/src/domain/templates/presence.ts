import { Type, type Static } from 'typebox';
import { defineEmailTemplate, type EmailTemplate, type RenderContext } from './email-template';
import { formatWhen, openHomeportLabels, type Locale } from './locales';

// Who comes and goes: public-api requests these from geofencing's events (apps/public-api README, "Presence
// notifications"), a member's arrival or departure for the home's other members (category presence), a
// user's own zone for that user (category geofence).

const Name = Type.String({ minLength: 1, maxLength: 200 });
const at = Type.Integer({ minimum: 0, description: 'Epoch ms of the fix that decided it.' });
// The member is named by their address (users have no display name), up to an address's 254 characters.
const memberData = Type.Object({
  homeName: Name,
  memberName: Type.String({ minLength: 1, maxLength: 254 }),
  at,
});
const zoneData = Type.Object({ zoneName: Name, at });

const homeFooters: Readonly<Record<Locale, string>> = {
  en: 'You receive this email because you are a member of this home in Homeport and chose to hear of arrivals and departures.',
  fr: 'Vous recevez cet e-mail car vous êtes membre de ce domicile dans Homeport et avez choisi d’être prévenu des arrivées et départs.',
};
const zoneFooters: Readonly<Record<Locale, string>> = {
  en: 'You receive this email because you asked to be told of this zone of yours in Homeport.',
  fr: 'Vous recevez cet e-mail car vous avez demandé à être prévenu pour cette zone dans Homeport.',
};

/** What a crossing says in one language: the email's subject and line, and the push / SMS line. */
interface Wording {
  readonly subject: string;
  readonly line: string;
  readonly short: string;
}

/** Both languages, from one function of the locale (a new locale is a compile error here). */
const inEveryLocale = <T>(make: (locale: Locale) => T): Readonly<Record<Locale, T>> => ({
  en: make('en'),
  fr: make('fr'),
});

/**
 * A template of one crossing: the email is its line, its time in the recipient's time zone, the console's
 * link and the footer of its category; the push / SMS form is titled with the home or zone.
 */
function crossingTemplate<S extends typeof memberData | typeof zoneData>(template: {
  name: string;
  data: S;
  footers: Readonly<Record<Locale, string>>;
  titleOf: (data: Static<S>) => string;
  wording: Readonly<Record<Locale, (data: Static<S>) => Wording>>;
}): EmailTemplate<S> {
  const { name, data, footers, titleOf, wording } = template;
  return defineEmailTemplate({
    name,
    data,
    short: inEveryLocale((locale) => (values: Static<S>) => ({
      title: titleOf(values),
      body: wording[locale](values).short,
    })),
    content: inEveryLocale((locale) => (values: Static<S>, context: RenderContext) => {
      const { subject, line } = wording[locale](values);
      return {
        subject,
        paragraphs: [line, formatWhen(values.at, locale, context.timeZone)],
        action: { label: openHomeportLabels[locale], url: context.webAppUrl },
        footer: footers[locale],
      };
    }),
  });
}

/** A member of a home arrived (the other members are told). */
export const presenceMemberArrivedTemplate = crossingTemplate({
  name: 'presence.member-arrived',
  data: memberData,
  footers: homeFooters,
  titleOf: (data) => data.homeName,
  wording: {
    en: (data) => ({
      subject: `${data.memberName} arrived at ${data.homeName}`,
      line: `${data.memberName} has just arrived at ${data.homeName}.`,
      short: `${data.memberName} arrived home`,
    }),
    fr: (data) => ({
      subject: `${data.memberName} est arrivé·e à ${data.homeName}`,
      line: `${data.memberName} vient d’arriver à ${data.homeName}.`,
      short: `${data.memberName} est arrivé·e`,
    }),
  },
});

/** A member of a home left it (confirmed outside its zone; the other members are told). */
export const presenceMemberLeftTemplate = crossingTemplate({
  name: 'presence.member-left',
  data: memberData,
  footers: homeFooters,
  titleOf: (data) => data.homeName,
  wording: {
    en: (data) => ({
      subject: `${data.memberName} left ${data.homeName}`,
      line: `${data.memberName} has left ${data.homeName}.`,
      short: `${data.memberName} left`,
    }),
    fr: (data) => ({
      subject: `${data.memberName} a quitté ${data.homeName}`,
      line: `${data.memberName} vient de quitter ${data.homeName}.`,
      short: `${data.memberName} est parti·e`,
    }),
  },
});

/** The user entered a zone of their own (work, school) whose notify is set. */
export const geofenceZoneEnteredTemplate = crossingTemplate({
  name: 'geofence.zone-entered',
  data: zoneData,
  footers: zoneFooters,
  titleOf: (data) => data.zoneName,
  wording: {
    en: (data) => ({
      subject: `You arrived at ${data.zoneName}`,
      line: `You have just entered your zone ${data.zoneName}.`,
      short: `You arrived at ${data.zoneName}`,
    }),
    fr: (data) => ({
      subject: `Vous êtes arrivé·e : ${data.zoneName}`,
      line: `Vous venez d’entrer dans votre zone ${data.zoneName}.`,
      short: `Vous êtes arrivé·e : ${data.zoneName}`,
    }),
  },
});

/** The user left a zone of their own whose notify is set. */
export const geofenceZoneLeftTemplate = crossingTemplate({
  name: 'geofence.zone-left',
  data: zoneData,
  footers: zoneFooters,
  titleOf: (data) => data.zoneName,
  wording: {
    en: (data) => ({
      subject: `You left ${data.zoneName}`,
      line: `You have left your zone ${data.zoneName}.`,
      short: `You left ${data.zoneName}`,
    }),
    fr: (data) => ({
      subject: `Vous avez quitté ${data.zoneName}`,
      line: `Vous venez de sortir de votre zone ${data.zoneName}.`,
      short: `Vous avez quitté ${data.zoneName}`,
    }),
  },
});
