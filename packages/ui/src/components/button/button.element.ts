import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { boxSizing } from '../../styles/shared.styles';
import { buttonStyles } from './button.styles';

/**
 * @summary A text button for actions: `primary` (the one main action of a screen),
 * `secondary`, `danger` (destructive) and `subtle` (command bars).
 *
 * Renders a real `<a href>` when `href` is set. A `type="submit"` button submits its form
 * (it is form-associated), so `<form>` validation and the `submit` event work as with a
 * native button.
 *
 * @slot - The label.
 * @slot prefix - Content before the label (an icon); or use the `icon` attribute.
 * @slot suffix - Content after the label.
 *
 * @csspart base - The inner `<button>` or `<a>`.
 * @csspart label - The label wrapper.
 *
 * @example `<wb-button variant="primary" icon="save">Save this record</wb-button>`
 */
export class WbButtonElement extends LitElement {
  static override styles = [boxSizing, buttonStyles];
  static override shadowRootOptions: ShadowRootInit = { ...LitElement.shadowRootOptions, delegatesFocus: true };
  static formAssociated = true;

  @property({ reflect: true }) variant: 'primary' | 'secondary' | 'danger' | 'subtle' = 'secondary';

  @property({ reflect: true }) size: 'small' | 'medium' = 'medium';

  @property() type: 'button' | 'submit' | 'reset' = 'button';

  /** Leading icon name from the `wb-icon` set. */
  @property() icon?: string;

  /** Makes the button a link. */
  @property() href?: string;

  @property({ type: Boolean, reflect: true }) disabled = false;

  /** Accessible name when the visible label is not enough. */
  @property() label?: string;

  @query('.base') private base!: HTMLElement;

  @state() private hasPrefix = false;
  @state() private hasSuffix = false;

  private readonly internals: ElementInternals = this.attachInternals();

  override focus(options?: FocusOptions): void {
    this.base?.focus(options);
  }

  override click(): void {
    this.base?.click();
  }

  private onClick(event: MouseEvent): void {
    if (this.disabled) {
      event.preventDefault();
      event.stopImmediatePropagation();
      return;
    }
    const form = this.internals.form;
    if (!form) return;
    if (this.type === 'submit') form.requestSubmit();
    else if (this.type === 'reset') form.reset();
  }

  override render(): TemplateResult {
    const onSlotChange = (event: Event): void => {
      const slot = event.target as HTMLSlotElement;
      const filled = slot.assignedNodes().length > 0;
      if (slot.name === 'prefix') this.hasPrefix = filled;
      else this.hasSuffix = filled;
    };
    const content = html`<span class="prefix" ?hidden=${!this.icon && !this.hasPrefix}
        ><slot name="prefix" @slotchange=${onSlotChange}
          >${this.icon ? html`<wb-icon name=${this.icon}></wb-icon>` : nothing}</slot
        ></span
      ><span part="label"><slot></slot></span
      ><span class="suffix" ?hidden=${!this.hasSuffix}><slot name="suffix" @slotchange=${onSlotChange}></slot></span>`;
    if (this.href !== undefined && !this.disabled) {
      return html`<a part="base" class="base" href=${this.href} aria-label=${this.label ?? nothing}
        >${content}</a
      >`;
    }
    return html`<button
      part="base"
      class="base"
      type="button"
      aria-label=${this.label ?? nothing}
      aria-disabled=${this.disabled ? 'true' : nothing}
      @click=${this.onClick}
    >
      ${content}
    </button>`;
  }
}
