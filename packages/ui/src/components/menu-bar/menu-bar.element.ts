import { LitElement, html, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { boxSizing } from '../../styles/shared.styles';
import { menuBarStyles } from './menu-bar.styles';

/**
 * @summary A horizontal command bar (toolbar) of buttons: the record view's "Save this record",
 * "Save & Close", record actions; a record list's Create / Refresh / Export.
 *
 * Every item stays reachable with Tab (the workbench's keyboard rule); in addition the arrow
 * keys, Home and End move between the items, as in an ARIA toolbar. Put an `<hr>` or an element
 * with class `wb-separator` between groups.
 *
 * @slot - Items at the start (buttons, icon buttons).
 * @slot end - Items pushed to the end of the bar.
 *
 * @csspart base - The toolbar container.
 *
 * @cssproperty --wb-menu-bar-background - Background (default: surface white).
 *
 * @example
 * ```html
 * <wb-menu-bar label="Record actions">
 *   <wb-button variant="subtle" icon="save">Save this record</wb-button>
 *   <wb-button variant="subtle" icon="close">Cancel</wb-button>
 * </wb-menu-bar>
 * ```
 */
export class WbMenuBarElement extends LitElement {
  static override styles = [boxSizing, menuBarStyles];

  /** Accessible name of the toolbar, e.g. "Record actions". */
  @property() label = '';

  private items(): HTMLElement[] {
    const slots = Array.from(this.renderRoot.querySelectorAll('slot'));
    return slots
      .flatMap((slot) => slot.assignedElements({ flatten: true }))
      .filter((el): el is HTMLElement => el instanceof HTMLElement && !el.matches('hr, .wb-separator') && !el.hidden)
      .filter((el) => !el.hasAttribute('disabled') || el.tagName.startsWith('WB-'));
  }

  private onKeyDown(event: KeyboardEvent): void {
    const keys = ['ArrowLeft', 'ArrowRight', 'Home', 'End'];
    if (!keys.includes(event.key)) return;
    const origin = event.composedPath()[0];
    if (origin instanceof HTMLInputElement || origin instanceof HTMLTextAreaElement || origin instanceof HTMLSelectElement) return;
    const items = this.items();
    if (!items.length) return;
    const current = items.findIndex((el) => el === event.composedPath().find((n) => items.includes(n as HTMLElement)));
    let next: number;
    if (event.key === 'ArrowRight') next = current < 0 ? 0 : (current + 1) % items.length;
    else if (event.key === 'ArrowLeft') next = current <= 0 ? items.length - 1 : current - 1;
    else if (event.key === 'Home') next = 0;
    else next = items.length - 1;
    event.preventDefault();
    items[next]?.focus();
  }

  override render(): TemplateResult {
    return html`<div part="base" class="base" role="toolbar" aria-label=${this.label || 'Actions'} @keydown=${this.onKeyDown}>
      <div class="start"><slot></slot></div>
      <div class="end"><slot name="end"></slot></div>
    </div>`;
  }
}
