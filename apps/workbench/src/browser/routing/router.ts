import { normalizePath } from './route-pattern';

export interface RouteLocation {
  /** Normalised path, e.g. `/hello/greetings`. */
  path: string;
  query: URLSearchParams;
  hash: string;
}

export type NavigationCause = 'initial' | 'push' | 'replace' | 'pop';

export type RouteListener = (location: RouteLocation, cause: NavigationCause) => void;

/**
 * Client-side routing on real URLs (History API). Clicks on ordinary same-origin links — in
 * the light DOM or any open shadow root — become pushState navigations; links with a modifier
 * key, a middle click, `target`, `download` or `rel="external"`, and links into `/api/`, are
 * left to the browser. Back/forward arrive through `popstate`.
 */
export class Router {
  private listener?: RouteListener;

  get location(): RouteLocation {
    return toLocation(window.location);
  }

  start(listener: RouteListener): () => void {
    this.listener = listener;
    window.addEventListener('popstate', this.onPopState);
    document.addEventListener('click', this.onClick);
    listener(this.location, 'initial');
    return () => {
      window.removeEventListener('popstate', this.onPopState);
      document.removeEventListener('click', this.onClick);
      this.listener = undefined;
    };
  }

  /** Goes to `url` (path with optional query and hash) without reloading. */
  navigate(url: string, options: { replace?: boolean } = {}): void {
    const target = new URL(url, window.location.href);
    if (target.origin !== window.location.origin) {
      window.location.assign(target.href);
      return;
    }
    const current = window.location;
    const same = target.pathname === current.pathname && target.search === current.search && target.hash === current.hash;
    const replace = options.replace ?? same;
    const href = target.pathname + target.search + target.hash;
    if (replace) history.replaceState(null, '', href);
    else history.pushState(null, '', href);
    this.listener?.(toLocation(target), replace ? 'replace' : 'push');
  }

  private readonly onPopState = (): void => {
    this.listener?.(this.location, 'pop');
  };

  private readonly onClick = (event: MouseEvent): void => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const anchor = event
      .composedPath()
      .find((node): node is HTMLAnchorElement | SVGAElement => node instanceof HTMLAnchorElement || node instanceof SVGAElement);
    if (!anchor || !(anchor instanceof HTMLAnchorElement) || !anchor.href) return;
    if ((anchor.target && anchor.target !== '_self') || anchor.hasAttribute('download')) return;
    if (anchor.relList.contains('external')) return;
    const url = new URL(anchor.href);
    if (url.origin !== window.location.origin) return;
    if (url.pathname === '/api' || url.pathname.startsWith('/api/')) return;
    // A bare in-page anchor on the same page: let the browser scroll.
    if (url.pathname === window.location.pathname && url.search === window.location.search && url.hash) return;
    event.preventDefault();
    this.navigate(url.pathname + url.search + url.hash);
  };
}

function toLocation(url: URL | Location): RouteLocation {
  return { path: normalizePath(decodeURI(url.pathname)), query: new URLSearchParams(url.search), hash: url.hash };
}
