import { css } from 'lit';

export const iconStyles = css`
  :host {
    display: inline-flex;
    flex: none;
    width: var(--wb-icon-size, 1.25em);
    height: var(--wb-icon-size, 1.25em);
    color: inherit;
    vertical-align: -0.25em;
  }

  svg {
    width: 100%;
    height: 100%;
    fill: none;
    stroke: currentColor;
    stroke-width: var(--wb-icon-stroke-width, 1.75);
    stroke-linecap: round;
    stroke-linejoin: round;
  }
`;
