import { buildConsoleLink } from '@homeport/contracts';
import { Type } from 'typebox';
import { defineEmailTemplate } from './email-template';
import { formatDateTime } from './locales';

const Token = Type.String({ pattern: '^[A-Za-z0-9_-]{43}$' });
const EpochMs = Type.Integer({ minimum: 0 });
const Uuid = Type.String({ format: 'uuid' });

/** The confirmation of a new address (public-api's user.email-verification-requested). */
export const emailVerificationTemplate = defineEmailTemplate({
  name: 'account.email-verification',
  data: Type.Object({ token: Token, expiresAt: EpochMs }),
  content: {
    en: (data, context) => ({
      subject: 'Confirm your email address for Homeport',
      paragraphs: [
        'Welcome to Homeport. Confirm that this address is yours to receive alerts and invitations.',
        `The link works once, until ${formatDateTime(data.expiresAt, 'en', context.timeZone)}. ` +
          `Your confirmation code, if you are asked for it: ${data.token}`,
      ],
      action: {
        label: 'Confirm my address',
        url: buildConsoleLink(context.webAppUrl, { page: 'verify-email', token: data.token }),
      },
      footer: 'If you did not sign up for Homeport, ignore this email: nothing happens without the link.',
    }),
    fr: (data, context) => ({
      subject: 'Confirmez votre adresse e-mail pour Homeport',
      paragraphs: [
        'Bienvenue sur Homeport. Confirmez que cette adresse est la vôtre pour recevoir alertes et invitations.',
        `Le lien sert une fois, jusqu’au ${formatDateTime(data.expiresAt, 'fr', context.timeZone)}. ` +
          `Votre code de confirmation, si on vous le demande : ${data.token}`,
      ],
      action: {
        label: 'Confirmer mon adresse',
        url: buildConsoleLink(context.webAppUrl, { page: 'verify-email', token: data.token }),
      },
      footer:
        'Si vous ne vous êtes pas inscrit sur Homeport, ignorez cet e-mail : rien ne se passe sans le lien.',
    }),
  },
});

/** A password reset (public-api's user.password-reset-requested). */
export const passwordResetTemplate = defineEmailTemplate({
  name: 'account.password-reset',
  data: Type.Object({ token: Token, expiresAt: EpochMs }),
  content: {
    en: (data, context) => ({
      subject: 'Reset your Homeport password',
      paragraphs: [
        'Someone (we hope you) asked to reset the password of your Homeport account.',
        `The link works once, until ${formatDateTime(data.expiresAt, 'en', context.timeZone)}; using it signs ` +
          `out every session. Your reset code, if you are asked for it: ${data.token}`,
      ],
      action: {
        label: 'Choose a new password',
        url: buildConsoleLink(context.webAppUrl, { page: 'reset-password', token: data.token }),
      },
      footer: 'If you did not ask for this, ignore this email: your password stays as it is.',
    }),
    fr: (data, context) => ({
      subject: 'Réinitialisez votre mot de passe Homeport',
      paragraphs: [
        'Quelqu’un (vous, espérons-le) a demandé à réinitialiser le mot de passe de votre compte Homeport.',
        `Le lien sert une fois, jusqu’au ${formatDateTime(data.expiresAt, 'fr', context.timeZone)} ; l’utiliser ` +
          `ferme toutes les sessions. Votre code, si on vous le demande : ${data.token}`,
      ],
      action: {
        label: 'Choisir un nouveau mot de passe',
        url: buildConsoleLink(context.webAppUrl, { page: 'reset-password', token: data.token }),
      },
      footer: 'Si vous n’avez rien demandé, ignorez cet e-mail : votre mot de passe ne change pas.',
    }),
  },
});

const invitationData = {
  invitationId: Uuid,
  role: Type.String({ minLength: 1, maxLength: 40 }),
  expiresAt: EpochMs,
};

/** An invitation to a home (public-api's home.member-invited); it carries no secret. */
export const homeInvitationTemplate = defineEmailTemplate({
  name: 'home.invitation',
  data: Type.Object({ ...invitationData, homeName: Type.String({ minLength: 1, maxLength: 200 }) }),
  content: {
    en: (data, context) => ({
      subject: `You are invited to the home "${data.homeName}" on Homeport`,
      paragraphs: [
        `You are invited to join the home "${data.homeName}" as ${data.role}.`,
        `Sign in (or sign up) with this address, verified, to accept it before ` +
          `${formatDateTime(data.expiresAt, 'en', context.timeZone)}. Invitation: ${data.invitationId}`,
      ],
      action: {
        label: 'See the invitation',
        url: buildConsoleLink(context.webAppUrl, { page: 'invitation', invitationId: data.invitationId }),
      },
      footer: 'If you do not know this home, ignore this email.',
    }),
    fr: (data, context) => ({
      subject: `Vous êtes invité dans le logement « ${data.homeName} » sur Homeport`,
      paragraphs: [
        `Vous êtes invité à rejoindre le logement « ${data.homeName} » (rôle : ${data.role}).`,
        `Connectez-vous (ou inscrivez-vous) avec cette adresse, vérifiée, pour l’accepter avant le ` +
          `${formatDateTime(data.expiresAt, 'fr', context.timeZone)}. Invitation : ${data.invitationId}`,
      ],
      action: {
        label: 'Voir l’invitation',
        url: buildConsoleLink(context.webAppUrl, { page: 'invitation', invitationId: data.invitationId }),
      },
      footer: 'Si vous ne connaissez pas ce logement, ignorez cet e-mail.',
    }),
  },
});

/** An invitation to work for a vendor (public-api's vendor.member-invited). */
export const vendorInvitationTemplate = defineEmailTemplate({
  name: 'vendor.invitation',
  data: Type.Object({ ...invitationData, vendorId: Type.String({ minLength: 1, maxLength: 64 }) }),
  content: {
    en: (data, context) => ({
      subject: `You are invited to the vendor ${data.vendorId} on Homeport`,
      paragraphs: [
        `You are invited to work for the vendor ${data.vendorId} as ${data.role}.`,
        `Sign in (or sign up) with this address, verified, to accept it before ` +
          `${formatDateTime(data.expiresAt, 'en', context.timeZone)}. Invitation: ${data.invitationId}`,
      ],
      action: {
        label: 'See the invitation',
        url: buildConsoleLink(context.webAppUrl, { page: 'invitation', invitationId: data.invitationId }),
      },
      footer: 'If you do not expect this invitation, ignore this email.',
    }),
    fr: (data, context) => ({
      subject: `Vous êtes invité chez le fabricant ${data.vendorId} sur Homeport`,
      paragraphs: [
        `Vous êtes invité à travailler pour le fabricant ${data.vendorId} (rôle : ${data.role}).`,
        `Connectez-vous (ou inscrivez-vous) avec cette adresse, vérifiée, pour l’accepter avant le ` +
          `${formatDateTime(data.expiresAt, 'fr', context.timeZone)}. Invitation : ${data.invitationId}`,
      ],
      action: {
        label: 'Voir l’invitation',
        url: buildConsoleLink(context.webAppUrl, { page: 'invitation', invitationId: data.invitationId }),
      },
      footer: 'Si vous n’attendiez pas cette invitation, ignorez cet e-mail.',
    }),
  },
});
