import { readFileSync } from 'node:fs';
import type { FieldError } from '@portico/core';
import { fieldId, html, type SafeHtml } from '@portico/plugin-portal/node';

/** The licensing pages' extra stylesheet (on top of the portal's), served by each page router. */
export const LICENSING_CSS = readFileSync(new URL('./assets/licensing.css', import.meta.url), 'utf8');

/** `<link>` to the stylesheet served at `href` (allowed in the body; the layout owns `<head>`). */
export const stylesheet = (href: string): SafeHtml => html`<link rel="stylesheet" href="${href}">`;

const errorOf = (name: string, errors?: readonly FieldError[]) => errors?.find((e) => e.path === name);

function describedBy(id: string, hint: string | undefined, error: FieldError | undefined): SafeHtml | string {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return ids ? html` aria-describedby="${ids}"` : '';
}

function head(id: string, label: string, hint: string | undefined, error: FieldError | undefined): SafeHtml {
  return html`<label for="${id}">${label}</label>
  ${hint ? html`<p class="hint" id="${id}-hint">${hint}</p>` : ''}
  ${error ? html`<p class="error-message" id="${id}-error"><span class="visually-hidden">Error: </span>${error.message}</p>` : ''}`;
}

export interface InputOptions {
  name: string;
  label: string;
  type?: 'text' | 'email' | 'tel' | 'date';
  value?: string | null;
  hint?: string;
  autocomplete?: string;
  required?: boolean;
  errors?: readonly FieldError[];
}

/** A labelled input (text, e-mail, phone, date) with hint and error, like the portal's own fields. */
export function input(o: InputOptions): SafeHtml {
  const id = fieldId(o.name);
  const error = errorOf(o.name, o.errors);
  return html`<div class="field${error ? ' field-error' : ''}">
  ${head(id, o.label, o.hint, error)}
  <input id="${id}" name="${o.name}" type="${o.type ?? 'text'}"${o.type === 'date' ? html` class="input-date"` : ''}${o.value ? html` value="${o.value}"` : ''}${o.autocomplete ? html` autocomplete="${o.autocomplete}"` : ''}${describedBy(id, o.hint, error)}${error ? html` aria-invalid="true"` : ''}${o.required === false ? '' : html` required`}>
</div>`;
}

/** A labelled multi-line text field. */
export function textarea(o: { name: string; label: string; value?: string | null; hint?: string; errors?: readonly FieldError[]; rows?: number }): SafeHtml {
  const id = fieldId(o.name);
  const error = errorOf(o.name, o.errors);
  return html`<div class="field${error ? ' field-error' : ''}">
  ${head(id, o.label, o.hint, error)}
  <textarea id="${id}" name="${o.name}" rows="${o.rows ?? 5}"${describedBy(id, o.hint, error)}${error ? html` aria-invalid="true"` : ''}>${o.value ?? ''}</textarea>
</div>`;
}

/** Radio buttons in a fieldset; the error links to the first option. */
export function radios(o: { name: string; legend: string; options: ReadonlyArray<{ value: string; label: string; hint?: string | null }>; value?: string | null; errors?: readonly FieldError[] }): SafeHtml {
  const error = errorOf(o.name, o.errors);
  const errId = `${fieldId(o.name)}-error`;
  return html`<div class="field${error ? ' field-error' : ''}"><fieldset class="choices"${error ? html` aria-describedby="${errId}"` : ''}>
  <legend>${o.legend}</legend>
  ${error ? html`<p class="error-message" id="${errId}"><span class="visually-hidden">Error: </span>${error.message}</p>` : ''}
  ${o.options.map((opt, i) => {
    const id = i === 0 ? fieldId(o.name) : `${fieldId(o.name)}-${i}`;
    return html`<div class="choice"><input type="radio" id="${id}" name="${o.name}" value="${opt.value}"${opt.value === o.value ? ' checked' : ''}${opt.hint ? html` aria-describedby="${id}-hint"` : ''}>
    <div><label for="${id}">${opt.label}</label>${opt.hint ? html`<p class="hint" id="${id}-hint">${opt.hint}</p>` : ''}</div></div>`;
  })}
</fieldset></div>`;
}

/** One checkbox (a declaration). */
export function checkbox(o: { name: string; label: string; value: string; checked?: boolean; errors?: readonly FieldError[] }): SafeHtml {
  const id = fieldId(o.name);
  const error = errorOf(o.name, o.errors);
  return html`<div class="field${error ? ' field-error' : ''}">
  ${error ? html`<p class="error-message" id="${id}-error"><span class="visually-hidden">Error: </span>${error.message}</p>` : ''}
  <div class="check"><input type="checkbox" id="${id}" name="${o.name}" value="${o.value}"${o.checked ? ' checked' : ''}${error ? html` aria-invalid="true" aria-describedby="${id}-error"` : ''}><label for="${id}">${o.label}</label></div>
</div>`;
}

/** A label/value list ("Check your answers"); empty values show a dash. */
export function summaryList(rows: ReadonlyArray<{ label: string; value: string | null | undefined }>): SafeHtml {
  return html`<dl class="summary-list">${rows.map((r) => html`<div><dt>${r.label}</dt><dd>${r.value || '—'}</dd></div>`)}</dl>`;
}

/** A status as a coloured tag. */
export function statusTag(status: string, label = status.charAt(0).toUpperCase() + status.slice(1)): SafeHtml {
  return html`<span class="tag tag-${status}">${label}</span>`;
}

/** A POST form with the CSRF field and a single button (e.g. "Remove", "Start a new application"); `hiddenLabel` completes the name for screen readers. */
export function buttonForm(action: string, csrf: string, label: string, kind: 'primary' | 'secondary' | 'link' = 'secondary', hidden: Record<string, string> = {}, hiddenLabel = ''): SafeHtml {
  const cls = kind === 'link' ? 'link-button' : kind === 'secondary' ? 'button button-secondary' : 'button';
  return html`<form method="post" action="${action}" class="inline-form"><input type="hidden" name="_csrf" value="${csrf}">${Object.entries(hidden).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)}<button type="submit" class="${cls}">${label}${hiddenLabel ? html`<span class="visually-hidden"> ${hiddenLabel}</span>` : ''}</button></form>`;
}

/** `2027-03-31` → `31 March 2027` (dates are calendar days, shown without a time zone). */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** A timestamp as a day (`31 March 2027`, UTC). */
export function formatDay(date: Date | null | undefined): string {
  return date ? formatDate(date.toISOString()) : '';
}
