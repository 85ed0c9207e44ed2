import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { NavModule, NavTree } from '@portico/core/common';
import { emit } from '../../utils/events';
import type { NavDrawerSection } from '../nav-drawer/nav-drawer.element';
import { boxSizing, visuallyHidden } from '../../styles/shared.styles';
import { appShellStyles } from './app-shell.styles';

export interface SearchDetail {
  query: string;
}

type ShellModule = NavTree['modules'][number];

/**
 * @summary The workbench frame: a menu bar across the top (product name, Modules button,
 * Menu button, global search, user menu) over a content area.
 *
 * It receives the navigation (`modules`, a `NavTree`'s modules) and the current location
 * (`current-module`, `current-path`) as properties and renders the Modules launcher
 * (`wb-module-launcher`) and the Menu (`wb-nav-drawer`) from them. It does no routing: all
 * links are plain `<a href>` for the page's router to intercept. With no current module the
 * Menu lists every module's sections.
 *
 * @slot - The page content (inside `<main>`).
 * @slot user - The signed-in user's menu, at the right end of the menu bar.
 * @slot search - Replaces the default global search field.
 * @slot logo - Replaces the product mark.
 *
 * @event {CustomEvent<SearchDetail>} wb-search - Enter was pressed in the global search field.
 * @event {CustomEvent<ModuleSelectDetail>} wb-module-select - From the launcher.
 * @event {CustomEvent<NavSelectDetail>} wb-nav-select - From the Menu.
 *
 * @csspart menu-bar - The top bar (`<header>`).
 * @csspart product - The product name link.
 * @csspart content - The `<main>` element.
 *
 * @example
 * ```html
 * <wb-app-shell product-name="Portico" .modules=${tree.modules} current-module="security" current-path="/security/portal-users">
 *   <my-page></my-page>
 * </wb-app-shell>
 * ```
 */
export class WbAppShellElement extends LitElement {
  static override styles = [boxSizing, visuallyHidden, appShellStyles];

  @property({ attribute: 'product-name' }) productName = 'Portico';

  /** Where the product name links to. */
  @property({ attribute: 'product-href' }) productHref = '/';

  /** Modules with their sections and items, already filtered for the user. */
  @property({ attribute: false }) modules: NavTree['modules'] = [];

  /** Id of the module the current page belongs to ('' for none). */
  @property({ attribute: 'current-module' }) currentModule = '';

  /** Path of the current page, to highlight the Menu's current item. */
  @property({ attribute: 'current-path' }) currentPath = '';

  @property({ attribute: 'search-placeholder' }) searchPlaceholder = 'Search';

  /** The link of a module in the launcher (default `/<module id>`). */
  @property({ attribute: false }) moduleHref?: (module: NavModule) => string;

  @state() private launcherOpen = false;
  @state() private menuOpen = false;

  @query('#modules-button') private modulesButton!: HTMLButtonElement;
  @query('#menu-button') private menuButton!: HTMLButtonElement;
  @query('main') private main!: HTMLElement;

  /** Opens the Modules launcher. */
  openModules(): void {
    this.menuOpen = false;
    this.launcherOpen = true;
  }

  /** Opens the Menu drawer. */
  openMenu(): void {
    this.launcherOpen = false;
    this.menuOpen = true;
  }

  /** Closes the launcher and the Menu. */
  closeAll(): void {
    this.launcherOpen = false;
    this.menuOpen = false;
  }

  /** Moves focus to the content area (after a client-side navigation, or from the skip link). */
  focusContent(): void {
    this.main?.focus({ preventScroll: true });
  }

  private get current(): ShellModule | undefined {
    return this.modules.find((module) => module.id === this.currentModule);
  }

  private drawerSections(): NavDrawerSection[] {
    const module = this.current;
    if (module) return module.sections;
    return this.modules.flatMap((m) =>
      m.sections.map((section) => ({ ...section, id: `${m.id}-${section.id}`, label: `${m.label} › ${section.label}` })),
    );
  }

  private toggleModules(): void {
    if (this.launcherOpen) this.launcherOpen = false;
    else this.openModules();
  }

  private toggleMenu(): void {
    if (this.menuOpen) this.menuOpen = false;
    else this.openMenu();
  }

  private onLauncherClose(event: CustomEvent<{ reason: string }>): void {
    event.stopPropagation();
    this.launcherOpen = false;
    if (event.detail.reason === 'escape') this.modulesButton.focus();
  }

  private onMenuClose(event: CustomEvent<{ reason: string }>): void {
    event.stopPropagation();
    this.menuOpen = false;
    if (event.detail.reason !== 'select') this.updateComplete.then(() => this.menuButton.focus());
  }

  private onSearchKeyDown(event: KeyboardEvent): void {
    const input = event.target as HTMLInputElement;
    if (event.key === 'Enter' && input.value.trim()) {
      emit<SearchDetail>(this, 'wb-search', { query: input.value.trim() });
    } else if (event.key === 'Escape' && input.value) {
      input.value = '';
    }
  }

  private onSkip(event: MouseEvent): void {
    event.preventDefault();
    this.focusContent();
  }

  override render(): TemplateResult {
    const module = this.current;
    return html`
      <a class="skip-link" href="#main" @click=${this.onSkip}>Skip to content</a>
      <header part="menu-bar" class="menu-bar">
        <div class="start">
          <a part="product" class="product" href=${this.productHref}>
            <span class="logo"><slot name="logo"><wb-icon name="landmark"></wb-icon></slot></span>
            <span class="product-name">${this.productName}</span>
          </a>
          <span class="divider" aria-hidden="true"></span>
          <span class="anchor">
            <button
              id="modules-button"
              class="chrome-button"
              type="button"
              aria-haspopup="dialog"
              aria-expanded=${String(this.launcherOpen)}
              aria-label="Modules"
              @click=${this.toggleModules}
            >
              <wb-icon name="grid"></wb-icon><span class="label">Modules</span>
            </button>
            <wb-module-launcher
              .modules=${this.modules}
              .anchor=${this.modulesButton}
              .hrefFor=${this.moduleHref ?? ((m: NavModule) => `/${encodeURIComponent(m.id)}`)}
              current-module=${this.currentModule}
              ?open=${this.launcherOpen}
              @wb-close=${this.onLauncherClose}
            ></wb-module-launcher>
          </span>
          <button
            id="menu-button"
            class="chrome-button"
            type="button"
            aria-haspopup="dialog"
            aria-expanded=${String(this.menuOpen)}
            aria-label="Menu"
            @click=${this.toggleMenu}
          >
            <wb-icon name="menu"></wb-icon><span class="label">Menu</span>
          </button>
          ${module ? html`<span class="context" title=${module.label}>${module.label}</span>` : nothing}
        </div>
        <div class="search" role="search">
          <slot name="search">
            <div class="search-field">
              <label class="visually-hidden" for="global-search">Search</label>
              <input
                id="global-search"
                type="search"
                autocomplete="off"
                placeholder=${this.searchPlaceholder}
                @keydown=${this.onSearchKeyDown}
              />
              <wb-icon name="search"></wb-icon>
            </div>
          </slot>
        </div>
        <div class="end"><slot name="user"></slot></div>
      </header>
      <wb-nav-drawer
        heading=${module?.label ?? 'All modules'}
        icon=${module?.icon ?? 'apps'}
        .sections=${this.drawerSections()}
        current-path=${this.currentPath}
        ?open=${this.menuOpen}
        @wb-close=${this.onMenuClose}
      ></wb-nav-drawer>
      <main id="main" part="content" tabindex="-1"><slot></slot></main>
    `;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'wb-search': CustomEvent<SearchDetail>;
  }
}
