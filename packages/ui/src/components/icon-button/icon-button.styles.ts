import { css } from 'lit';

export const iconButtonStyles = css`
  :host {
    position: relative;
    display: inline-flex;
    flex: none;
    --wb-icon-size: 20px;
  }

  .base {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    width: var(--wb-icon-button-size, var(--wb-control-height-md));
    height: var(--wb-icon-button-size, var(--wb-control-height-md));
    padding: 0;
    margin: 0;
    border: 1px solid transparent;
    border-radius: var(--wb-radius-md);
    background: transparent;
    color: var(--wb-color-text-muted);
    font: inherit;
    text-decoration: none;
    cursor: pointer;
    transition: background-color var(--wb-duration-fast) var(--wb-easing), color var(--wb-duration-fast) var(--wb-easing);
  }

  .base:hover {
    background: var(--wb-color-surface-hover);
    color: var(--wb-color-text);
  }

  .base:active {
    background: var(--wb-color-gray-200);
  }

  .base:focus-visible {
    outline: var(--wb-focus-ring);
    outline-offset: 0;
  }

  :host([aria-pressed='true']) .base,
  .base[aria-expanded='true'] {
    background: var(--wb-color-accent-subtle);
    color: var(--wb-color-accent-text);
  }

  :host([disabled]) .base {
    cursor: not-allowed;
    opacity: 0.45;
    background: transparent;
  }

  /* On the dark menu bar */
  :host([tone='inverse']) .base {
    color: var(--wb-color-chrome-text-muted);
  }
  :host([tone='inverse']) .base:hover {
    background: var(--wb-color-chrome-hover);
    color: var(--wb-color-chrome-text);
  }
  :host([tone='inverse']) .base:focus-visible {
    outline-color: var(--wb-focus-ring-color-inverse);
  }

  .tooltip {
    position: absolute;
    z-index: var(--wb-z-tooltip);
    top: calc(100% + 6px);
    left: 50%;
    transform: translateX(-50%);
    padding: var(--wb-space-1) var(--wb-space-2);
    border-radius: var(--wb-radius-md);
    background: var(--wb-color-gray-900);
    color: #ffffff;
    font-size: var(--wb-font-size-xs);
    line-height: 16px;
    font-weight: var(--wb-font-weight-medium);
    white-space: nowrap;
    pointer-events: none;
    opacity: 0;
    visibility: hidden;
    transition: opacity var(--wb-duration-fast) var(--wb-easing);
  }

  :host([tooltip-placement='top']) .tooltip {
    top: auto;
    bottom: calc(100% + 6px);
  }
  :host([tooltip-placement='bottom-end']) .tooltip {
    left: auto;
    right: 0;
    transform: none;
  }
  :host([tooltip-placement='bottom-start']) .tooltip {
    left: 0;
    transform: none;
  }

  .tooltip.visible {
    opacity: 1;
    visibility: visible;
    transition-delay: 300ms;
  }
  .tooltip.visible.immediate {
    transition-delay: 0ms;
  }
`;
