/**
 * Account e-mails through SMTP_URL (nodemailer, pure JavaScript): password resets, sign-up
 * confirmations and the note to an address that already has an account. Without SMTP, nothing is
 * sent: a pilote generates reset links from the members page, and sign-up does not wait for a
 * link (decision 0020).
 */
import nodemailer from 'nodemailer';
import { DEFAULT_SMTP_FROM, type AppConfig } from '../../config.ts';
import type { User } from './auth.service.ts';

async function send(config: AppConfig, to: string, subject: string, lines: string[]) {
  if (!config.smtpUrl) return;
  const transport = nodemailer.createTransport(config.smtpUrl);
  await transport.sendMail({
    from: config.smtpFrom ?? DEFAULT_SMTP_FROM,
    to,
    subject,
    text: lines.join('\n'),
  });
}

export async function sendPasswordResetMail(
  config: AppConfig,
  user: User,
  link: string,
): Promise<void> {
  await send(config, user.email, 'Pilotis — réinitialiser votre mot de passe', [
    `Bonjour ${user.name},`,
    '',
    'Pour choisir un nouveau mot de passe, ouvrez ce lien (valable une heure, une seule fois) :',
    link,
    '',
    'Si vous n’avez rien demandé, ignorez ce message : votre mot de passe reste inchangé.',
  ]);
}

/** The link that creates the account of a new address. */
export async function sendSignupConfirmationMail(
  config: AppConfig,
  to: { email: string; name: string },
  link: string,
): Promise<void> {
  await send(config, to.email, 'Pilotis — confirmez votre inscription', [
    `Bonjour ${to.name},`,
    '',
    'Pour terminer votre inscription sur Pilotis, ouvrez ce lien (valable une heure, une seule fois) :',
    link,
    '',
    'Si vous ne vous êtes pas inscrit, ignorez ce message : aucun compte ne sera créé.',
  ]);
}

/**
 * Someone signed up with an address that already has an account: the owner is told, with the
 * way to sign in and a reset link, and nothing changes on the account.
 */
export async function sendExistingAccountMail(
  config: AppConfig,
  user: User,
  links: { signIn: string; reset: string; invitation?: string },
): Promise<void> {
  await send(config, user.email, 'Pilotis — vous avez déjà un compte', [
    `Bonjour ${user.name},`,
    '',
    'Quelqu’un (vous, sans doute) vient de demander à créer un compte Pilotis avec cette adresse. Vous avez déjà un compte : inutile d’en créer un autre.',
    '',
    'Connectez-vous ici :',
    links.signIn,
    '',
    'Mot de passe oublié ? Choisissez-en un nouveau avec ce lien (valable une heure, une seule fois) :',
    links.reset,
    ...(links.invitation
      ? [
          '',
          'Une fois connecté, rouvrez le lien d’invitation pour rejoindre l’organisation :',
          links.invitation,
        ]
      : []),
    '',
    'Si ce n’était pas vous, ignorez ce message : votre compte et votre mot de passe restent inchangés.',
  ]);
}
