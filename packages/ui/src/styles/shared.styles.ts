import { css } from 'lit';

/** Pieces shared by component stylesheets: box sizing, focus ring, visually-hidden text. */
/** The document's `box-sizing` reset does not reach into shadow roots: each component includes this. */
export const boxSizing = css`
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
`;

export const focusRing = css`
  :focus-visible {
    outline: var(--wb-focus-ring);
    outline-offset: var(--wb-focus-ring-offset);
  }
`;

export const visuallyHidden = css`
  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
`;
