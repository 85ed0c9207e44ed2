import { css } from 'lit';

export const appShellStyles = css`
  :host {
    display: flex;
    flex-direction: column;
    min-height: 100vh;
    min-height: 100dvh;
    background: var(--wb-color-bg);
  }

  .skip-link {
    position: absolute;
    z-index: calc(var(--wb-z-menu-bar) + 1);
    top: var(--wb-space-2);
    left: var(--wb-space-2);
    padding: var(--wb-space-2) var(--wb-space-3);
    border-radius: var(--wb-radius-md);
    background: var(--wb-color-surface);
    color: var(--wb-color-accent);
    font-weight: var(--wb-font-weight-semibold);
    box-shadow: var(--wb-shadow-md);
    transform: translateY(-200%);
  }
  .skip-link:focus {
    transform: none;
  }

  .menu-bar {
    position: sticky;
    top: 0;
    z-index: var(--wb-z-menu-bar);
    display: grid;
    /* search centred while the sides fit; the start grows first when they do not */
    grid-template-columns: 1fr minmax(160px, 440px) 1fr;
    align-items: center;
    gap: var(--wb-space-4);
    height: var(--wb-menu-bar-height);
    padding: 0 var(--wb-space-3) 0 var(--wb-space-2);
    background: var(--wb-color-chrome);
    color: var(--wb-color-chrome-text);
  }

  .start,
  .end {
    position: relative;
    display: flex;
    align-items: center;
    gap: var(--wb-space-1);
  }

  .end {
    justify-content: flex-end;
  }

  .product {
    display: inline-flex;
    align-items: center;
    gap: var(--wb-space-2);
    height: 36px;
    padding: 0 var(--wb-space-2);
    border-radius: var(--wb-radius-md);
    color: var(--wb-color-chrome-text);
    font-size: 15px;
    font-weight: var(--wb-font-weight-semibold);
    letter-spacing: 0.01em;
    text-decoration: none;
    white-space: nowrap;
  }

  .product:hover {
    background: var(--wb-color-chrome-hover);
  }

  .logo {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    width: 26px;
    height: 26px;
    border-radius: var(--wb-radius-md);
    background: var(--wb-color-accent);
    color: var(--wb-color-on-accent);
    --wb-icon-size: 18px;
  }

  .divider {
    width: 1px;
    height: 20px;
    margin: 0 var(--wb-space-1);
    background: var(--wb-color-chrome-border);
  }

  .chrome-button {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    height: 32px;
    padding: 0 var(--wb-space-2-5, 10px);
    border: 0;
    border-radius: var(--wb-radius-md);
    background: transparent;
    color: var(--wb-color-chrome-text);
    font: inherit;
    font-weight: var(--wb-font-weight-medium);
    cursor: pointer;
    white-space: nowrap;
    --wb-icon-size: 18px;
  }

  .chrome-button wb-icon {
    color: var(--wb-color-chrome-text-muted);
  }

  .chrome-button:hover,
  .chrome-button[aria-expanded='true'] {
    background: var(--wb-color-chrome-hover);
  }

  .chrome-button:hover wb-icon,
  .chrome-button[aria-expanded='true'] wb-icon {
    color: var(--wb-color-chrome-text);
  }

  :focus-visible {
    outline: var(--wb-focus-ring-width) solid var(--wb-focus-ring-color-inverse);
    outline-offset: 1px;
  }

  .context {
    display: inline-flex;
    flex: none;
    align-items: center;
    gap: var(--wb-space-2);
    margin-left: var(--wb-space-2);
    padding-left: var(--wb-space-3);
    border-left: 1px solid var(--wb-color-chrome-border);
    color: var(--wb-color-chrome-text-muted);
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }

  .search {
    min-width: 0;
  }

  .search-field {
    position: relative;
    display: flex;
    align-items: center;
  }

  .search-field wb-icon {
    position: absolute;
    left: 10px;
    color: var(--wb-color-chrome-text-muted);
    pointer-events: none;
    --wb-icon-size: 16px;
  }

  .search-field input {
    width: 100%;
    height: 32px;
    padding: 0 var(--wb-space-3) 0 34px;
    border: 1px solid var(--wb-color-chrome-border);
    border-radius: var(--wb-radius-md);
    background: var(--wb-color-chrome-raised);
    color: var(--wb-color-chrome-text);
    font: inherit;
    transition: background-color var(--wb-duration-fast) var(--wb-easing);
  }

  .search-field input::placeholder {
    color: var(--wb-color-chrome-text-muted);
    opacity: 1;
  }

  .search-field input:hover {
    border-color: #4e6279;
  }

  .search-field input:focus {
    outline: none;
    background: var(--wb-color-surface);
    color: var(--wb-color-text);
    border-color: var(--wb-color-surface);
    box-shadow: 0 0 0 2px var(--wb-focus-ring-color-inverse);
  }

  .search-field input:focus::placeholder {
    color: var(--wb-color-text-muted);
  }

  .search-field input:focus + wb-icon,
  .search-field:focus-within wb-icon {
    color: var(--wb-color-text-muted);
  }

  .anchor {
    position: relative;
    display: inline-flex;
  }

  wb-module-launcher {
    top: calc(100% + 12px);
    left: 0;
  }

  main {
    flex: 1;
    display: flex;
    flex-direction: column;
    min-width: 0;
  }

  main:focus {
    outline: none;
  }

  @media (max-width: 880px) {
    .context {
      display: none;
    }
  }

  @media (max-width: 640px) {
    .chrome-button .label,
    .product-name {
      display: none;
    }
    .menu-bar {
      grid-template-columns: auto minmax(120px, 1fr) auto;
      gap: var(--wb-space-2);
    }
  }
`;
