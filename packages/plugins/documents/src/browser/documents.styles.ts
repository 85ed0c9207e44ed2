import { css } from 'lit';

/** Shared styles of the documents plugin's workbench views (tokens from @portico/ui). */
export const documentsStyles = css`
  :host { display: block; color: var(--wb-color-text); font-size: var(--wb-font-size-base, 14px); }
  .page { padding: var(--wb-space-4) var(--wb-space-6) var(--wb-space-12); }
  h2 { font-size: var(--wb-font-size-lg); margin: 0; font-weight: var(--wb-font-weight-semibold); }
  h3 { font-size: var(--wb-font-size-md); margin: 0; font-weight: var(--wb-font-weight-semibold); }
  .panel { background: var(--wb-color-surface); border: 1px solid var(--wb-color-border); border-radius: var(--wb-radius-md); margin: 0 0 var(--wb-space-4); }
  .panel > header { display: flex; flex-wrap: wrap; align-items: center; gap: var(--wb-space-2) var(--wb-space-3); padding: var(--wb-space-3) var(--wb-space-4); border-bottom: 1px solid var(--wb-color-border); }
  .panel > header .spacer { flex: 1; }
  .panel .body { padding: var(--wb-space-4); }
  .muted { color: var(--wb-color-text-muted); }
  .badge { display: inline-block; padding: 1px 8px; border-radius: var(--wb-radius-full); background: var(--wb-color-surface-sunken); color: var(--wb-color-text-muted); font-size: var(--wb-font-size-xs); font-weight: var(--wb-font-weight-medium); }
  .count { font-weight: var(--wb-font-weight-semibold); }
  .count.zero { color: var(--wb-color-warning, #8a5a00); }
  .toolbar { display: flex; flex-wrap: wrap; align-items: end; gap: var(--wb-space-2) var(--wb-space-3); margin: 0 0 var(--wb-space-4); }
  .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(17rem, 1fr)); gap: var(--wb-space-4) var(--wb-space-6); }
  label, .label { display: block; font-weight: var(--wb-font-weight-medium); margin: 0 0 var(--wb-space-1); }
  .help { color: var(--wb-color-text-muted); font-size: var(--wb-font-size-sm); margin: var(--wb-space-1) 0 0; }
  .error { color: var(--wb-color-danger); font-size: var(--wb-font-size-sm); margin: var(--wb-space-1) 0 0; font-weight: var(--wb-font-weight-medium); }
  .banner { padding: var(--wb-space-2) var(--wb-space-3); border-radius: var(--wb-radius-sm); margin: 0 0 var(--wb-space-3); }
  .banner.error { background: var(--wb-color-danger-subtle); color: var(--wb-color-danger); font-size: inherit; }
  .banner.ok { background: var(--wb-color-success-subtle); color: var(--wb-color-success); }
  input, select, textarea { font: inherit; color: var(--wb-color-text); background: var(--wb-color-surface); border: 1px solid var(--wb-color-border-input, var(--wb-color-border-strong)); border-radius: var(--wb-radius-sm); padding: 0 var(--wb-space-2); min-height: var(--wb-control-height-md, 32px); width: 100%; box-sizing: border-box; }
  textarea { padding: var(--wb-space-2); min-height: 8rem; font-family: var(--wb-font-family-mono); font-size: var(--wb-font-size-sm); }
  input[aria-invalid='true'], select[aria-invalid='true'], textarea[aria-invalid='true'] { border-color: var(--wb-color-danger); }
  input:focus-visible, select:focus-visible, textarea:focus-visible { outline: var(--wb-focus-ring-width, 2px) solid var(--wb-focus-ring-color, var(--wb-color-accent)); outline-offset: 1px; }
  .range { display: grid; grid-template-columns: 1fr 1fr; gap: var(--wb-space-2); margin-top: var(--wb-space-1); }
  .range label { font-weight: var(--wb-font-weight-normal); font-size: var(--wb-font-size-sm); color: var(--wb-color-text-muted); margin: 0; }
  table { width: 100%; border-collapse: collapse; }
  th, td { text-align: left; padding: var(--wb-space-2) var(--wb-space-3); border-bottom: 1px solid var(--wb-color-border); vertical-align: middle; }
  th { font-weight: var(--wb-font-weight-semibold); color: var(--wb-color-text-muted); font-size: var(--wb-font-size-sm); background: var(--wb-color-surface-sunken); }
  tr:last-child td { border-bottom: 0; }
  td.num { text-align: right; font-variant-numeric: tabular-nums; }
  .actions { display: flex; flex-wrap: wrap; gap: var(--wb-space-2); align-items: center; }
  a { color: var(--wb-color-accent-text, var(--wb-color-accent)); }
  .empty { padding: var(--wb-space-6) var(--wb-space-4); text-align: center; color: var(--wb-color-text-muted); }
  .visually-hidden { position: absolute !important; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
`;
