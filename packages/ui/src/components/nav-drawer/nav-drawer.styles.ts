import { css } from 'lit';

export const navDrawerStyles = css`
  :host {
    display: contents;
  }

  dialog {
    position: fixed;
    inset: 0 auto 0 0;
    width: min(var(--wb-drawer-width), calc(100vw - 48px));
    max-width: none;
    height: 100%;
    max-height: none;
    margin: 0;
    padding: 0;
    border: 0;
    border-right: 1px solid var(--wb-color-border);
    background: var(--wb-color-surface);
    color: var(--wb-color-text);
    box-shadow: var(--wb-shadow-lg);
    overflow: hidden;
  }

  dialog[open] {
    animation: slide-in var(--wb-duration-normal) var(--wb-easing);
  }

  dialog::backdrop {
    background: var(--wb-color-backdrop, rgb(16 24 40 / 0.32));
    animation: fade-in var(--wb-duration-normal) var(--wb-easing);
  }

  @keyframes slide-in {
    from {
      transform: translateX(-16px);
      opacity: 0;
    }
  }
  @keyframes fade-in {
    from {
      opacity: 0;
    }
  }

  .panel {
    display: flex;
    flex-direction: column;
    height: 100%;
  }

  header {
    display: flex;
    align-items: center;
    gap: var(--wb-space-2);
    flex: none;
    height: var(--wb-menu-bar-height);
    padding: 0 var(--wb-space-2) 0 var(--wb-space-4);
    border-bottom: 1px solid var(--wb-color-border);
  }

  .heading-icon {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    width: 28px;
    height: 28px;
    border-radius: var(--wb-radius-md);
    background: var(--wb-color-accent-subtle);
    color: var(--wb-color-accent);
    --wb-icon-size: 18px;
  }

  h2 {
    flex: 1;
    margin: 0;
    font-size: var(--wb-font-size-lg);
    font-weight: var(--wb-font-weight-semibold);
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }

  nav {
    flex: 1;
    overflow-y: auto;
    padding: var(--wb-space-2) 0 var(--wb-space-4);
  }

  section + section {
    margin-top: var(--wb-space-2);
  }

  h3 {
    margin: 0;
    padding: var(--wb-space-3) var(--wb-space-4) var(--wb-space-1);
    font-size: var(--wb-font-size-xs);
    font-weight: var(--wb-font-weight-semibold);
    letter-spacing: 0.04em;
    text-transform: uppercase;
    color: var(--wb-color-text-muted);
  }

  ul {
    margin: 0;
    padding: 0 var(--wb-space-2);
    list-style: none;
  }

  a {
    position: relative;
    display: flex;
    align-items: center;
    min-height: 32px;
    padding: var(--wb-space-1) var(--wb-space-3);
    border-radius: var(--wb-radius-md);
    color: var(--wb-color-text);
    text-decoration: none;
  }

  a:hover {
    background: var(--wb-color-surface-hover);
  }

  a:focus-visible {
    outline: var(--wb-focus-ring);
    outline-offset: -2px;
  }

  a[aria-current='page'] {
    background: var(--wb-color-accent-subtle);
    color: var(--wb-color-accent-text);
    font-weight: var(--wb-font-weight-semibold);
  }

  a[aria-current='page']::before {
    content: '';
    position: absolute;
    left: 0;
    top: 6px;
    bottom: 6px;
    width: 3px;
    border-radius: 0 2px 2px 0;
    background: var(--wb-color-accent);
  }

  .empty {
    margin: var(--wb-space-4);
    color: var(--wb-color-text-muted);
  }

  footer {
    flex: none;
    padding: var(--wb-space-2) var(--wb-space-4);
    border-top: 1px solid var(--wb-color-border);
  }

  footer.empty-footer {
    display: none;
  }
`;
