/** Markup that is safe to output as is: made by {@link html} (values escaped) or {@link trusted}. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** Escapes text for HTML content and quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"'`]/g, (c) => ESCAPES[c]!);
}

function render(value: unknown): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

/**
 * Auto-escaping tagged template: every interpolated value is escaped unless it is a
 * {@link SafeHtml} (nested `html` results); arrays are joined; null, undefined and false vanish.
 *
 * @example html`<p>Hello ${user.displayName}</p>`
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? '');
  return new SafeHtml(out);
}

/** Marks a constant, trusted string as markup. Never pass user input. */
export function trusted(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/**
 * `text` as one sentence ending in a single full stop, for a message that may or may not end with
 * one (e.g. `clientErrorOf(err).message`) followed by a sentence of the page's own.
 */
export function sentence(text: string): string {
  return `${text.trimEnd().replace(/\.+$/, '')}.`;
}
