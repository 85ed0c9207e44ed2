/**
 * The browser half of a plugin. Its `browser` module default-exports a function that receives
 * this registry. We use a plain registry instead of an Inversify container in the browser to
 * keep the shell's bundle small; the node side uses Inversify.
 *
 * @example
 * ```ts
 * const module: BrowserModule = (registry) => {
 *   registry.registerView({ path: '/hello', load: () => import('./hello-view.define.js'), tag: 'hello-view' });
 * };
 * export default module;
 * ```
 */
export interface ViewRegistration {
  /** Route pattern in the shell, e.g. `/security/portal-users` or `/security/portal-users/:id`. */
  path: string;
  /** Custom element tag rendered for the route; receives `params` and `query` properties. */
  tag: string;
  /** Lazily loads the module that defines `tag` (code splitting). */
  load: () => Promise<unknown>;
  title?: string;
}

export interface BrowserRegistry {
  registerView(view: ViewRegistration): void;
  /** Generic extension point: `extensions('portal-user.tabs')` returns what plugins added. */
  addExtension(point: string, value: unknown): void;
}

export type BrowserModule = (registry: BrowserRegistry) => void;
