import { css, type CSSResult } from 'lit';
import { tokens } from './tokens.styles';

/**
 * The document-level stylesheet: tokens, a small reset and the body defaults. Apply it once,
 * before the first component renders (`adoptGlobalStyles()`), or copy `globalCss` into a
 * `<style>` for pages without JavaScript.
 */
export const globalStyles: CSSResult = css`
  ${tokens}

  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }

  html {
    -webkit-text-size-adjust: 100%;
    text-size-adjust: 100%;
  }

  body {
    margin: 0;
    font-family: var(--wb-font-family);
    font-size: var(--wb-font-size-base);
    line-height: var(--wb-line-height);
    color: var(--wb-color-text);
    background: var(--wb-color-bg);
    -webkit-font-smoothing: antialiased;
  }

  a {
    color: var(--wb-color-accent);
  }

  :focus-visible {
    outline: var(--wb-focus-ring);
    outline-offset: var(--wb-focus-ring-offset);
  }

  .wb-visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
`;

/** The global stylesheet as plain CSS text. */
export const globalCss: string = globalStyles.cssText;

/** Adopts the global stylesheet into a document (idempotent). */
export function adoptGlobalStyles(doc: Document = document): void {
  const sheet = globalStyles.styleSheet;
  if (sheet) {
    if (!doc.adoptedStyleSheets.includes(sheet)) doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
    return;
  }
  if (doc.getElementById('wb-global-styles')) return;
  const style = doc.createElement('style');
  style.id = 'wb-global-styles';
  style.textContent = globalCss;
  doc.head.append(style);
}
