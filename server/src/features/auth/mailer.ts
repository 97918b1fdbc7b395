/**
 * Password-reset e-mails through SMTP_URL (nodemailer, pure JavaScript). Without SMTP, nothing is
 * sent: a pilote generates the link from the members page and passes it on.
 */
import nodemailer from 'nodemailer';
import { DEFAULT_SMTP_FROM, type AppConfig } from '../../config.ts';
import type { User } from './auth.service.ts';

export async function sendPasswordResetMail(
  config: AppConfig,
  user: User,
  link: string,
): Promise<void> {
  if (!config.smtpUrl) return;
  const transport = nodemailer.createTransport(config.smtpUrl);
  const from = config.smtpFrom ?? DEFAULT_SMTP_FROM;
  await transport.sendMail({
    from,
    to: user.email,
    subject: 'Pilotis — réinitialiser votre mot de passe',
    text: [
      `Bonjour ${user.name},`,
      '',
      'Pour choisir un nouveau mot de passe, ouvrez ce lien (valable 24 heures, une seule fois) :',
      link,
      '',
      'Si vous n’avez rien demandé, ignorez ce message : votre mot de passe reste inchangé.',
    ].join('\n'),
  });
}
