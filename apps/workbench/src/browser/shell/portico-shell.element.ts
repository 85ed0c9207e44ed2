import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { NavItem, NavTree } from '@portico/core/common';
import type { WbAppShellElement } from '@portico/ui';
import { session, signOut, type SessionState } from '@portico/ui/session';
import { fetchNavigation, itemCount, locate, type ShellModule } from '../navigation/navigation-client';
import type { PluginFailure } from '../plugins/load-plugins';
import type { ViewMatch, ViewRegistry } from '../plugins/view-registry';
import { Router, type NavigationCause, type RouteLocation } from '../routing/router';
import { porticoShellStyles } from './portico-shell.styles';

/** What the current URL shows. */
type Resolved =
  | { kind: 'home' }
  | { kind: 'view'; match: ViewMatch }
  | { kind: 'module'; module: ShellModule }
  | { kind: 'search'; query: string }
  | { kind: 'unavailable'; module: ShellModule; item: NavItem }
  | { kind: 'not-found' }
  | { kind: 'waiting' };

/**
 * What a plugin adds to the `shell.sign-in` extension point: the view shown for every route
 * while nobody is signed in. The shell re-renders the requested route once the session has a
 * user, so the URL never changes and sign-in "returns" to it.
 */
export interface SignInExtension {
  tag: string;
  load: () => Promise<unknown>;
  /** Routes that stay reachable while signed out (e.g. `/setup`). */
  publicPaths?: string[];
}

export const SIGN_IN_EXTENSION = 'shell.sign-in';
const SIGN_IN_KEY = '#sign-in';

/** Properties every plugin view element receives. */
interface ViewElement extends HTMLElement {
  params?: Record<string, string>;
  query?: Record<string, string>;
  updateComplete?: Promise<unknown>;
}

const PRODUCT = 'Portico';

/**
 * @summary The workbench application: `wb-app-shell` plus routing, navigation loading and
 * plugin views.
 *
 * Routes, in order: `/` home; a view registered by a plugin (lazy-loaded); `/<module id>` a
 * module overview; `/search`; a path listed in the navigation without a view → "not
 * available"; anything else → "not found".
 */
export class PorticoShellElement extends LitElement {
  static override styles = porticoShellStyles;

  /** Views and extensions registered by the plugins' browser modules. */
  @property({ attribute: false }) registry!: ViewRegistry;

  /** Plugins whose browser module threw while registering. */
  @property({ attribute: false }) pluginFailures: readonly PluginFailure[] = [];

  @state() private nav?: NavTree;
  @state() private navError = '';
  @state() private location!: RouteLocation;
  @state() private resolved: Resolved = { kind: 'waiting' };
  @state() private viewElement?: ViewElement;
  @state() private viewStatus: 'idle' | 'loading' | 'ready' | 'error' = 'idle';
  @state() private viewError = '';
  @state() private bannerDismissed = false;
  @state() private sessionState: SessionState = session.state;
  @state() private sessionReady = false;
  @state() private signingOut = false;

  @query('wb-app-shell') private appShell?: WbAppShellElement;

  private readonly router = new Router();
  private stopRouter?: () => void;
  private viewKey?: string;
  private routeToken = 0;
  private navAbort?: AbortController;
  private stopSession?: () => void;
  private userKey = '';

  override connectedCallback(): void {
    super.connectedCallback();
    this.stopSession = session.subscribe((state) => this.onSession(state));
    this.stopRouter = this.router.start((location, cause) => void this.applyRoute(location, cause));
    void this.loadSession();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopRouter?.();
    this.stopSession?.();
    this.navAbort?.abort();
  }

  private get signInExtension(): SignInExtension | undefined {
    return this.registry.extensions<SignInExtension>(SIGN_IN_EXTENSION)[0];
  }

  /** Loads `/api/shell/session`, then the navigation (which depends on the user). */
  private async loadSession(): Promise<void> {
    try {
      await session.load();
    } catch (error) {
      console.error('[portico] the session failed to load:', error);
      this.sessionReady = true;
      void this.loadNavigation();
    }
  }

  /** A new user (sign-in, sign-out): reload the navigation and re-create the current view. */
  private onSession(state: SessionState): void {
    this.sessionState = state;
    const key = state.user ? `${state.user.kind}:${state.user.id}` : '';
    if (this.sessionReady && key === this.userKey) return;
    this.userKey = key;
    this.sessionReady = true;
    this.viewKey = undefined;
    this.viewElement = undefined;
    this.viewStatus = 'idle';
    this.nav = undefined;
    void this.loadNavigation();
  }

  private async onSignOut(): Promise<void> {
    this.signingOut = true;
    try {
      await signOut();
    } catch (error) {
      console.error('[portico] sign-out failed:', error);
      await session.load().catch(() => undefined);
    } finally {
      this.signingOut = false;
    }
  }

  /** Whether the current route must show the sign-in page instead. */
  private needsSignIn(path: string): boolean {
    const extension = this.signInExtension;
    if (!extension || this.sessionState.user) return false;
    return !(extension.publicPaths ?? []).includes(path);
  }

  /** Navigates within the shell (what links do). */
  navigate(url: string, options?: { replace?: boolean }): void {
    this.router.navigate(url, options);
  }

  private async loadNavigation(): Promise<void> {
    this.navAbort?.abort();
    const abort = (this.navAbort = new AbortController());
    this.navError = '';
    try {
      this.nav = await fetchNavigation(abort.signal);
    } catch (error) {
      if (abort.signal.aborted) return;
      this.navError = error instanceof Error ? error.message : String(error);
      console.error('[portico] navigation failed to load:', error);
    }
    // Routes that waited for the navigation can be resolved now.
    void this.applyRoute(this.location, 'replace', { keepFocus: true });
  }

  private resolve(path: string): Resolved {
    if (!this.sessionReady) return { kind: 'waiting' };
    if (this.needsSignIn(path)) {
      const extension = this.signInExtension!;
      const view = { path: SIGN_IN_KEY, tag: extension.tag, load: extension.load, title: 'Sign in', pluginId: 'shell', route: { pattern: SIGN_IN_KEY, specificity: 0, match: () => ({}) } };
      return { kind: 'view', match: { view, params: {} } };
    }
    if (path === '/') return { kind: 'home' };
    const match = this.registry.match(path);
    if (match) return { kind: 'view', match };
    if (!this.nav && !this.navError) return { kind: 'waiting' };
    if (path === '/search') return { kind: 'search', query: this.location.query.get('q') ?? '' };
    const module = this.nav?.modules.find((m) => path === `/${m.id}`);
    if (module) return { kind: 'module', module };
    const where = locate(this.nav, path);
    if (where?.item && where.item.path.replace(/\/$/, '') === path) return { kind: 'unavailable', module: where.module, item: where.item };
    return { kind: 'not-found' };
  }

  private async applyRoute(location: RouteLocation, cause: NavigationCause, options: { keepFocus?: boolean } = {}): Promise<void> {
    const token = ++this.routeToken;
    this.location = location;
    if (cause !== 'replace') this.appShell?.closeAll();
    const resolved = this.resolve(location.path);
    this.resolved = resolved;
    const query = Object.fromEntries(location.query);

    if (resolved.kind === 'view') {
      const { view, params } = resolved.match;
      if (this.viewElement && this.viewKey === view.path && this.viewStatus === 'ready') {
        this.viewElement.params = params;
        this.viewElement.query = query;
      } else {
        this.viewKey = view.path;
        this.viewElement = undefined;
        this.viewStatus = 'loading';
        try {
          await view.load();
          if (token !== this.routeToken) return;
          if (!customElements.get(view.tag)) throw new Error(`loading the view did not define <${view.tag}>`);
          const element = document.createElement(view.tag) as ViewElement;
          element.params = params;
          element.query = query;
          this.viewElement = element;
          this.viewStatus = 'ready';
        } catch (error) {
          if (token !== this.routeToken) return;
          this.viewStatus = 'error';
          this.viewError = error instanceof Error ? error.message : String(error);
          console.error(`[portico] view ${view.path} of plugin "${view.pluginId}" failed to load:`, error);
        }
      }
    } else {
      this.viewKey = undefined;
      this.viewElement = undefined;
      this.viewStatus = 'idle';
    }

    document.title = this.pageTitle() ? `${this.pageTitle()} · ${PRODUCT}` : PRODUCT;
    if (cause === 'initial' || options.keepFocus) return;
    await this.updateComplete;
    if (token !== this.routeToken) return;
    if (cause === 'push') window.scrollTo({ top: 0 });
    await this.focusPage();
  }

  private pageTitle(): string {
    const r = this.resolved;
    switch (r.kind) {
      case 'home':
        return '';
      case 'view':
        return r.match.view.title ?? locate(this.nav, this.location.path)?.item?.label ?? '';

      case 'module':
        return r.module.label;
      case 'search':
        return 'Search';
      case 'unavailable':
        return r.item.label;
      case 'not-found':
        return 'Page not found';
      case 'waiting':
        return '';
    }
  }

  /** After a client-side navigation, focus the new page's heading (or the content area). */
  private async focusPage(): Promise<void> {
    let heading: HTMLElement | null = this.renderRoot.querySelector<HTMLElement>('.page h1, .status h1');
    const view = this.viewElement;
    if (!heading && view) {
      await view.updateComplete;
      heading = deepHeading(view);
    }
    if (heading) {
      if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
      heading.focus({ preventScroll: true });
    } else {
      this.appShell?.focusContent();
    }
  }

  private currentModuleId(): string {
    const r = this.resolved;
    if (r.kind === 'module' || r.kind === 'unavailable') return r.module.id;
    return locate(this.nav, this.location?.path ?? '/')?.module.id ?? '';
  }

  private onSearch(event: CustomEvent<{ query: string }>): void {
    // Only the menu bar's global search: `wb-search` of a record list inside a view bubbles here too.
    if (event.target !== event.currentTarget) return;
    this.navigate(`/search?q=${encodeURIComponent(event.detail.query)}`);
  }

  /** Signed out with a sign-in page available: a plain page without the workbench chrome. */
  private get bareLayout(): boolean {
    return Boolean(this.signInExtension) && !this.sessionState.user && this.resolved.kind === 'view';
  }

  override render(): TemplateResult {
    if (this.bareLayout) {
      return html`<div class="auth-layout">
        <header class="auth-brand"><wb-icon name="landmark"></wb-icon><span>${PRODUCT}</span></header>
        <main id="main" tabindex="-1">
          ${this.viewStatus === 'ready' && this.viewElement ? this.viewElement : this.renderLoading('Loading…')}
        </main>
        <footer class="auth-footer">${PRODUCT} Workbench · for staff of the licensing body</footer>
      </div>`;
    }
    return html`<wb-app-shell
      product-name=${PRODUCT}
      search-placeholder="Search Portico"
      .modules=${this.nav?.modules ?? []}
      current-module=${this.currentModuleId()}
      current-path=${this.location?.path ?? '/'}
      @wb-search=${this.onSearch}
    >
      ${this.renderUserMenu()} ${this.renderBanner()} ${this.renderContent()}
    </wb-app-shell>`;
  }

  private renderUserMenu(): TemplateResult | typeof nothing {
    const user = this.sessionState.user;
    if (!user) return nothing;
    const initials = user.name
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((part) => part[0]!.toUpperCase())
      .join('');
    return html`<div slot="user" class="user-menu">
      <span class="avatar" aria-hidden="true">${initials}</span>
      <span class="user-name">${user.name}</span>
      <wb-icon-button
        icon="sign-out"
        label="Sign out"
        tone="inverse"
        tooltip-placement="bottom-end"
        ?disabled=${this.signingOut}
        @click=${() => void this.onSignOut()}
      ></wb-icon-button>
    </div>`;
  }

  private renderBanner(): TemplateResult | typeof nothing {
    if (!this.pluginFailures.length || this.bannerDismissed) return nothing;
    const names = this.pluginFailures.map((f) => `“${f.pluginId}”`).join(', ');
    return html`<div class="banner" role="status">
      <wb-icon name="alert"></wb-icon>
      <p>Some features are unavailable: ${this.pluginFailures.length === 1 ? 'the plugin' : 'the plugins'} ${names} failed to start. Details are in the browser console.</p>
      <wb-icon-button icon="close" label="Dismiss" tooltip-placement="bottom-end" @click=${() => (this.bannerDismissed = true)}></wb-icon-button>
    </div>`;
  }

  private renderContent(): TemplateResult {
    const r = this.resolved;
    switch (r.kind) {
      case 'home':
        return this.renderHome();
      case 'view':
        return this.renderView(r.match);
      case 'module':
        return this.renderModule(r.module);
      case 'search':
        return this.renderStatus({
          icon: 'search',
          title: 'Search is not available yet',
          body: html`Global search across records comes with a later release.${r.query ? html` You searched for <code>${r.query}</code>.` : nothing}
            For now, open a list from the Menu and use its keyword filter.`,
        });
      case 'unavailable':
        return this.renderStatus({
          icon: 'info',
          title: `${r.item.label} is not available`,
          body: html`This page is listed in the ${r.module.label} menu, but no installed plugin provides it. Ask your
            administrator whether the plugin for it is enabled.`,
          actions: html`<wb-button variant="primary" href=${`/${r.module.id}`}>Go to ${r.module.label}</wb-button>
            <wb-button variant="secondary" href="/">Go to the home page</wb-button>`,
        });
      case 'not-found':
        return this.navError && this.location.path !== '/' ? this.renderNavError() : this.renderStatus({
          icon: 'compass',
          title: 'Page not found',
          body: html`There is no page at <code>${this.location.path}</code>. The link may be out of date, or the page may
            have moved.`,
          actions: html`<wb-button variant="primary" href="/">Go to the home page</wb-button>
            <wb-button variant="secondary" @click=${() => history.back()}>Go back</wb-button>`,
        });
      case 'waiting':
        return this.renderLoading('Loading…');
    }
  }

  private renderLoading(label: string): TemplateResult {
    return html`<div class="loading" role="status"><span class="spinner" aria-hidden="true"></span>${label}</div>`;
  }

  private renderNavError(): TemplateResult {
    return this.renderStatus({
      icon: 'alert',
      danger: true,
      title: 'Portico could not load its navigation',
      body: html`Check your connection and try again. (${this.navError})`,
      actions: html`<wb-button variant="primary" icon="refresh" @click=${() => void this.loadNavigation()}>Try again</wb-button>`,
    });
  }

  private renderStatus(options: {
    icon: string;
    title: string;
    body: TemplateResult;
    actions?: TemplateResult;
    danger?: boolean;
  }): TemplateResult {
    return html`<div class="page">
      <section class="status" aria-labelledby="status-title">
        <span class="status-icon ${options.danger ? 'danger' : ''}"><wb-icon name=${options.icon}></wb-icon></span>
        <h1 id="status-title">${options.title}</h1>
        <p>${options.body}</p>
        ${options.actions ? html`<div class="actions">${options.actions}</div>` : nothing}
      </section>
    </div>`;
  }

  private renderHome(): TemplateResult {
    const modules = this.nav?.modules ?? [];
    return html`<div class="page">
      <section class="welcome" aria-labelledby="home-title">
        <div>
          <p class="eyebrow">${greeting()}</p>
          <h1 id="home-title">Welcome to ${PRODUCT}</h1>
          <p class="lede">Open a module to start work. Inside a module, the Menu lists its pages.</p>
        </div>
        <p class="hint">
          <wb-icon name="info"></wb-icon>
          <span>Press <kbd>Tab</kbd> to reach Modules and Menu; <kbd>Esc</kbd> closes them.</span>
        </p>
      </section>
      <h2 class="section-title">Your modules ${this.nav ? html`<span class="count">${modules.length}</span>` : nothing}</h2>
      ${this.navError
        ? this.renderNavError()
        : !this.nav
          ? this.renderLoading('Loading modules…')
          : modules.length
            ? html`<ul class="cards" role="list">
                ${modules.map((module) => this.renderModuleCard(module))}
              </ul>`
            : html`<p class="lede">No modules are available to you yet. Ask your administrator for access.</p>`}
    </div>`;
  }

  private renderModuleCard(module: ShellModule): TemplateResult {
    const items = module.sections.flatMap((section) => section.items);
    const shown = items.slice(0, 4);
    return html`<li class="card">
      <div class="card-head">
        <span class="module-icon"><wb-icon name=${module.icon ?? 'apps'}></wb-icon></span>
        <div>
          <h3><a href=${`/${module.id}`}>${module.label}</a></h3>
          ${module.description ? html`<p>${module.description}</p>` : nothing}
        </div>
      </div>
      ${shown.length
        ? html`<ul class="link-list" aria-label=${`${module.label} pages`}>
            ${shown.map((item) => html`<li><a href=${item.path}><span>${item.label}</span><wb-icon name="chevron-right"></wb-icon></a></li>`)}
            ${items.length > shown.length ? html`<li class="more">and ${items.length - shown.length} more</li>` : nothing}
          </ul>`
        : nothing}
    </li>`;
  }

  private renderModule(module: ShellModule): TemplateResult {
    const count = itemCount(module);
    return html`<div class="page">
      ${breadcrumbs([{ label: 'Home', href: '/' }, { label: module.label }])}
      <header class="page-header">
        <span class="module-icon large"><wb-icon name=${module.icon ?? 'apps'}></wb-icon></span>
        <div>
          <h1>${module.label}</h1>
          <p class="lede">${module.description ?? `${count} ${count === 1 ? 'page' : 'pages'}`}</p>
        </div>
      </header>
      ${module.sections.length
        ? html`<div class="panels">
            ${module.sections.map(
              (section) => html`<section class="panel" aria-labelledby="section-${section.id}">
                <h2 class="panel-title" id="section-${section.id}">${section.label}</h2>
                <ul class="link-list">
                  ${section.items.map(
                    (item) => html`<li><a href=${item.path}><span>${item.label}</span><wb-icon name="chevron-right"></wb-icon></a></li>`,
                  )}
                </ul>
              </section>`,
            )}
          </div>`
        : html`<p class="lede">This module has no pages you can open yet.</p>`}
    </div>`;
  }

  private renderView(match: ViewMatch): TemplateResult {
    const where = locate(this.nav, this.location.path);
    const section = where?.item && where.module.sections.find((s) => s.id === where.item!.sectionId);
    const crumbs = where
      ? breadcrumbs(
          [
            { label: 'Home', href: '/' },
            { label: where.module.label, href: `/${where.module.id}` },
            ...(section ? [{ label: section.label }] : []),
            { label: match.view.title ?? where.item?.label ?? this.location.path },
          ],
          'view-crumbs',
        )
      : nothing;
    if (this.viewStatus === 'error') {
      return this.renderStatus({
        icon: 'alert',
        danger: true,
        title: 'This page could not be loaded',
        body: html`The ${match.view.pluginId} plugin's view failed to load. Reload the page to try again; if it keeps
          failing, tell your administrator. (${this.viewError})`,
        actions: html`<wb-button variant="primary" icon="refresh" @click=${() => location.reload()}>Reload</wb-button>`,
      });
    }
    if (this.viewStatus !== 'ready' || !this.viewElement) return html`${crumbs}${this.renderLoading('Loading…')}`;
    return html`${crumbs}<div class="view-host">${this.viewElement}</div>`;
  }
}

function breadcrumbs(items: Array<{ label: string; href?: string }>, className = ''): TemplateResult {
  return html`<nav class="breadcrumbs ${className}" aria-label="Breadcrumb">
    <ol>
      ${items.map((item, i) =>
        item.href && i < items.length - 1
          ? html`<li><a href=${item.href}>${item.label}</a></li>`
          : html`<li><span aria-current=${i === items.length - 1 ? 'page' : nothing}>${item.label}</span></li>`,
      )}
    </ol>
  </nav>`;
}

/** The first `<h1>` of a view, looking into its shadow root and those of its children (two levels). */
function deepHeading(root: Element, depth = 0): HTMLElement | null {
  const scope = root.shadowRoot ?? root;
  const found = scope.querySelector<HTMLElement>('h1') ?? (root.shadowRoot ? root.querySelector<HTMLElement>('h1') : null);
  if (found || depth >= 2) return found;
  for (const child of Array.from(scope.querySelectorAll('*'))) {
    if (!child.shadowRoot) continue;
    if ('updateComplete' in child) void (child as { updateComplete: Promise<unknown> }).updateComplete;
    const nested = deepHeading(child, depth + 1);
    if (nested) return nested;
  }
  return null;
}

function greeting(): string {
  const hour = new Date().getHours();
  if (hour < 12) return 'Good morning';
  if (hour < 18) return 'Good afternoon';
  return 'Good evening';
}
