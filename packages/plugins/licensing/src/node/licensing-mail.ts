import { defineMailTemplate } from '@portico/mail';

/** E-mails to applicants. Written to the outbox in the transaction of the change they announce. */
export const applicationReceivedMail = defineMailTemplate({
  kind: 'licensing.application-received',
  subject: 'We have received your {{type}} license application {{reference}}',
  heading: 'Application received',
  body: 'Hello {{name}},\n\nThank you. We have received your application {{reference}} for a {{type}} license. Our staff will review it and e-mail you when it has been decided.',
  footnote: 'You can follow your application in the Applicant Portal.',
});

export const applicationApprovedMail = defineMailTemplate({
  kind: 'licensing.application-approved',
  subject: 'Your {{type}} license {{number}} has been issued',
  heading: 'Your license has been issued',
  body: 'Hello {{name}},\n\nYour application {{reference}} has been approved. Your {{type}} license number is {{number}}; it is valid until {{expires}}.\n\nSign in to the Licensee Portal to see your license and print its certificate.',
  action: { label: 'Open the Licensee Portal', url: '{{url}}' },
});

export const applicationRejectedMail = defineMailTemplate({
  kind: 'licensing.application-rejected',
  subject: 'Your {{type}} license application {{reference}} was not approved',
  heading: 'Your application was not approved',
  body: 'Hello {{name}},\n\nWe are sorry: your application {{reference}} for a {{type}} license was not approved.\n\nReason: {{reason}}\n\nYou can start a new application in the Applicant Portal.',
});
