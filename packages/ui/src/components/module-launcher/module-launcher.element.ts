import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import type { NavModule } from '@portico/core/common';
import { emit } from '../../utils/events';
import { boxSizing } from '../../styles/shared.styles';
import { moduleLauncherStyles } from './module-launcher.styles';

export type LauncherCloseReason = 'escape' | 'select' | 'outside';

export interface ModuleSelectDetail {
  module: NavModule;
}

export interface LauncherCloseDetail {
  reason: LauncherCloseReason;
}

/**
 * @summary The Modules launcher: a popover grid of the modules the user may open, each a tile
 * with icon, label and description.
 *
 * Tiles are real links (`hrefFor(module)`, default `/<module id>`), so middle-click opens a
 * module in a new tab. When it opens, focus goes to the current module's tile (or the first);
 * the arrow keys move between tiles in two dimensions, Home/End jump to the first/last;
 * Escape closes it. A pointer press or focus outside the launcher (and outside `anchor`, the
 * button that opens it) closes it too. The owner returns focus to its button on `wb-close`.
 *
 * @event {CustomEvent<ModuleSelectDetail>} wb-module-select - A tile was activated (before the link is followed).
 * @event {CustomEvent<LauncherCloseDetail>} wb-close - The launcher closed itself (`reason`: escape, select, outside).
 *
 * @csspart panel - The popover surface.
 * @csspart tile - Each module tile (a link).
 *
 * @example
 * ```html
 * <wb-module-launcher .modules=${nav.modules} current-module="security" open></wb-module-launcher>
 * ```
 */
export class WbModuleLauncherElement extends LitElement {
  static override styles = [boxSizing, moduleLauncherStyles];

  /** The modules to show, in display order. */
  @property({ attribute: false }) modules: readonly NavModule[] = [];

  @property({ type: Boolean, reflect: true }) open = false;

  /** Id of the module the user is in; its tile is marked and focused first. */
  @property({ attribute: 'current-module' }) currentModule = '';

  /** Heading and accessible name of the popover. */
  @property() label = 'Modules';

  /** The link of a module's tile. */
  @property({ attribute: false }) hrefFor: (module: NavModule) => string = (module) => `/${encodeURIComponent(module.id)}`;

  /** The element that toggles the launcher: presses on it do not count as "outside". */
  @property({ attribute: false }) anchor?: Element;

  /** Opens the launcher. */
  show(): void {
    this.open = true;
  }

  /** Closes the launcher and tells the owner why. */
  hide(reason: LauncherCloseReason): void {
    if (!this.open) return;
    this.open = false;
    emit<LauncherCloseDetail>(this, 'wb-close', { reason });
  }

  private tiles(): HTMLAnchorElement[] {
    return Array.from(this.renderRoot.querySelectorAll<HTMLAnchorElement>('a.tile'));
  }

  private readonly onDocumentPointer = (event: Event): void => {
    const path = event.composedPath();
    if (path.includes(this) || (this.anchor && path.includes(this.anchor))) return;
    this.hide('outside');
  };

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.open) this.listen(true);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.listen(false);
  }

  private listen(on: boolean): void {
    const method = on ? 'addEventListener' : 'removeEventListener';
    document[method]('pointerdown', this.onDocumentPointer, true);
    document[method]('focusin', this.onDocumentPointer, true);
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (!changed.has('open')) return;
    this.listen(this.open);
    if (this.open) {
      const tiles = this.tiles();
      const current = tiles.find((tile) => tile.getAttribute('aria-current') === 'true');
      (current ?? tiles[0])?.focus();
    }
  }

  private onKeyDown(event: KeyboardEvent): void {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      this.hide('escape');
      return;
    }
    const tiles = this.tiles();
    const index = tiles.indexOf(event.composedPath()[0] as HTMLAnchorElement);
    if (index < 0 || !tiles.length) return;
    const firstTop = tiles[0]!.offsetTop;
    const columns = Math.max(1, tiles.filter((tile) => tile.offsetTop === firstTop).length);
    let next: number;
    switch (event.key) {
      case 'ArrowRight':
        next = Math.min(index + 1, tiles.length - 1);
        break;
      case 'ArrowLeft':
        next = Math.max(index - 1, 0);
        break;
      case 'ArrowDown':
        next = index + columns < tiles.length ? index + columns : index;
        break;
      case 'ArrowUp':
        next = index - columns >= 0 ? index - columns : index;
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = tiles.length - 1;
        break;
      default:
        return;
    }
    event.preventDefault();
    tiles[next]?.focus();
  }

  private onTileClick(module: NavModule): void {
    emit<ModuleSelectDetail>(this, 'wb-module-select', { module });
    this.hide('select');
  }

  override render(): TemplateResult {
    return html`<div part="panel" class="panel" role="dialog" aria-labelledby="title" @keydown=${this.onKeyDown}>
      <div class="header">
        <h2 id="title">${this.label}</h2>
        ${this.modules.length ? html`<span class="count">${this.modules.length} available</span>` : nothing}
      </div>
      ${this.modules.length
        ? html`<ul role="list">
            ${this.modules.map(
              (module) => html`<li>
                <a
                  part="tile"
                  class="tile"
                  href=${this.hrefFor(module)}
                  aria-current=${module.id === this.currentModule ? 'true' : nothing}
                  @click=${() => this.onTileClick(module)}
                >
                  <span class="tile-icon"><wb-icon name=${module.icon ?? 'apps'}></wb-icon></span>
                  <span>
                    <span class="tile-label">${module.label}</span>
                    ${module.description ? html`<span class="tile-description">${module.description}</span>` : nothing}
                  </span>
                </a>
              </li>`,
            )}
          </ul>`
        : html`<p class="empty">No modules are available to you yet.</p>`}
    </div>`;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'wb-module-select': CustomEvent<ModuleSelectDetail>;
  }
}
