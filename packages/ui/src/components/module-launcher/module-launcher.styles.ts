import { css } from 'lit';

export const moduleLauncherStyles = css`
  :host {
    display: block;
    position: absolute;
    z-index: var(--wb-z-popover);
  }

  :host(:not([open])) {
    display: none;
  }

  .panel {
    width: min(560px, calc(100vw - 16px));
    max-height: calc(100vh - var(--wb-menu-bar-height) - 16px);
    overflow: auto;
    padding: var(--wb-space-4);
    background: var(--wb-color-surface);
    color: var(--wb-color-text);
    border: 1px solid var(--wb-color-border);
    border-radius: var(--wb-radius-lg);
    box-shadow: var(--wb-shadow-lg);
    animation: enter var(--wb-duration-normal) var(--wb-easing);
  }

  @keyframes enter {
    from {
      opacity: 0;
      transform: translateY(-4px);
    }
  }

  .header {
    display: flex;
    align-items: baseline;
    justify-content: space-between;
    margin: 0 var(--wb-space-1) var(--wb-space-3);
  }

  h2 {
    margin: 0;
    font-size: var(--wb-font-size-sm);
    font-weight: var(--wb-font-weight-semibold);
    letter-spacing: 0.02em;
    text-transform: uppercase;
    color: var(--wb-color-text-muted);
  }

  .count {
    font-size: var(--wb-font-size-xs);
    color: var(--wb-color-text-muted);
  }

  ul {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(160px, 1fr));
    gap: var(--wb-space-2);
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .tile {
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    gap: var(--wb-space-2);
    height: 100%;
    padding: var(--wb-space-3);
    border: 1px solid transparent;
    border-radius: var(--wb-radius-md);
    color: inherit;
    text-decoration: none;
    transition: background-color var(--wb-duration-fast) var(--wb-easing), border-color var(--wb-duration-fast) var(--wb-easing);
  }

  .tile:hover {
    background: var(--wb-color-surface-hover);
  }

  .tile:focus-visible {
    outline: var(--wb-focus-ring);
    outline-offset: 0;
  }

  .tile[aria-current='true'] {
    border-color: var(--wb-color-accent-subtle-hover);
    background: var(--wb-color-accent-subtle);
  }

  .tile-icon {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    width: 36px;
    height: 36px;
    border-radius: var(--wb-radius-md);
    background: var(--wb-color-accent-subtle);
    color: var(--wb-color-accent);
    --wb-icon-size: 20px;
  }

  .tile[aria-current='true'] .tile-icon {
    background: var(--wb-color-accent);
    color: var(--wb-color-on-accent);
  }

  .tile-label {
    display: block;
    font-weight: var(--wb-font-weight-semibold);
    line-height: var(--wb-line-height-tight);
  }

  .tile-description {
    margin-top: 2px;
    font-size: var(--wb-font-size-sm);
    line-height: 18px;
    color: var(--wb-color-text-muted);
    display: -webkit-box;
    -webkit-line-clamp: 2;
    -webkit-box-orient: vertical;
    overflow: hidden;
  }

  .empty {
    margin: var(--wb-space-2) var(--wb-space-1);
    color: var(--wb-color-text-muted);
  }
`;
