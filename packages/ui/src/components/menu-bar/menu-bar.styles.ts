import { css } from 'lit';

export const menuBarStyles = css`
  :host {
    display: block;
  }

  .base {
    display: flex;
    align-items: center;
    gap: var(--wb-space-1);
    min-height: 40px;
    padding: var(--wb-space-1) var(--wb-space-2);
    background: var(--wb-menu-bar-background, var(--wb-color-surface));
    border-bottom: 1px solid var(--wb-color-border);
  }

  .start,
  .end {
    display: flex;
    align-items: center;
    gap: var(--wb-space-1);
    min-width: 0;
  }

  .start {
    flex: 1 1 auto;
    flex-wrap: wrap;
  }

  .end {
    flex: none;
  }

  ::slotted(.wb-separator),
  ::slotted(hr) {
    width: 1px;
    height: 20px;
    margin: 0 var(--wb-space-1);
    border: 0;
    background: var(--wb-color-border-strong);
  }
`;
