import { css } from 'lit';

export const buttonStyles = css`
  :host {
    display: inline-flex;
    flex: none;
    --wb-icon-size: 16px;
  }

  .base {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: var(--wb-space-1-5, 6px);
    height: var(--wb-control-height-md);
    padding: 0 var(--wb-space-3);
    margin: 0;
    border: 1px solid transparent;
    border-radius: var(--wb-radius-md);
    font: inherit;
    font-size: var(--wb-font-size-md);
    font-weight: var(--wb-font-weight-semibold);
    line-height: 1;
    white-space: nowrap;
    text-decoration: none;
    cursor: pointer;
    user-select: none;
    transition: background-color var(--wb-duration-fast) var(--wb-easing),
      border-color var(--wb-duration-fast) var(--wb-easing), color var(--wb-duration-fast) var(--wb-easing);
  }

  :host([size='small']) .base {
    height: var(--wb-control-height-sm);
    padding: 0 var(--wb-space-2);
    font-size: var(--wb-font-size-sm);
  }

  .base:focus-visible {
    outline: var(--wb-focus-ring);
    outline-offset: var(--wb-focus-ring-offset);
  }

  /* primary */
  :host([variant='primary']) .base {
    background: var(--wb-color-accent);
    color: var(--wb-color-on-accent);
  }
  :host([variant='primary']) .base:hover {
    background: var(--wb-color-accent-hover);
  }
  :host([variant='primary']) .base:active {
    background: var(--wb-color-accent-active);
  }

  /* secondary */
  :host([variant='secondary']) .base {
    background: var(--wb-color-surface);
    border-color: var(--wb-color-border-strong);
    color: var(--wb-color-text);
  }
  :host([variant='secondary']) .base:hover {
    background: var(--wb-color-surface-hover);
    border-color: var(--wb-color-gray-400);
  }

  /* danger */
  :host([variant='danger']) .base {
    background: var(--wb-color-danger);
    color: #ffffff;
  }
  :host([variant='danger']) .base:hover {
    background: var(--wb-color-danger-hover);
  }

  /* subtle: no chrome until hovered (command bars) */
  :host([variant='subtle']) .base {
    background: transparent;
    color: var(--wb-color-text);
    font-weight: var(--wb-font-weight-normal);
  }
  :host([variant='subtle']) .base:hover {
    background: var(--wb-color-surface-hover);
  }

  :host([disabled]) .base {
    cursor: not-allowed;
    opacity: 0.5;
  }

  .prefix,
  .suffix {
    display: inline-flex;
    align-items: center;
  }
  [hidden] {
    display: none !important;
  }
  :host([variant='subtle']) .prefix,
  :host([variant='secondary']) .prefix {
    color: var(--wb-color-text-muted);
  }
  :host([variant='subtle']) .base:hover .prefix {
    color: var(--wb-color-accent);
  }
`;
