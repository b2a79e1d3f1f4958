import { compileValidator, type Validator } from '@homeport/contracts';
import { AppError } from '@homeport/errors';
import type { Static, TSchema } from 'typebox';
import { html, type SafeHtml } from './html';
import type { Locale } from './locales';

/** What a template knows besides its data. */
export interface RenderContext {
  readonly locale: Locale;
  /** The recipient's IANA time zone, for dates. */
  readonly timeZone: string;
  readonly severity: 'info' | 'warning' | 'critical';
  /** Base URL of the web console, for links. */
  readonly webAppUrl: string;
  /** The one-click unsubscribe link of emails of a preference category (RFC 8058). */
  readonly unsubscribeUrl?: string;
}

const unsubscribeLabels: Readonly<Record<Locale, string>> = {
  en: 'Stop these emails',
  fr: 'Ne plus recevoir ces e-mails',
};

/** An email's content in one language: subject, plain text and HTML (escaped). */
export interface RenderedEmail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** A part of an email: its subject, paragraphs of text, and an optional call to action. */
export interface EmailContent {
  readonly subject: string;
  readonly paragraphs: readonly string[];
  readonly action?: { readonly label: string; readonly url: string };
  readonly footer: string;
}

/** What a push notification shows and an SMS says: a title and one line. */
export interface ShortContent {
  readonly title: string;
  readonly body: string;
}

/**
 * An email template: the data it needs (checked before rendering) and its content in every locale; `short`,
 * for the templates that also go out by push and SMS, their short form in every locale.
 */
export interface EmailTemplate<S extends TSchema = TSchema> {
  readonly name: string;
  readonly data: S;
  readonly content: Readonly<Record<Locale, (data: Static<S>, context: RenderContext) => EmailContent>>;
  readonly short?: Readonly<Record<Locale, (data: Static<S>, context: RenderContext) => ShortContent>>;
}

/** Typed template functions, one per locale: the compiler checks every locale uses only the data declared. */
export function defineEmailTemplate<S extends TSchema>(template: EmailTemplate<S>): EmailTemplate<S> {
  return template;
}

const paragraph = (text: string): SafeHtml => html`<p style="margin:0 0 16px">${text}</p>`;

/** The one HTML layout of every email (inline styles: mail clients ignore style sheets). */
function layout(content: EmailContent, context: RenderContext): string {
  const { locale, unsubscribeUrl } = context;
  const unsubscribe =
    unsubscribeUrl === undefined
      ? html``
      : html`<p style="margin:8px 0 0;font-size:12px">
          <a href="${unsubscribeUrl}">${unsubscribeLabels[locale]}</a>
        </p>`;
  const action =
    content.action === undefined
      ? html``
      : html`<p style="margin:24px 0">
            <a
              href="${content.action.url}"
              style="background:#1f6feb;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none"
              >${content.action.label}</a
            >
          </p>
          <p style="margin:0 0 16px;font-size:13px;color:#57606a">${content.action.url}</p>`;
  return html`<!doctype html>
    <html lang="${locale}">
      <head>
        <meta charset="utf-8" />
        <title>${content.subject}</title>
      </head>
      <body style="font-family:system-ui,sans-serif;color:#1f2328;max-width:560px;margin:0 auto;padding:24px">
        ${content.paragraphs.map(paragraph)}${action}
        <p style="margin:32px 0 0;font-size:12px;color:#57606a">${content.footer}</p>
        ${unsubscribe}
      </body>
    </html> `.value;
}

function plainText(content: EmailContent, context: RenderContext): string {
  const action = content.action === undefined ? [] : [`${content.action.label}: ${content.action.url}`];
  const unsubscribe =
    context.unsubscribeUrl === undefined
      ? []
      : [`${unsubscribeLabels[context.locale]}: ${context.unsubscribeUrl}`];
  return [...content.paragraphs, ...action, '--', content.footer, ...unsubscribe].join('\n\n') + '\n';
}

const validators = new WeakMap<EmailTemplate, Validator<TSchema>>();

/** Checks the data against the template: AppError invalid TEMPLATE_DATA_INVALID naming the fields. */
function checkTemplateData(template: EmailTemplate, data: unknown): void {
  let validator = validators.get(template);
  if (validator === undefined) {
    validator = compileValidator(template.data);
    validators.set(template, validator);
  }
  if (!validator.isValid(data)) {
    const problems = validator.explain(data);
    throw new AppError(
      'invalid',
      'TEMPLATE_DATA_INVALID',
      `data for ${template.name}: ${problems.join('; ')}`,
      {
        details: { template: template.name, fields: problems },
      },
    );
  }
}

/** Checks the data, then renders subject, text and HTML in the context's locale. */
export function renderEmail(template: EmailTemplate, data: unknown, context: RenderContext): RenderedEmail {
  checkTemplateData(template, data);
  const content = template.content[context.locale](data, context);
  // Header folding is nodemailer's; a line break in a subject would still read as a new header to some.
  const subject = content.subject.replace(/[\r\n]+/g, ' ');
  return { subject, text: plainText(content, context), html: layout({ ...content, subject }, context) };
}

/** The push / SMS form (the email's subject and first paragraph for a template without one). */
export function renderShort(template: EmailTemplate, data: unknown, context: RenderContext): ShortContent {
  checkTemplateData(template, data);
  const short = template.short?.[context.locale];
  if (short !== undefined) return short(data, context);
  const content = template.content[context.locale](data, context);
  return { title: content.subject, body: content.paragraphs[0] ?? '' };
}
