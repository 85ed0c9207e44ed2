import { defineMailTemplate } from '@portico/mail';

/** E-mails sent by the portal runtime (all through the outbox). */

export const activationMail = defineMailTemplate({
  kind: 'portal.activation',
  subject: 'Activate your {{brand}} account',
  heading: 'Activate your account',
  body: 'Hello {{name}},\n\nSomeone (we hope you) asked to activate the {{portal}} account for {{email}}. Choose your password with the button below. The link works once and expires in {{hours}} hours.',
  action: { label: 'Choose your password', url: '{{url}}' },
  footnote: 'If you did not ask for this, you can ignore this e-mail: nothing changes until the link is used.',
});

export const verifyEmailMail = defineMailTemplate({
  kind: 'portal.verify-email',
  subject: 'Confirm your e-mail address for {{brand}}',
  heading: 'Confirm your e-mail address',
  body: 'Hello,\n\nAn account on the {{portal}} was requested for {{email}}. Confirm that this address is yours and choose your password with the button below. The link works once and expires in {{hours}} hours.',
  action: { label: 'Confirm and choose a password', url: '{{url}}' },
  footnote: 'If you did not ask for this, you can ignore this e-mail.',
});

export const alreadyActiveMail = defineMailTemplate({
  kind: 'portal.already-active',
  subject: 'Your {{brand}} account is already active',
  heading: 'Your account is already active',
  body: 'Hello {{name}},\n\nSomeone (we hope you) asked to activate the {{portal}} account for {{email}}, but it is already active. Sign in at {{signInUrl}}. If you have forgotten your password, use Forgot Password.',
  action: { label: 'Forgot Password', url: '{{forgotUrl}}' },
  footnote: 'If you did not ask for this, you can ignore this e-mail.',
});

export const forgotPasswordMail = defineMailTemplate({
  kind: 'portal.password-reset',
  subject: 'Reset your {{brand}} password',
  heading: 'Reset your password',
  body: 'Hello {{name}},\n\nSomeone (we hope you) asked to reset the password of the {{portal}} account for {{email}}. Choose a new password with the button below. The link works once and expires in {{minutes}} minutes.',
  action: { label: 'Choose a new password', url: '{{url}}' },
  footnote: 'If you did not ask for this, you can ignore this e-mail: your password stays as it is.',
});

export const passwordChangedMail = defineMailTemplate({
  kind: 'portal.password-changed',
  subject: 'Your {{brand}} password was changed',
  heading: 'Your password was changed',
  body: 'Hello {{name}},\n\nThe password of your portal account ({{email}}) was changed, and every other signed-in session was ended.\n\nIf you did not do this, reset your password now with Forgot Password at {{forgotUrl}} and contact us.',
});

export const oneTimePasswordMail = defineMailTemplate({
  kind: 'portal.one-time-password',
  subject: 'Your {{brand}} one-time password',
  heading: 'Your one-time password',
  body: 'Hello {{name}},\n\nYour account with the user name {{userName}} has been activated. Sign in at {{signInUrl}} with your user name and this one-time password:\n\n{{password}}\n\nYou will be asked to choose your own password straight away.',
  footnote: 'If you did not ask for this, contact us.',
});

export const emailChangeMail = defineMailTemplate({
  kind: 'portal.email-change',
  subject: 'Confirm your new e-mail address for {{brand}}',
  heading: 'Confirm your new e-mail address',
  body: 'Hello {{name}},\n\nYou asked to use {{email}} for your portal account. Confirm with the button below. The link works once and expires in {{hours}} hours.',
  action: { label: 'Confirm the new address', url: '{{url}}' },
  footnote: 'If you did not ask for this, you can ignore this e-mail: your address stays as it is.',
});

export const emailChangedMail = defineMailTemplate({
  kind: 'portal.email-changed',
  subject: 'Your {{brand}} e-mail address was changed',
  heading: 'Your e-mail address was changed',
  body: 'Hello {{name}},\n\nThe e-mail address of your portal account was changed from {{oldEmail}} to {{email}}. If you did not do this, contact us.',
});
