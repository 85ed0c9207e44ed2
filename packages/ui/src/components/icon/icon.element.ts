import { LitElement, html, svg, nothing, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { iconStyles } from './icon.styles';
import { getIcon } from './icons';

/**
 * @summary A small line icon from the workbench icon set, drawn in `currentColor`.
 *
 * Decorative by default (hidden from assistive technology). Give it a `label` when the icon
 * alone carries meaning; then it is announced as an image with that name.
 *
 * Size it with `--wb-icon-size` (default `1.25em`) or `width`/`height`; the stroke width
 * with `--wb-icon-stroke-width` (default 1.75).
 *
 * @csspart svg - The `<svg>` element.
 *
 * @example `<wb-icon name="shield"></wb-icon>`
 */
export class WbIconElement extends LitElement {
  static override styles = iconStyles;

  /** The icon's name, e.g. `menu`, `grid`, `shield`, `users` (see `iconNames()`). */
  @property({ reflect: true }) name = '';

  /** Accessible name; leave empty for a decorative icon. */
  @property() label = '';

  override render(): TemplateResult {
    const paths = getIcon(this.name) ?? getIcon('compass') ?? [];
    const labelled = this.label !== '';
    return html`<svg
      part="svg"
      viewBox="0 0 24 24"
      role=${labelled ? 'img' : nothing}
      aria-label=${labelled ? this.label : nothing}
      aria-hidden=${labelled ? nothing : 'true'}
      focusable="false"
    >${paths.map((d) => svg`<path d=${d}></path>`)}</svg>`;
  }
}
