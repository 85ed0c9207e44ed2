import type { Router } from 'express';
import type { NavRegistry } from '../common/navigation';

/**
 * Contribution points of the kernel. Each is a Symbol and an interface of the same name.
 * A plugin's node module binds implementations to the symbol; consumers take a
 * `ContributionProvider.for(Symbol)`.
 */

/** An Express router mounted at `/api/<path>` (by convention `path` is the plugin id). */
export interface RouteContribution {
  readonly path: string;
  createRouter(): Router | Promise<Router>;
}
export const RouteContribution = Symbol('RouteContribution');

/** What the host hands to {@link PageContribution.createRouter}. */
export interface PageRouterContext {
  /** The host's session signing secrets (the first signs). Derive your own from them for a separate cookie. */
  readonly sessionSecrets: readonly string[];
  /** Whether cookies must be Secure (PUBLIC_URL is https). */
  readonly secureCookies: boolean;
}

/**
 * Server-rendered pages outside `/api` (e.g. the public portals), mounted at `basePath` before
 * the workbench shell's SPA fallback. The host adds no session, principal or CSRF middleware
 * here: the router brings its own (a portal has its own cookie). `basePath` must not be
 * `/api…`, `/assets…` or `/`.
 *
 * @example
 * ```ts
 * bind(PageContribution).toConstantValue({ basePath: '/portal', createRouter: ({ sessionSecrets }) => portalRouter(sessionSecrets) });
 * ```
 */
export interface PageContribution {
  readonly basePath: string;
  createRouter(context: PageRouterContext): Router | Promise<Router>;
}
export const PageContribution = Symbol('PageContribution');

/** A plugin's drizzle-kit migrations folder; applied in plugin dependency order, each with its own journal. */
export interface MigrationContribution {
  readonly pluginId: string;
  /** Absolute path of the folder holding `meta/_journal.json` and the `.sql` files. */
  readonly migrationsFolder: string;
}
export const MigrationContribution = Symbol('MigrationContribution');

/** Adds modules, sections and items to the workbench navigation. */
export interface NavContribution {
  registerNavigation(registry: NavRegistry): void;
}
export const NavContribution = Symbol('NavContribution');

/**
 * A background job. It runs every `intervalMs`, and at once when a NOTIFY arrives on
 * `channel`. Runs of one job never overlap within a process; across processes the job
 * claims its work with `FOR UPDATE SKIP LOCKED`.
 */
export interface JobContribution {
  readonly id: string;
  readonly intervalMs: number;
  readonly channel?: string;
  /** Does one batch of work. Return true when there may be more to do right away. */
  run(signal: AbortSignal): Promise<boolean | void>;
}
export const JobContribution = Symbol('JobContribution');

/** Start and stop hooks, called in plugin order at start and in reverse order at stop. */
export interface LifecycleContribution {
  onStart?(): Promise<void> | void;
  onStop?(): Promise<void> | void;
}
export const LifecycleContribution = Symbol('LifecycleContribution');

/** The points the kernel knows; each gets a ContributionProvider binding. Plugins may define more. */
export const KERNEL_CONTRIBUTION_POINTS: readonly symbol[] = [
  RouteContribution,
  PageContribution,
  MigrationContribution,
  NavContribution,
  JobContribution,
  LifecycleContribution,
];
