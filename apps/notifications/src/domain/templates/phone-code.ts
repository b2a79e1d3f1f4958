import type { Locale } from './locales';

const texts: Readonly<Record<Locale, (code: string) => string>> = {
  en: (code) => `Your Homeport code: ${code}. It expires in 10 minutes.`,
  fr: (code) => `Votre code Homeport : ${code}. Il expire dans 10 minutes.`,
};

/** The SMS that carries a phone number's confirmation code. */
export function renderPhoneCode(code: string, locale: Locale): string {
  return texts[locale](code);
}
