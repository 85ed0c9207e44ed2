/**
 * Tiny, safe e-mail templating: `{{name}}` placeholders in a subject, an optional heading,
 * paragraphs, an optional call-to-action button and a footnote, rendered to a plain-text part
 * and an HTML part in one clean, accessible layout. Every interpolated value is HTML-escaped
 * in the HTML part; a missing value is an error rather than a literal `{{name}}` in a sent mail.
 *
 * ```ts
 * const templates = new MailTemplates({ brandName: 'Nursing Council', brandColor: '#00594f' });
 * const invitation = defineMailTemplate({
 *   kind: 'portal.invitation',
 *   subject: 'Your invitation to {{portal}}',
 *   heading: 'Welcome, {{name}}',
 *   body: 'You have been invited to {{portal}}.\n\nThe link below is valid for 7 days.',
 *   action: { label: 'Accept the invitation', url: '{{url}}' },
 * });
 * await outbox.enqueue(tx, { to: user.email, ...templates.render(invitation, { name, portal, url }) });
 * ```
 */

/** The layout's look. */
export interface MailLayoutOptions {
  /** The sending body's name, shown at the top and in the footer (default `Portico`). */
  brandName?: string;
  /** `#rgb` or `#rrggbb`: the top border and the button (default `#1f5fa8`). */
  brandColor?: string;
  /** Footer line (e.g. the body's postal address); default: the brand name. */
  footer?: string;
  /** Language of the e-mail (`lang` attribute, default `en`). */
  lang?: string;
}

/** A template; every string may hold `{{name}}` placeholders. */
export interface MailTemplate {
  /** Stored as the outbox row's `kind`, e.g. `portal.invitation`. */
  kind: string;
  subject: string;
  /** Optional heading above the body. */
  heading?: string;
  /** Paragraphs separated by blank lines; single newlines become line breaks. URLs become links in HTML. */
  body: string;
  /** A button in HTML, a `label: url` line in text. The URL must be http(s) after interpolation. */
  action?: { label: string; url: string };
  /** Small print under the button. */
  footnote?: string;
}

export type MailTemplateValues = Readonly<Record<string, string | number>>;

/** What {@link MailTemplates.render} gives: spread it into `outbox.enqueue(tx, { to, ...rendered })`. */
export interface RenderedMail {
  kind: string;
  subject: string;
  text: string;
  html: string;
}

/** Identity helper that types a template (and reads better at the definition site). */
export function defineMailTemplate<T extends MailTemplate>(template: T): T {
  return template;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes `& < > " '` for HTML text and attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** Thrown for a template error: a placeholder without a value, a bad action URL, a bad colour. */
export class MailTemplateError extends Error {
  override readonly name = 'MailTemplateError';
}

const PLACEHOLDER = /\{\{\s*([A-Za-z_][\w.]*)\s*\}\}/g;

/** Replaces `{{name}}` with `values.name` (as is: escape the result for HTML yourself). */
export function interpolate(template: string, values: MailTemplateValues, context = 'template'): string {
  return template.replace(PLACEHOLDER, (_, name: string) => {
    const value = Object.prototype.hasOwnProperty.call(values, name) ? values[name] : undefined;
    if (value === undefined || value === null) throw new MailTemplateError(`${context}: no value for {{${name}}}`);
    return String(value);
  });
}

const COLOR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;
const DEFAULT_COLOR = '#1f5fa8';
const TEXT_COLOR = '#1a1a1a';
const FONT = "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";

function luminance(hex: string): number {
  const full = hex.length === 4 ? hex.replace(/^#(.)(.)(.)$/, '#$1$1$2$2$3$3') : hex;
  const channels = [1, 3, 5].map((i) => parseInt(full.slice(i, i + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** Escaped text → HTML with http(s) URLs as links (the text is already escaped, so are the URLs). */
function linkify(escaped: string, linkColor: string): string {
  return escaped.replace(/\bhttps?:\/\/[^\s<]+/g, (match) => {
    const trailing = /[.,;:!?)]+$/.exec(match)?.[0] ?? '';
    const url = match.slice(0, match.length - trailing.length);
    return `<a href="${url}" style="color:${linkColor};word-break:break-all;">${url}</a>${trailing}`;
  });
}

function paragraphs(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter(Boolean);
}

/** Renders {@link MailTemplate}s in the configured layout. */
export class MailTemplates {
  private readonly brandName: string;
  private readonly color: string;
  private readonly buttonText: string;
  private readonly linkColor: string;
  private readonly footer: string;
  private readonly lang: string;

  constructor(options: MailLayoutOptions = {}) {
    if (options.brandColor !== undefined && !COLOR.test(options.brandColor)) {
      throw new MailTemplateError(`brandColor must be #rgb or #rrggbb, got ${JSON.stringify(options.brandColor)}`);
    }
    if (options.lang !== undefined && !/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/.test(options.lang)) {
      throw new MailTemplateError(`lang must be a language tag like "en" or "fr-CA", got ${JSON.stringify(options.lang)}`);
    }
    this.brandName = options.brandName?.trim() || 'Portico';
    this.color = options.brandColor ?? DEFAULT_COLOR;
    // Button label: white on a dark brand colour, near-black on a light one (WCAG AA, 4.5:1).
    this.buttonText = contrast(this.color, '#ffffff') >= 4.5 ? '#ffffff' : TEXT_COLOR;
    this.linkColor = contrast(this.color, '#ffffff') >= 4.5 ? this.color : DEFAULT_COLOR;
    this.footer = options.footer?.trim() || this.brandName;
    this.lang = options.lang ?? 'en';
  }

  render(template: MailTemplate, values: MailTemplateValues = {}): RenderedMail {
    const ctx = `Mail template "${template.kind}"`;
    const fill = (s: string) => interpolate(s, values, ctx);
    const subject = fill(template.subject).replace(/[\r\n]+/g, ' ').trim();
    if (!subject) throw new MailTemplateError(`${ctx}: the subject is empty`);
    const heading = template.heading === undefined ? undefined : fill(template.heading);
    const body = paragraphs(fill(template.body));
    const footnote = template.footnote === undefined ? undefined : fill(template.footnote);
    let action: { label: string; url: string } | undefined;
    if (template.action) {
      action = { label: fill(template.action.label), url: fill(template.action.url).trim() };
      if (!/^https?:\/\/[^\s]+$/i.test(action.url)) {
        throw new MailTemplateError(`${ctx}: the action URL must be an absolute http(s) URL`);
      }
    }
    return {
      kind: template.kind,
      subject,
      text: this.text({ heading, body, action, footnote }),
      html: this.html({ subject, heading, body, action, footnote }),
    };
  }

  private text(parts: { heading?: string | undefined; body: string[]; action?: { label: string; url: string } | undefined; footnote?: string | undefined }): string {
    const out: string[] = [];
    if (parts.heading) out.push(parts.heading);
    out.push(...parts.body);
    if (parts.action) out.push(`${parts.action.label}:\n${parts.action.url}`);
    if (parts.footnote) out.push(parts.footnote);
    out.push(`-- \n${this.footer}`);
    return `${out.join('\n\n')}\n`;
  }

  private html(parts: {
    subject: string;
    heading?: string | undefined;
    body: string[];
    action?: { label: string; url: string } | undefined;
    footnote?: string | undefined;
  }): string {
    const e = escapeHtml;
    const text = `font-family:${FONT};color:${TEXT_COLOR};`;
    const para = (p: string, style = 'margin:0 0 16px;font-size:16px;line-height:1.6;') =>
      `<p style="${style}">${linkify(e(p), this.linkColor).replace(/\n/g, '<br>')}</p>`;
    const rows: string[] = [];
    if (parts.heading) rows.push(`<h1 style="margin:0 0 16px;font-size:22px;line-height:1.3;font-weight:600;">${e(parts.heading)}</h1>`);
    rows.push(...parts.body.map((p) => para(p)));
    if (parts.action) {
      const url = e(parts.action.url);
      rows.push(
        `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:8px 0 24px;"><tr>` +
          `<td style="border-radius:6px;background:${this.color};">` +
          `<a href="${url}" style="display:inline-block;padding:12px 24px;font-family:${FONT};font-size:16px;font-weight:600;line-height:1.2;color:${this.buttonText};text-decoration:none;border-radius:6px;">${e(parts.action.label)}</a>` +
          `</td></tr></table>`,
        `<p style="margin:0 0 16px;font-size:14px;line-height:1.5;color:#4a4a4a;">If the button does not work, copy this address into your browser:<br>` +
          `<a href="${url}" style="color:${this.linkColor};word-break:break-all;">${url}</a></p>`,
      );
    }
    if (parts.footnote) rows.push(para(parts.footnote, 'margin:0 0 16px;font-size:14px;line-height:1.5;color:#4a4a4a;'));

    return `<!doctype html>
<html lang="${this.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${e(parts.subject)}</title>
</head>
<body style="margin:0;padding:0;background:#f3f4f6;">
<div role="article" aria-roledescription="email" aria-label="${e(parts.subject)}" lang="${this.lang}" style="${text}">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#f3f4f6;">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:600px;background:#ffffff;border-radius:8px;border-top:4px solid ${this.color};">
<tr><td style="padding:20px 32px 0;${text}font-size:15px;font-weight:600;letter-spacing:0.02em;">${e(this.brandName)}</td></tr>
<tr><td style="padding:16px 32px 16px;${text}">
${rows.join('\n')}
</td></tr>
</table>
<p style="margin:16px 0 0;font-family:${FONT};font-size:12px;line-height:1.5;color:#595959;">${e(this.footer)}</p>
</td></tr>
</table>
</div>
</body>
</html>
`;
  }
}
