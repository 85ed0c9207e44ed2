import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { boxSizing } from '../../styles/shared.styles';
import { iconButtonStyles } from './icon-button.styles';

/**
 * @summary A square button showing only an icon. Its `label` is both its accessible name and
 * the tooltip shown on hover and keyboard focus ("Create a new record", "Refresh", "Export").
 *
 * Renders a real `<a href>` when `href` is set, so middle-click and "open in new tab" work.
 * The tooltip is dismissed with Escape (WCAG 1.4.13) and is hidden from assistive technology,
 * which already hears the label as the button's name.
 *
 * @csspart base - The inner `<button>` or `<a>`.
 * @csspart tooltip - The tooltip bubble.
 *
 * @cssproperty --wb-icon-button-size - Width and height (default 32px).
 * @cssproperty --wb-icon-size - Icon size (default 20px).
 *
 * @example `<wb-icon-button icon="refresh" label="Refresh"></wb-icon-button>`
 */
export class WbIconButtonElement extends LitElement {
  static override styles = [boxSizing, iconButtonStyles];
  static override shadowRootOptions: ShadowRootInit = { ...LitElement.shadowRootOptions, delegatesFocus: true };

  /** Icon name from the `wb-icon` set. */
  @property() icon = '';

  /** Accessible name and tooltip text; required. */
  @property() label = '';

  /** Makes the button a link. */
  @property() href?: string;

  @property({ type: Boolean, reflect: true }) disabled = false;

  /** `default` on light surfaces, `inverse` on the dark menu bar. */
  @property({ reflect: true }) tone: 'default' | 'inverse' = 'default';

  @property({ attribute: 'tooltip-placement', reflect: true })
  tooltipPlacement: 'bottom' | 'bottom-start' | 'bottom-end' | 'top' = 'bottom';

  /** Sets `aria-expanded` on the inner button (for buttons that open a popup). */
  @property({ type: Boolean, attribute: 'expanded' }) expanded?: boolean;

  /** Sets `aria-haspopup` on the inner button: `dialog`, `menu`, `true`. */
  @property() haspopup?: string;

  @state() private tooltipVisible = false;
  @state() private tooltipImmediate = false;

  @query('.base') private base!: HTMLElement;

  override focus(options?: FocusOptions): void {
    this.base?.focus(options);
  }

  override click(): void {
    this.base?.click();
  }

  private show(immediate: boolean): void {
    this.tooltipImmediate = immediate;
    this.tooltipVisible = true;
  }

  private hide = (): void => {
    this.tooltipVisible = false;
  };

  private onKeyDown(event: KeyboardEvent): void {
    if (event.key === 'Escape' && this.tooltipVisible) this.hide();
  }

  private onFocus(event: FocusEvent): void {
    const target = event.target as HTMLElement;
    if (target.matches(':focus-visible')) this.show(true);
  }

  private onClick(event: MouseEvent): void {
    if (this.disabled) {
      event.preventDefault();
      event.stopImmediatePropagation();
      return;
    }
    this.hide();
  }

  override render(): TemplateResult {
    const icon = html`<wb-icon name=${this.icon}></wb-icon>`;
    const tooltip = html`<span
      part="tooltip"
      class="tooltip ${this.tooltipVisible ? 'visible' : ''} ${this.tooltipImmediate ? 'immediate' : ''}"
      aria-hidden="true"
      >${this.label}</span
    >`;
    const handlers = {
      enter: () => this.show(false),
    };
    if (this.href !== undefined && !this.disabled) {
      return html`<a
          part="base"
          class="base"
          href=${this.href}
          aria-label=${this.label}
          @mouseenter=${handlers.enter}
          @mouseleave=${this.hide}
          @focus=${this.onFocus}
          @blur=${this.hide}
          @keydown=${this.onKeyDown}
          @click=${this.onClick}
          >${icon}</a
        >${tooltip}`;
    }
    return html`<button
        part="base"
        class="base"
        type="button"
        aria-label=${this.label}
        aria-disabled=${this.disabled ? 'true' : nothing}
        aria-expanded=${this.expanded === undefined ? nothing : String(this.expanded)}
        aria-haspopup=${ifDefined(this.haspopup)}
        @mouseenter=${handlers.enter}
        @mouseleave=${this.hide}
        @focus=${this.onFocus}
        @blur=${this.hide}
        @keydown=${this.onKeyDown}
        @click=${this.onClick}
      >
        ${icon}</button
      >${tooltip}`;
  }
}
