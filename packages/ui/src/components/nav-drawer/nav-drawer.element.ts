import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { emit } from '../../utils/events';
import { deepActiveElement, tabbables } from '../../utils/focus';
import { boxSizing } from '../../styles/shared.styles';
import { navDrawerStyles } from './nav-drawer.styles';

/** One link of the drawer (the shape of `NavItem` from `@portico/core/common`). */
export interface NavDrawerItem {
  id: string;
  label: string;
  path: string;
}

/** A titled group of links ("IAM User Management"). */
export interface NavDrawerSection {
  id: string;
  label: string;
  items: readonly NavDrawerItem[];
}

export interface NavSelectDetail {
  item: NavDrawerItem;
}

/**
 * @summary The Menu: a modal drawer on the left listing a module's sections and their items.
 *
 * Built on a modal `<dialog>`, so the page behind it is inert; Tab and Shift+Tab also wrap
 * inside the drawer. Escape, the close button and a click on the backdrop close it. When it
 * opens, focus goes to the current item (or the first). The current item — the one whose
 * `path` is `current-path` or its longest prefix — is highlighted and has
 * `aria-current="page"`. Items are real links.
 *
 * @slot footer - Content under the list (e.g. a link to all modules).
 *
 * @event {CustomEvent<NavSelectDetail>} wb-nav-select - An item was activated (before the link is followed).
 * @event {CustomEvent<CloseDetail>} wb-close - The drawer closed itself (`reason`: escape, select, backdrop, button).
 *
 * @csspart dialog - The `<dialog>` element.
 * @csspart panel - The drawer surface.
 * @csspart item - Each item link.
 *
 * @cssproperty --wb-drawer-width - Width (default 320px).
 *
 * @example
 * ```html
 * <wb-nav-drawer heading="Security" icon="shield" .sections=${module.sections} current-path="/security/portal-users" open></wb-nav-drawer>
 * ```
 */
export class WbNavDrawerElement extends LitElement {
  static override styles = [boxSizing, navDrawerStyles];

  @property({ type: Boolean, reflect: true }) open = false;

  /** Title of the drawer, usually the module's label. */
  @property() heading = 'Menu';

  /** Icon shown beside the heading. */
  @property() icon?: string;

  @property({ attribute: false }) sections: readonly NavDrawerSection[] = [];

  /** Path of the page being shown, to mark the current item. */
  @property({ attribute: 'current-path' }) currentPath = '';

  @query('dialog') private dialog!: HTMLDialogElement;

  @state() private hasFooter = false;

  show(): void {
    this.open = true;
  }

  hide(reason: string): void {
    if (!this.open) return;
    this.open = false;
    emit(this, 'wb-close', { reason });
  }

  /** The item the current path belongs to: exact match, else the longest `path/` prefix. */
  currentItem(): NavDrawerItem | undefined {
    let best: NavDrawerItem | undefined;
    for (const section of this.sections) {
      for (const item of section.items) {
        const matches = this.currentPath === item.path || this.currentPath.startsWith(item.path.replace(/\/$/, '') + '/');
        if (matches && (!best || item.path.length > best.path.length)) best = item;
      }
    }
    return best;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (!changed.has('open')) return;
    const dialog = this.dialog;
    if (this.open && !dialog.open) {
      dialog.showModal();
      const current = this.renderRoot.querySelector<HTMLElement>('a[aria-current="page"]');
      (current ?? this.renderRoot.querySelector<HTMLElement>('nav a') ?? dialog).focus();
    } else if (!this.open && dialog.open) {
      dialog.close();
    }
  }

  private onCancel(event: Event): void {
    event.preventDefault();
    this.hide('escape');
  }

  /**
   * The browser may force a dialog closed (repeated Escape); keep `open` in step. The `close`
   * event is queued: when it arrives after the drawer was opened again (Escape, then Enter at
   * once), the dialog is open and the event is stale.
   */
  private onClose(): void {
    if (this.open && !this.dialog.open) this.hide('escape');
  }

  private onDialogClick(event: MouseEvent): void {
    if (event.target === this.dialog) this.hide('backdrop');
  }

  private onKeyDown(event: KeyboardEvent): void {
    if (event.key !== 'Tab') return;
    const items = tabbables(this.renderRoot.querySelector('.panel')!);
    if (!items.length) return;
    const first = items[0]!;
    const last = items[items.length - 1]!;
    const active = deepActiveElement();
    if (event.shiftKey && (active === first || !active || !items.includes(active as HTMLElement))) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (active === last || !active || !items.includes(active as HTMLElement))) {
      event.preventDefault();
      first.focus();
    }
  }

  private onItemClick(item: NavDrawerItem): void {
    emit<NavSelectDetail>(this, 'wb-nav-select', { item });
    this.hide('select');
  }

  override render(): TemplateResult {
    const current = this.currentItem();
    return html`<dialog
      part="dialog"
      aria-labelledby="heading"
      @cancel=${this.onCancel}
      @close=${this.onClose}
      @click=${this.onDialogClick}
      @keydown=${this.onKeyDown}
    >
      <div part="panel" class="panel">
        <header>
          ${this.icon ? html`<span class="heading-icon"><wb-icon name=${this.icon}></wb-icon></span>` : nothing}
          <h2 id="heading">${this.heading}</h2>
          <wb-icon-button icon="close" label="Close menu" tooltip-placement="bottom-end" @click=${() => this.hide('button')}></wb-icon-button>
        </header>
        <nav aria-labelledby="heading">
          ${this.sections.length
            ? this.sections.map(
                (section) => html`<section>
                  <h3 id="section-${section.id}">${section.label}</h3>
                  <ul aria-labelledby="section-${section.id}">
                    ${section.items.map(
                      (item) => html`<li>
                        <a
                          part="item"
                          href=${item.path}
                          aria-current=${item === current ? 'page' : nothing}
                          @click=${() => this.onItemClick(item)}
                          >${item.label}</a
                        >
                      </li>`,
                    )}
                  </ul>
                </section>`,
              )
            : html`<p class="empty">Nothing to show here yet.</p>`}
        </nav>
        <footer class=${this.hasFooter ? '' : 'empty-footer'}>
          <slot name="footer" @slotchange=${(e: Event) => (this.hasFooter = (e.target as HTMLSlotElement).assignedNodes().length > 0)}></slot>
        </footer>
      </div>
    </dialog>`;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'wb-nav-select': CustomEvent<NavSelectDetail>;
  }
}
