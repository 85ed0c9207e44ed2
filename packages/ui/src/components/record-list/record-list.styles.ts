import { css } from 'lit';

export const recordListStyles = css`
  :host {
    display: block;
    color: var(--wb-color-text);
    font-size: var(--wb-font-size-md);
  }
  [hidden] {
    display: none !important;
  }
  .list {
    background: var(--wb-color-surface);
    border: 1px solid var(--wb-color-border);
    border-radius: var(--wb-radius-lg);
    box-shadow: var(--wb-shadow-sm);
    overflow: hidden;
  }
  .header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--wb-space-3);
    padding: var(--wb-space-3) var(--wb-space-4);
    border-bottom: 1px solid var(--wb-color-border);
  }
  h1 {
    margin: 0;
    font-size: var(--wb-font-size-xl);
    font-weight: var(--wb-font-weight-semibold);
    line-height: 28px;
  }
  /* The heading takes focus after a navigation (for screen readers); it is not a control. */
  h1:focus {
    outline: none;
  }
  .toolbar {
    display: flex;
    gap: var(--wb-space-1);
    padding-left: var(--wb-space-3);
    border-left: 1px solid var(--wb-color-border);
  }
  .search {
    position: relative;
    margin-left: auto;
    width: min(320px, 100%);
    color: var(--wb-color-text-muted);
    --wb-icon-size: 16px;
  }
  .search wb-icon {
    position: absolute;
    left: 10px;
    top: 8px;
    pointer-events: none;
  }
  .search input {
    width: 100%;
    height: var(--wb-control-height-md);
    padding: 0 var(--wb-space-3) 0 32px;
    border: 1px solid var(--wb-color-border-input);
    border-radius: var(--wb-radius-md);
    font: inherit;
    color: var(--wb-color-text);
    background: var(--wb-color-surface);
  }
  .search input::placeholder {
    color: var(--wb-color-text-muted);
  }
  .search input:focus-visible {
    outline: var(--wb-focus-ring);
    outline-offset: 0;
    border-color: var(--wb-color-accent);
  }
  .table-wrap {
    max-height: 70vh;
    overflow: auto;
  }
  table {
    width: 100%;
    border-collapse: separate;
    border-spacing: 0;
  }
  thead th {
    position: sticky;
    top: 0;
    z-index: 1;
    background: var(--wb-color-gray-50);
    border-bottom: 1px solid var(--wb-color-border);
    text-align: left;
    font-weight: var(--wb-font-weight-semibold);
    font-size: var(--wb-font-size-sm);
    color: var(--wb-color-text-muted);
    padding: 0;
    white-space: nowrap;
  }
  .sort {
    display: inline-flex;
    align-items: center;
    gap: var(--wb-space-1);
    width: 100%;
    padding: var(--wb-space-2) var(--wb-space-4);
    border: 0;
    background: none;
    font: inherit;
    color: inherit;
    cursor: pointer;
    text-align: left;
    --wb-icon-size: 14px;
  }
  .sort wb-icon {
    opacity: 0;
  }
  .sort:hover,
  .sort.sorted {
    color: var(--wb-color-text);
  }
  .sort:hover wb-icon,
  .sort.sorted wb-icon {
    opacity: 1;
  }
  .sort:focus-visible {
    outline: var(--wb-focus-ring);
    outline-offset: -2px;
  }
  tbody th,
  tbody td {
    padding: var(--wb-space-2) var(--wb-space-4);
    border-bottom: 1px solid var(--wb-color-border);
    text-align: left;
    font-weight: var(--wb-font-weight-normal);
    line-height: 20px;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
    max-width: 360px;
  }
  tbody th {
    color: var(--wb-color-accent-text);
    font-weight: var(--wb-font-weight-medium);
  }
  tbody tr {
    cursor: default;
  }
  tbody tr:hover {
    background: var(--wb-color-surface-hover);
  }
  tbody tr:focus-visible {
    outline: var(--wb-focus-ring);
    outline-offset: -2px;
    background: var(--wb-color-accent-subtle);
  }
  tbody tr:last-child th,
  tbody tr:last-child td {
    border-bottom: 0;
  }
  .state {
    display: flex;
    align-items: center;
    justify-content: center;
    gap: var(--wb-space-2);
    padding: var(--wb-space-10) var(--wb-space-4);
    color: var(--wb-color-text-muted);
    --wb-icon-size: 20px;
  }
  .state.error {
    color: var(--wb-color-danger);
  }
  .spinner {
    width: 16px;
    height: 16px;
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
  .footer {
    display: flex;
    justify-content: space-between;
    gap: var(--wb-space-4);
    padding: var(--wb-space-2) var(--wb-space-4);
    border-top: 1px solid var(--wb-color-border);
    background: var(--wb-color-gray-50);
    font-size: var(--wb-font-size-sm);
    color: var(--wb-color-text-muted);
  }
  .footer {
    align-items: center;
    min-height: 40px;
  }
  .footer-end {
    display: inline-flex;
    align-items: center;
    gap: var(--wb-space-3);
  }
  .select {
    width: 40px;
    padding: 0 0 0 var(--wb-space-4) !important;
    vertical-align: middle;
  }
  thead .select {
    position: sticky;
    top: 0;
    z-index: 1;
    background: var(--wb-color-gray-50);
    border-bottom: 1px solid var(--wb-color-border);
  }
  .select input {
    width: 16px;
    height: 16px;
    margin: 0;
    accent-color: var(--wb-color-accent);
    cursor: pointer;
  }
  .select input:focus-visible {
    outline: var(--wb-focus-ring);
    outline-offset: 2px;
  }
  tbody tr.selected {
    background: var(--wb-color-accent-subtle);
  }
  .selection {
    display: flex;
    align-items: center;
    flex-wrap: wrap;
    gap: var(--wb-space-2);
    padding: var(--wb-space-2) var(--wb-space-4);
    border-top: 1px solid var(--wb-color-border);
    background: var(--wb-color-accent-subtle);
    color: var(--wb-color-text);
  }
  .selection > span {
    margin-right: var(--wb-space-2);
  }
`;
