import type { BrowserRegistry, ViewRegistration } from '@portico/core/common';
import { compileRoute, type RoutePattern } from '../routing/route-pattern';

export interface RegisteredView extends ViewRegistration {
  /** Id of the plugin that registered it. */
  pluginId: string;
  route: RoutePattern;
}

export interface ViewMatch {
  view: RegisteredView;
  params: Record<string, string>;
}

/**
 * What plugins' browser modules fill: views by route and extension values by point. The most
 * specific pattern wins (static segments before `:params`); two plugins claiming the same
 * pattern is reported and the first keeps it.
 */
export class ViewRegistry {
  private readonly views: RegisteredView[] = [];
  private readonly extensionValues = new Map<string, unknown[]>();

  /** The registry handed to one plugin: registrations are attributed to it. */
  forPlugin(pluginId: string): BrowserRegistry {
    return {
      registerView: (view) => this.registerView(view, pluginId),
      addExtension: (point, value) => this.addExtension(point, value),
    };
  }

  registerView(view: ViewRegistration, pluginId: string): void {
    if (!view.path.startsWith('/')) throw new Error(`view path "${view.path}" must start with /`);
    if (!/^[a-z][a-z0-9]*-[a-z0-9-]*$/.test(view.tag)) throw new Error(`view tag "${view.tag}" is not a valid custom element name`);
    if (typeof view.load !== 'function') throw new Error(`view ${view.path} has no load() function`);
    const taken = this.views.find((v) => v.path === view.path);
    if (taken) {
      console.warn(`[portico] plugin "${pluginId}" registers ${view.path}, already registered by "${taken.pluginId}"; keeping the first`);
      return;
    }
    this.views.push({ ...view, pluginId, route: compileRoute(view.path) });
    this.views.sort((a, b) => b.route.specificity - a.route.specificity);
  }

  addExtension(point: string, value: unknown): void {
    const values = this.extensionValues.get(point) ?? [];
    values.push(value);
    this.extensionValues.set(point, values);
  }

  /** What plugins added to an extension point (empty when none did). */
  extensions<T = unknown>(point: string): readonly T[] {
    return (this.extensionValues.get(point) ?? []) as T[];
  }

  match(path: string): ViewMatch | undefined {
    for (const view of this.views) {
      const params = view.route.match(path);
      if (params) return { view, params };
    }
    return undefined;
  }

  all(): readonly RegisteredView[] {
    return this.views;
  }
}
