import { css } from 'lit';

export const porticoShellStyles = css`
  :host {
    display: block;
  }

  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }

  [hidden] {
    display: none !important;
  }

  .page {
    width: 100%;
    max-width: 1200px;
    margin: 0 auto;
    padding: var(--wb-space-6) var(--wb-space-8) var(--wb-space-12);
  }

  h1 {
    margin: 0;
    font-size: var(--wb-font-size-2xl);
    font-weight: var(--wb-font-weight-semibold);
    line-height: 32px;
    letter-spacing: -0.01em;
  }

  h1:focus {
    outline: none;
  }

  h1:focus-visible {
    outline: var(--wb-focus-ring);
    outline-offset: 4px;
    border-radius: 2px;
  }

  .lede {
    margin: var(--wb-space-1) 0 0;
    max-width: 68ch;
    color: var(--wb-color-text-muted);
  }

  a {
    color: var(--wb-color-accent);
  }

  a:focus-visible {
    outline: var(--wb-focus-ring);
    outline-offset: 2px;
    border-radius: 2px;
  }

  /* Breadcrumbs */
  .breadcrumbs ol {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--wb-space-1);
    margin: 0 0 var(--wb-space-3);
    padding: 0;
    list-style: none;
    font-size: var(--wb-font-size-sm);
    color: var(--wb-color-text-muted);
  }
  .breadcrumbs li {
    display: inline-flex;
    align-items: center;
    gap: var(--wb-space-1);
  }
  .breadcrumbs li + li::before {
    content: '';
    width: 6px;
    height: 6px;
    margin: 0 var(--wb-space-1) 0 0;
    border-right: 1.5px solid var(--wb-color-gray-400);
    border-top: 1.5px solid var(--wb-color-gray-400);
    transform: rotate(45deg);
  }
  .breadcrumbs a {
    color: var(--wb-color-text-muted);
    text-decoration: none;
  }
  .breadcrumbs a:hover {
    color: var(--wb-color-accent);
    text-decoration: underline;
  }
  .breadcrumbs [aria-current] {
    color: var(--wb-color-text);
  }

  .view-crumbs {
    max-width: 1200px;
    margin: 0 auto;
    width: 100%;
    padding: var(--wb-space-4) var(--wb-space-6) 0;
  }
  .view-crumbs ol {
    margin: 0;
  }

  /* Home */
  .welcome {
    display: flex;
    align-items: flex-end;
    justify-content: space-between;
    gap: var(--wb-space-6);
    padding: var(--wb-space-2) 0 var(--wb-space-6);
    margin-bottom: var(--wb-space-6);
    border-bottom: 1px solid var(--wb-color-border);
  }

  .eyebrow {
    margin: 0 0 var(--wb-space-1);
    font-size: var(--wb-font-size-sm);
    color: var(--wb-color-text-muted);
  }

  .section-title {
    display: flex;
    align-items: baseline;
    gap: var(--wb-space-2);
    margin: 0 0 var(--wb-space-3);
    font-size: var(--wb-font-size-md);
    font-weight: var(--wb-font-weight-semibold);
  }

  .section-title .count {
    font-weight: var(--wb-font-weight-normal);
    color: var(--wb-color-text-muted);
    font-size: var(--wb-font-size-sm);
  }

  .cards {
    display: grid;
    align-items: start;
    grid-template-columns: repeat(auto-fill, minmax(280px, 1fr));
    gap: var(--wb-space-4);
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .card {
    display: flex;
    flex-direction: column;
    background: var(--wb-color-surface);
    border: 1px solid var(--wb-color-border);
    border-radius: var(--wb-radius-lg);
    box-shadow: var(--wb-shadow-sm);
  }

  .card-head {
    display: flex;
    gap: var(--wb-space-3);
    padding: var(--wb-space-4);
  }

  .card h3 {
    margin: 0;
    font-size: var(--wb-font-size-lg);
    font-weight: var(--wb-font-weight-semibold);
    line-height: 22px;
  }

  .card h3 a {
    color: var(--wb-color-text);
    text-decoration: none;
  }

  .card h3 a::after {
    content: '';
    position: absolute;
    inset: 0;
  }

  .card-head {
    position: relative;
  }

  .card-head:hover h3 a {
    color: var(--wb-color-accent);
    text-decoration: underline;
  }

  .card-head p {
    margin: 2px 0 0;
    font-size: var(--wb-font-size-sm);
    color: var(--wb-color-text-muted);
  }

  .module-icon {
    display: inline-flex;
    flex: none;
    align-items: center;
    justify-content: center;
    width: 40px;
    height: 40px;
    border-radius: var(--wb-radius-md);
    background: var(--wb-color-accent-subtle);
    color: var(--wb-color-accent);
    --wb-icon-size: 22px;
  }

  .module-icon.large {
    width: 48px;
    height: 48px;
    --wb-icon-size: 26px;
  }

  .card .link-list {
    border-top: 1px solid var(--wb-color-border);
    padding: var(--wb-space-2);
  }

  .link-list {
    margin: 0;
    padding: var(--wb-space-1);
    list-style: none;
  }

  .link-list a {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: var(--wb-space-2);
    min-height: 32px;
    padding: var(--wb-space-1) var(--wb-space-2);
    border-radius: var(--wb-radius-md);
    color: var(--wb-color-text);
    text-decoration: none;
    --wb-icon-size: 16px;
  }

  .link-list a wb-icon {
    color: var(--wb-color-gray-400);
  }

  .link-list a:hover {
    background: var(--wb-color-surface-hover);
    color: var(--wb-color-accent);
  }

  .link-list a:hover wb-icon {
    color: var(--wb-color-accent);
  }

  .link-list a:focus-visible {
    outline-offset: -2px;
  }

  .link-list .more {
    padding: var(--wb-space-1) var(--wb-space-2);
    font-size: var(--wb-font-size-sm);
    color: var(--wb-color-text-muted);
  }

  .hint {
    display: flex;
    gap: var(--wb-space-2);
    align-items: flex-start;
    max-width: 360px;
    margin: 0;
    padding: var(--wb-space-3);
    border: 1px solid var(--wb-color-border);
    border-radius: var(--wb-radius-md);
    background: var(--wb-color-surface);
    color: var(--wb-color-text-muted);
    font-size: var(--wb-font-size-sm);
    --wb-icon-size: 18px;
  }

  .hint wb-icon {
    color: var(--wb-color-accent);
    flex: none;
    margin-top: 1px;
  }

  kbd {
    display: inline-block;
    padding: 0 5px;
    border: 1px solid var(--wb-color-border-strong);
    border-bottom-width: 2px;
    border-radius: var(--wb-radius-sm);
    background: var(--wb-color-gray-50);
    font-family: inherit;
    font-size: var(--wb-font-size-xs);
    line-height: 16px;
    color: var(--wb-color-text);
  }

  /* Module overview */
  .page-header {
    display: flex;
    align-items: center;
    gap: var(--wb-space-4);
    margin-bottom: var(--wb-space-6);
  }

  .panels {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(320px, 1fr));
    gap: var(--wb-space-4);
    align-items: start;
  }

  .panel {
    background: var(--wb-color-surface);
    border: 1px solid var(--wb-color-border);
    border-radius: var(--wb-radius-lg);
  }

  .panel-title {
    margin: 0;
    padding: var(--wb-space-3) var(--wb-space-4);
    border-bottom: 1px solid var(--wb-color-border);
    font-size: var(--wb-font-size-md);
    font-weight: var(--wb-font-weight-semibold);
  }

  .panel .link-list {
    padding: var(--wb-space-2);
  }

  /* Empty and status states */
  .status {
    display: flex;
    flex-direction: column;
    align-items: center;
    text-align: center;
    max-width: 520px;
    margin: var(--wb-space-12) auto 0;
    padding: var(--wb-space-8) var(--wb-space-6);
    background: var(--wb-color-surface);
    border: 1px solid var(--wb-color-border);
    border-radius: var(--wb-radius-lg);
  }

  .status .status-icon {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    width: 48px;
    height: 48px;
    margin-bottom: var(--wb-space-4);
    border-radius: var(--wb-radius-full);
    background: var(--wb-color-gray-100);
    color: var(--wb-color-text-muted);
    --wb-icon-size: 24px;
  }

  .status .status-icon.danger {
    background: var(--wb-color-danger-subtle);
    color: var(--wb-color-danger);
  }

  .status h1 {
    font-size: var(--wb-font-size-xl);
    line-height: 28px;
  }

  .status p {
    margin: var(--wb-space-2) 0 0;
    color: var(--wb-color-text-muted);
  }

  .status code {
    font-family: var(--wb-font-family-mono);
    font-size: var(--wb-font-size-sm);
    padding: 1px 4px;
    border-radius: var(--wb-radius-sm);
    background: var(--wb-color-gray-100);
    color: var(--wb-color-text);
    word-break: break-all;
  }

  .actions {
    display: flex;
    flex-wrap: wrap;
    justify-content: center;
    gap: var(--wb-space-2);
    margin-top: var(--wb-space-6);
  }

  /* Loading */
  .loading {
    display: flex;
    align-items: center;
    gap: var(--wb-space-3);
    padding: var(--wb-space-8);
    color: var(--wb-color-text-muted);
    animation: appear 0s linear 250ms both;
  }

  @keyframes appear {
    from {
      visibility: hidden;
    }
  }

  .spinner {
    width: 18px;
    height: 18px;
    border: 2px solid var(--wb-color-gray-200);
    border-top-color: var(--wb-color-accent);
    border-radius: 50%;
    animation: spin 0.8s linear infinite;
  }

  @keyframes spin {
    to {
      transform: rotate(360deg);
    }
  }

  .skeleton {
    height: 14px;
    border-radius: var(--wb-radius-sm);
    background: var(--wb-color-gray-100);
  }

  /* Banner for plugin failures */
  .banner {
    display: flex;
    align-items: center;
    gap: var(--wb-space-3);
    padding: var(--wb-space-2) var(--wb-space-4);
    background: var(--wb-color-warning-subtle);
    border-bottom: 1px solid #f0d58c;
    color: var(--wb-color-text);
    font-size: var(--wb-font-size-sm);
    --wb-icon-size: 18px;
  }

  .banner > wb-icon {
    color: var(--wb-color-warning);
  }

  .banner p {
    flex: 1;
    margin: 0;
  }

  .view-host {
    display: block;
    flex: 1;
    max-width: 1200px;
    width: 100%;
    margin: 0 auto;
  }

  @media (max-width: 640px) {
    .page {
      padding: var(--wb-space-4);
    }
    .welcome {
      flex-direction: column;
      align-items: flex-start;
    }
  }

  /* Signed out: sign-in and first-run setup without the workbench chrome */
  .auth-layout {
    display: flex;
    flex-direction: column;
    min-height: 100vh;
    background: var(--wb-color-bg);
  }
  .auth-brand {
    display: flex;
    align-items: center;
    gap: var(--wb-space-2);
    height: var(--wb-menu-bar-height);
    padding: 0 var(--wb-space-6);
    background: var(--wb-color-chrome);
    color: var(--wb-color-chrome-text);
    font-weight: var(--wb-font-weight-semibold);
    font-size: var(--wb-font-size-lg);
    --wb-icon-size: 22px;
  }
  .auth-layout main {
    flex: 1;
    display: block;
    padding: var(--wb-space-12) var(--wb-space-4);
  }
  .auth-layout main:focus {
    outline: none;
  }
  .auth-footer {
    padding: var(--wb-space-4);
    text-align: center;
    font-size: var(--wb-font-size-xs);
    color: var(--wb-color-text-muted);
  }

  /* The signed-in user's menu in the menu bar */
  .user-menu {
    display: flex;
    align-items: center;
    gap: var(--wb-space-2);
    color: var(--wb-color-chrome-text);
    font-size: var(--wb-font-size-sm);
  }
  .avatar {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    width: 28px;
    height: 28px;
    border-radius: var(--wb-radius-full);
    background: var(--wb-color-chrome-raised);
    border: 1px solid var(--wb-color-chrome-border);
    font-size: var(--wb-font-size-xs);
    font-weight: var(--wb-font-weight-semibold);
  }
  .user-name {
    max-width: 180px;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  @media (max-width: 640px) {
    .user-name {
      display: none;
    }
  }
`;
