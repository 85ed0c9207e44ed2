import { css } from 'lit';

export const recordViewStyles = css`
  :host {
    display: block;
    color: var(--wb-color-text);
    font-size: var(--wb-font-size-md);
  }
  [hidden] {
    display: none !important;
  }
  .head {
    margin-bottom: var(--wb-space-3);
  }
  .eyebrow {
    margin: 0 0 2px;
    font-size: var(--wb-font-size-sm);
    color: var(--wb-color-text-muted);
  }
  h1 {
    margin: 0;
    font-size: var(--wb-font-size-2xl);
    font-weight: var(--wb-font-weight-semibold);
    line-height: 32px;
  }
  /* The heading takes focus after a navigation (for screen readers); it is not a control. */
  h1:focus {
    outline: none;
  }
  wb-menu-bar {
    display: block;
    margin-bottom: var(--wb-space-4);
    border: 1px solid var(--wb-color-border);
    border-radius: var(--wb-radius-lg);
  }
  .badge {
    display: inline-flex;
    align-items: center;
    gap: var(--wb-space-1);
    padding: 2px var(--wb-space-2);
    border-radius: var(--wb-radius-full);
    background: var(--wb-color-gray-100);
    color: var(--wb-color-text-muted);
    font-size: var(--wb-font-size-xs);
    --wb-icon-size: 14px;
  }
  .banner {
    display: flex;
    align-items: center;
    gap: var(--wb-space-2);
    margin-bottom: var(--wb-space-4);
    padding: var(--wb-space-2) var(--wb-space-3);
    border-radius: var(--wb-radius-md);
    --wb-icon-size: 18px;
  }
  .banner.error {
    background: var(--wb-color-danger-subtle);
    color: var(--wb-color-danger);
    border: 1px solid #f3c2c4;
  }
  .banner.success {
    background: var(--wb-color-success-subtle);
    color: var(--wb-color-success);
    border: 1px solid #bfe0c8;
  }
  form {
    display: grid;
    gap: var(--wb-space-4);
  }
  .panel {
    background: var(--wb-color-surface);
    border: 1px solid var(--wb-color-border);
    border-radius: var(--wb-radius-lg);
    box-shadow: var(--wb-shadow-sm);
  }
  h2 {
    margin: 0;
    padding: var(--wb-space-3) var(--wb-space-4);
    border-bottom: 1px solid var(--wb-color-border);
    font-size: var(--wb-font-size-md);
    font-weight: var(--wb-font-weight-semibold);
  }
  .muted {
    color: var(--wb-color-text-muted);
    font-weight: var(--wb-font-weight-normal);
  }
  .grid {
    display: grid;
    grid-template-columns: repeat(2, minmax(0, 1fr));
    gap: var(--wb-space-4) var(--wb-space-6);
    padding: var(--wb-space-4);
  }
  @media (max-width: 720px) {
    .grid {
      grid-template-columns: minmax(0, 1fr);
    }
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: var(--wb-space-1);
    min-width: 0;
    margin: 0;
    padding: 0;
    border: 0;
  }
  .field.wide {
    grid-column: 1 / -1;
  }
  label,
  legend {
    font-weight: var(--wb-font-weight-medium);
    font-size: var(--wb-font-size-sm);
    color: var(--wb-color-text);
    padding: 0;
  }
  legend {
    margin-bottom: var(--wb-space-1);
  }
  .req {
    margin-left: 2px;
    color: var(--wb-color-danger);
  }
  input:not([type='checkbox']),
  select {
    height: var(--wb-control-height-md);
    padding: 0 var(--wb-space-2);
    border: 1px solid var(--wb-color-border-input);
    border-radius: var(--wb-radius-md);
    background: var(--wb-color-surface);
    font: inherit;
    color: var(--wb-color-text);
    max-width: 480px;
  }
  select {
    /* As wide as its longest choice, 160–480px: long choices (lookups: "Riley Inspector (EH-101)") are not cut off. */
    min-width: 160px;
    align-self: flex-start;
  }
  input:focus-visible,
  select:focus-visible {
    outline: var(--wb-focus-ring);
    outline-offset: 0;
    border-color: var(--wb-color-accent);
  }
  .invalid input:not([type='checkbox']),
  .invalid select {
    border-color: var(--wb-color-danger);
  }
  .static {
    display: block;
    min-height: var(--wb-control-height-md);
    padding: 6px 0;
    color: var(--wb-color-text);
  }
  .help {
    margin: 0;
    font-size: var(--wb-font-size-xs);
    color: var(--wb-color-text-muted);
  }
  .field-error {
    display: flex;
    align-items: center;
    gap: var(--wb-space-1);
    margin: 0;
    font-size: var(--wb-font-size-sm);
    color: var(--wb-color-danger);
    --wb-icon-size: 14px;
  }
  .checks {
    display: flex;
    flex-wrap: wrap;
    gap: var(--wb-space-2) var(--wb-space-6);
  }
  .check {
    display: inline-flex;
    align-items: center;
    gap: var(--wb-space-2);
    font-weight: var(--wb-font-weight-normal);
    font-size: var(--wb-font-size-md);
    cursor: pointer;
  }
  input[type='checkbox'] {
    width: 16px;
    height: 16px;
    margin: 0;
    accent-color: var(--wb-color-accent);
  }
  input[type='checkbox']:focus-visible {
    outline: var(--wb-focus-ring);
    outline-offset: 2px;
  }
  .matrix {
    border-collapse: collapse;
    max-width: 640px;
  }
  .matrix th,
  .matrix td {
    padding: var(--wb-space-1) var(--wb-space-3);
    border-bottom: 1px solid var(--wb-color-border);
    text-align: center;
    font-size: var(--wb-font-size-sm);
  }
  .matrix thead th {
    color: var(--wb-color-text-muted);
    font-weight: var(--wb-font-weight-semibold);
  }
  .matrix tbody th {
    text-align: left;
    font-weight: var(--wb-font-weight-normal);
    padding-left: 0;
  }
  .matrix .check.bare {
    justify-content: center;
  }
  .field-error a {
    color: inherit;
    font-weight: var(--wb-font-weight-semibold);
    text-decoration: underline;
  }
  .field-error a:focus-visible {
    outline: var(--wb-focus-ring);
    outline-offset: 1px;
    border-radius: 2px;
  }
  .banner ::slotted(*) {
    margin-left: auto;
  }
`;
