import type { FieldError } from '@portico/core';
import { html, type SafeHtml } from './html';

/** What every page needs to know to draw its frame. */
export interface LayoutContext {
  brandName: string;
  brandColor: string;
  /** The portal the page belongs to (absent on shared pages before a portal is known). */
  portal?: { title: string; basePath: string };
  /** The signed-in user's name, when signed in to this portal. */
  signedInAs?: string;
  csrf: string;
}

export interface PageOptions {
  title: string;
  body: SafeHtml;
  errors?: readonly FieldError[];
  /** Extra stylesheets after `portal.css` (a plugin's pages with their own elements). */
  stylesheets?: readonly string[];
}

/** Text colour on the accent (white on dark accents, near-black on light ones: WCAG AA). */
export function onAccent(hex: string): string {
  const full = hex.length === 4 ? hex.replace(/^#(.)(.)(.)$/, '#$1$1$2$2$3$3') : hex;
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(full.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [number, number, number];
  const l = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return 1.05 / (l + 0.05) >= 4.5 ? '#ffffff' : '#1a1a1a';
}

/** The whole page: header with brand and portal name, main content, footer. */
export function page(ctx: LayoutContext, options: PageOptions): string {
  const portalTitle = ctx.portal?.title;
  const home = ctx.portal?.basePath ?? '/portal';
  const docTitle = `${options.errors?.length ? 'Error: ' : ''}${[options.title, portalTitle, ctx.brandName].filter(Boolean).join(' – ')}`;
  const nav = ctx.signedInAs && ctx.portal
    ? html`<nav class="account-nav" aria-label="Account">
        <a href="${ctx.portal.basePath}">Home</a>
        <a href="${ctx.portal.basePath}/account">Account</a>
        <form method="post" action="${ctx.portal.basePath}/sign-out" class="inline-form">
          <input type="hidden" name="_csrf" value="${ctx.csrf}">
          <button type="submit" class="link-button">Sign out</button>
        </form>
      </nav>`
    : '';
  return html`<!doctype html>
<html lang="en" style="--portal-accent:${ctx.brandColor};--portal-on-accent:${onAccent(ctx.brandColor)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${docTitle}</title>
<link rel="stylesheet" href="/portal/assets/portal.css">
${(options.stylesheets ?? []).map((href) => html`<link rel="stylesheet" href="${href}">`)}
</head>
<body>
<a class="skip-link" href="#main">Skip to main content</a>
<header class="site-header">
  <div class="wrap header-row">
    <a class="brand" href="${home}"><span class="brand-name">${ctx.brandName}</span>${portalTitle ? html`<span class="portal-name">${portalTitle}</span>` : ''}</a>
    ${nav}
  </div>
</header>
<main id="main" class="wrap" tabindex="-1">
${options.errors?.length ? errorSummary(options.errors) : ''}
<h1>${options.title}</h1>
${options.body}
</main>
<footer class="site-footer"><div class="wrap">${ctx.brandName}</div></footer>
</body>
</html>
`.value;
}

/** Field id for a field name. */
export const fieldId = (name: string): string => `f-${name}`;

/** "There is a problem" with a link to each field in error (focused on load, announced). */
export function errorSummary(errors: readonly FieldError[]): SafeHtml {
  return html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1" autofocus>
  <h2 id="error-summary-title">There is a problem</h2>
  <ul>${errors.map((e) => html`<li><a href="#${fieldId(e.path || 'form')}">${e.message}</a></li>`)}</ul>
</div>`;
}

export interface FieldOptions {
  name: string;
  label: string;
  type?: 'text' | 'email' | 'password';
  value?: string | null | undefined;
  autocomplete?: string;
  hint?: string;
  errors?: readonly FieldError[];
  required?: boolean;
  inputmode?: string;
}

/** A labelled input with its hint and error, wired with aria-describedby and aria-invalid. */
export function field(o: FieldOptions): SafeHtml {
  const id = fieldId(o.name);
  const error = o.errors?.find((e) => e.path === o.name);
  const described = [o.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return html`<div class="field${error ? ' field-error' : ''}">
  <label for="${id}">${o.label}</label>
  ${o.hint ? html`<p class="hint" id="${id}-hint">${o.hint}</p>` : ''}
  ${error ? html`<p class="error-message" id="${id}-error"><span class="visually-hidden">Error: </span>${error.message}</p>` : ''}
  <input id="${id}" name="${o.name}" type="${o.type ?? 'text'}"${o.value && o.type !== 'password' ? html` value="${o.value}"` : ''}${o.autocomplete ? html` autocomplete="${o.autocomplete}"` : ''}${described ? html` aria-describedby="${described}"` : ''}${error ? html` aria-invalid="true"` : ''}${o.required === false ? '' : html` required`}${o.inputmode ? html` inputmode="${o.inputmode}"` : ''} spellcheck="false" autocapitalize="off">
</div>`;
}

/** A POST form with the CSRF field; `secondary` for pages with several forms (the accent stays rare). */
export function form(action: string, csrf: string, content: SafeHtml, submit: string, extra: SafeHtml | string = '', kind: 'primary' | 'secondary' = 'primary'): SafeHtml {
  return html`<form method="post" action="${action}" novalidate>
  <input type="hidden" name="_csrf" value="${csrf}">
  ${content}
  <div class="actions"><button type="submit" class="button${kind === 'secondary' ? ' button-secondary' : ''}">${submit}</button>${extra}</div>
</form>`;
}

/** A calm notice panel (success or information). */
export function notice(text: string, kind: 'info' | 'success' = 'info'): SafeHtml {
  return html`<div class="notice notice-${kind}" role="status"><p>${text}</p></div>`;
}
