import { defineMailTemplate } from '@portico/mail';

/** E-mails of portal accounts. Links point at the portal runtime's pages. */
export const invitationMail = defineMailTemplate({
  kind: 'portal.invitation',
  subject: 'Your {{brand}} portal account is ready',
  heading: 'Your account has been created',
  body: 'Hello {{name}},\n\nAn account has been created for you ({{email}}) on the {{brand}} portals.\n\nChoose your password with the button below, then sign in at {{signInUrl}}. The link works once and expires in {{hours}} hours; after that, use "Forgot Password" on the sign-in page.',
  action: { label: 'Set your password', url: '{{url}}' },
  footnote: 'If you did not expect this e-mail, you can ignore it.',
});

export const resetAccessMail = defineMailTemplate({
  kind: 'portal.reset-access',
  subject: 'Reset your {{brand}} portal password',
  heading: 'Your access has been reset',
  body: 'Hello {{name}},\n\nStaff have reset access to your portal account ({{email}}). Choose a new password with the button below. The link works once and expires in {{minutes}} minutes.',
  action: { label: 'Choose a new password', url: '{{url}}' },
  footnote: 'If you did not ask for this, contact us.',
});
