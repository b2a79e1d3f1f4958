/** The languages the templates are written in; the first is the fallback. */
export const supportedLocales = ['en', 'fr'] as const;

/** A language the templates are written in. */
export type Locale = (typeof supportedLocales)[number];

const isSupported = (language: string): language is Locale =>
  (supportedLocales as readonly string[]).includes(language);

/** The first of the tags (most wanted first) whose language the templates speak, else English. */
export function chooseLocale(...wanted: readonly (string | undefined)[]): Locale {
  for (const tag of wanted) {
    const language = tag?.split('-')[0]?.toLowerCase();
    if (language !== undefined && isSupported(language)) return language;
  }
  return 'en';
}

/** The IANA time zone if the runtime knows it, else UTC. */
export function chooseTimeZone(timeZone: string | undefined): string {
  if (timeZone === undefined) return 'UTC';
  try {
    dateTimeFormat('en', timeZone);
    return timeZone;
  } catch {
    return 'UTC';
  }
}

// Building an Intl formatter costs far more than using one: one per locale and time zone, kept.
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/** A date and time as people of the locale write it, in the recipient's time zone (with the zone's name). */
export function formatDateTime(epochMs: number, locale: Locale, timeZone: string): string {
  return dateTimeFormat(locale, timeZone).format(new Date(epochMs));
}

/** The label of an email's button to the console. */
export const openHomeportLabels: Readonly<Record<Locale, string>> = {
  en: 'Open Homeport',
  fr: 'Ouvrir Homeport',
};

/** An email's line saying when it happened, in the recipient's time zone: `When: 5 December 2026, 18:02 CET.` */
export function formatWhen(epochMs: number, locale: Locale, timeZone: string): string {
  return `${locale === 'en' ? 'When: ' : 'Quand : '}${formatDateTime(epochMs, locale, timeZone)}.`;
}

/** The formatter of a locale and time zone; throws a RangeError for a zone the runtime does not know. */
function dateTimeFormat(locale: Locale, timeZone: string): Intl.DateTimeFormat {
  const key = `${locale} ${timeZone}`;
  let format = dateTimeFormats.get(key);
  if (format === undefined) {
    format = new Intl.DateTimeFormat(locale, {
      year: 'numeric',
      month: 'long',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZone,
      timeZoneName: 'short',
    });
    dateTimeFormats.set(key, format);
  }
  return format;
}

const numberFormats = new Map<Locale, Intl.NumberFormat>();

/** A number as people of the locale write it (92.5 / 92,5). */
export function formatNumber(value: number, locale: Locale): string {
  let format = numberFormats.get(locale);
  if (format === undefined) {
    format = new Intl.NumberFormat(locale, { maximumFractionDigits: 3 });
    numberFormats.set(locale, format);
  }
  return format.format(value);
}
