import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { defineMailTemplate, escapeHtml, interpolate, MailTemplateError, MailTemplates } from '../src/mail-templates';
import { parseOutboxMessage } from '../src/outbox';

const invitation = defineMailTemplate({
  kind: 'portal.invitation',
  subject: 'Your invitation to {{portal}}',
  heading: 'Welcome, {{name}}',
  body: 'You have been invited to {{portal}} by {{inviter}}.\n\nQuestions? Write to us or see https://example.org/help.\nThank you.',
  action: { label: 'Accept the invitation', url: '{{url}}' },
  footnote: 'This link is valid for {{days}} days.',
});

const values = {
  name: '<script>alert("x")</script> & Co',
  portal: 'Applicant "Portal"',
  inviter: "O'Brien <admin@example.org>",
  url: 'https://portal.example.org/accept?token=abc&next=%2F"><img/src=x>',
  days: 7,
};

test('every interpolated value is HTML-escaped in the HTML part', () => {
  const mail = new MailTemplates().render(invitation, values);
  assert.not.match(mail.html, /<script>/);
  assert.not.match(mail.html, /<img/);
  assert.match(mail.html, /Welcome, &lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt; &amp; Co/);
  assert.match(mail.html, /by O&#39;Brien &lt;admin@example.org&gt;\./);
  assert.match(mail.html, /href="https:\/\/portal\.example\.org\/accept\?token=abc&amp;next=%2F&quot;&gt;&lt;img\/src=x&gt;"/);
  assert.match(mail.html, /<title>Your invitation to Applicant &quot;Portal&quot;<\/title>/);
});

test('the text part carries the values as they are, with the action as label and URL', () => {
  const mail = new MailTemplates({ brandName: 'Nursing Council' }).render(invitation, values);
  assert.is(mail.kind, 'portal.invitation');
  assert.is(mail.subject, 'Your invitation to Applicant "Portal"');
  assert.is(
    mail.text,
    [
      'Welcome, <script>alert("x")</script> & Co',
      `You have been invited to Applicant "Portal" by O'Brien <admin@example.org>.`,
      'Questions? Write to us or see https://example.org/help.\nThank you.',
      `Accept the invitation:\n${values.url}`,
      'This link is valid for 7 days.',
      '-- \nNursing Council',
    ].join('\n\n') + '\n',
  );
  // And the result is a valid outbox message.
  parseOutboxMessage({ to: 'ann@example.org', ...mail });
});

test('layout: brand name and colour, accessible structure, readable button text, links in paragraphs', () => {
  const dark = new MailTemplates({ brandName: 'Nursing & Midwifery Council', brandColor: '#00594f', footer: '1 Main St, Springfield', lang: 'en-GB' }).render(invitation, values);
  assert.match(dark.html, /^<!doctype html>\n<html lang="en-GB">/);
  assert.match(dark.html, /<meta charset="utf-8">/);
  assert.match(dark.html, /role="article" aria-roledescription="email" aria-label="Your invitation to Applicant &quot;Portal&quot;"/);
  assert.match(dark.html, /<table role="presentation"/);
  assert.not.match(dark.html, /<table(?![^>]*role="presentation")/, 'every layout table is presentational');
  assert.match(dark.html, /<h1[^>]*>Welcome,/);
  assert.match(dark.html, /Nursing &amp; Midwifery Council/);
  assert.match(dark.html, /border-top:4px solid #00594f/);
  assert.match(dark.html, /background:#00594f;"><a [^>]*color:#ffffff;/, 'white on a dark brand colour');
  assert.match(dark.html, />1 Main St, Springfield</);
  assert.match(dark.html, /<a href="https:\/\/example\.org\/help"[^>]*>https:\/\/example\.org\/help<\/a>\.<br>Thank you\./);

  const light = new MailTemplates({ brandColor: '#ffd700' }).render(invitation, values);
  assert.match(light.html, /background:#ffd700;"><a [^>]*color:#1a1a1a;/, 'dark text on a light brand colour');
  assert.match(light.html, />Portico</);
});

test('missing values, unsafe action URLs and bad layout options are errors', () => {
  const t = new MailTemplates();
  assert.throws(() => t.render(invitation, { ...values, url: undefined as never }), (e: Error) => e instanceof MailTemplateError && /\{\{url\}\}/.test(e.message));
  assert.throws(() => t.render(invitation, { ...values, url: 'javascript:alert(1)' }), /absolute http\(s\) URL/);
  assert.throws(() => t.render(invitation, { ...values, url: '/relative' }), /absolute http\(s\) URL/);
  assert.throws(() => new MailTemplates({ brandColor: 'red;background:url(x)' }), /brandColor/);
  assert.throws(() => new MailTemplates({ lang: 'en" onload="x' }), /lang/);
  // Subjects stay one line whatever the values hold.
  const mail = t.render({ kind: 'k', subject: 'Hello {{name}}', body: 'x' }, { name: 'Ann\r\nBcc: evil@example.org' });
  assert.is(mail.subject, 'Hello Ann Bcc: evil@example.org');
});

test('escapeHtml and interpolate', () => {
  assert.is(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  assert.is(interpolate('{{ a }}-{{b.c}}-{{a}}', { a: 1, 'b.c': 'x' }), '1-x-1');
  assert.is(interpolate('{{constructor}}', { constructor: 'ok' }), 'ok');
  assert.throws(() => interpolate('{{toString}}', {}), /no value for \{\{toString\}\}/, 'no prototype lookups');
});

test.run();
