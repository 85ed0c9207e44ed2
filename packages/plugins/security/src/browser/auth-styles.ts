import { css } from 'lit';

/** The sign-in and setup cards: one clear task, centred. */
export const authStyles = css`
  :host {
    display: block;
    color: var(--wb-color-text);
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  .card {
    width: min(400px, 100%);
    margin: 0 auto;
    padding: var(--wb-space-8);
    background: var(--wb-color-surface);
    border: 1px solid var(--wb-color-border);
    border-radius: var(--wb-radius-lg);
    box-shadow: var(--wb-shadow-sm);
  }
  .card.wide {
    width: min(480px, 100%);
  }
  h1 {
    margin: 0;
    font-size: var(--wb-font-size-xl);
    font-weight: var(--wb-font-weight-semibold);
    line-height: 28px;
  }
  h1:focus {
    outline: none;
  }
  .lede {
    margin: var(--wb-space-1) 0 var(--wb-space-6);
    color: var(--wb-color-text-muted);
  }
  form {
    display: grid;
    gap: var(--wb-space-4);
  }
  .field {
    display: grid;
    gap: var(--wb-space-1);
  }
  label {
    font-weight: var(--wb-font-weight-medium);
    font-size: var(--wb-font-size-sm);
  }
  input {
    height: 36px;
    padding: 0 var(--wb-space-3);
    border: 1px solid var(--wb-color-border-input);
    border-radius: var(--wb-radius-md);
    font: inherit;
    color: var(--wb-color-text);
    background: var(--wb-color-surface);
  }
  input:focus-visible {
    outline: var(--wb-focus-ring);
    outline-offset: 0;
    border-color: var(--wb-color-accent);
  }
  .help {
    margin: 0;
    font-size: var(--wb-font-size-xs);
    color: var(--wb-color-text-muted);
  }
  .field-error {
    margin: 0;
    font-size: var(--wb-font-size-sm);
    color: var(--wb-color-danger);
  }
  .submit {
    margin-top: var(--wb-space-2);
  }
  .submit wb-button {
    width: 100%;
  }
  .submit wb-button::part(base) {
    width: 100%;
    justify-content: center;
    height: 36px;
  }
  .notice {
    display: flex;
    gap: var(--wb-space-2);
    align-items: flex-start;
    margin: 0 0 var(--wb-space-4);
    padding: var(--wb-space-3);
    border-radius: var(--wb-radius-md);
    font-size: var(--wb-font-size-sm);
    --wb-icon-size: 18px;
  }
  .notice wb-icon {
    flex: none;
  }
  .notice.error {
    background: var(--wb-color-danger-subtle);
    color: var(--wb-color-danger);
    border: 1px solid #f3c2c4;
  }
  .notice.info {
    background: var(--wb-color-accent-subtle);
    color: var(--wb-color-accent-text);
    border: 1px solid #c4dbf3;
  }
  .notice.success {
    background: var(--wb-color-success-subtle);
    color: var(--wb-color-success);
    border: 1px solid #bfe0c8;
  }
  .notice p {
    margin: 0;
  }
`;
