import { css } from 'lit';

export const syncQueueStyles = css`
  :host { display: block; padding: var(--wb-space-4) var(--wb-space-6) var(--wb-space-12); font-family: var(--wb-font-family); color: var(--wb-color-text); }
  .intro { margin: 0 0 var(--wb-space-3); color: var(--wb-color-text-muted); font-size: var(--wb-font-size-sm); max-width: 60rem; }
  code { font-family: var(--wb-font-family-mono); }
  .filters { display: flex; flex-wrap: wrap; gap: var(--wb-space-2); margin-bottom: var(--wb-space-3); }
  .chip { display: inline-flex; align-items: center; gap: var(--wb-space-2); height: var(--wb-control-height-sm); padding: 0 var(--wb-space-3); border: 1px solid var(--wb-color-border); border-radius: var(--wb-radius-full); background: var(--wb-color-surface); color: var(--wb-color-text); font: inherit; font-size: var(--wb-font-size-sm); cursor: pointer; }
  .chip:hover { background: var(--wb-color-surface-hover); }
  .chip:focus-visible { outline: var(--wb-focus-ring); outline-offset: var(--wb-focus-ring-offset); }
  .chip[aria-pressed='true'] { background: var(--wb-color-accent-subtle); border-color: var(--wb-color-accent); color: var(--wb-color-accent-text); font-weight: var(--wb-font-weight-semibold); }
  .count { min-width: 1.5rem; padding: 0 var(--wb-space-1); border-radius: var(--wb-radius-full); background: var(--wb-color-surface-sunken); font-variant-numeric: tabular-nums; text-align: center; }
  .chip[data-tone='danger'] .count { background: var(--wb-color-danger-subtle); color: var(--wb-color-danger); }
  .chip[data-tone='warning'] .count { background: var(--wb-color-warning-subtle); }
  .notice { margin: 0 0 var(--wb-space-3); font-size: var(--wb-font-size-sm); }
  .detail { background: var(--wb-color-surface); border: 1px solid var(--wb-color-border); border-radius: var(--wb-radius-lg); box-shadow: var(--wb-shadow-sm); padding: var(--wb-space-4) var(--wb-space-6); margin-bottom: var(--wb-space-4); max-width: 60rem; }
  .detail h2 { margin: 0 0 var(--wb-space-3); font-size: var(--wb-font-size-lg); font-weight: var(--wb-font-weight-semibold); }
  dl { display: grid; grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr)); gap: var(--wb-space-3) var(--wb-space-6); margin: 0; }
  dt { font-size: var(--wb-font-size-xs); color: var(--wb-color-text-muted); }
  dd { margin: 0; }
  .error { margin: var(--wb-space-4) 0 0; padding: var(--wb-space-2) var(--wb-space-3); border-left: 3px solid var(--wb-color-danger); background: var(--wb-color-danger-subtle); font-size: var(--wb-font-size-sm); }
  .actions { display: flex; gap: var(--wb-space-2); margin-top: var(--wb-space-4); }
`;
