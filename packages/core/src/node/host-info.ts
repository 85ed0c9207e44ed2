/** What plugins may know about the host they run in. Bound by the host. */
export interface HostInfo {
  /** The address users reach Portico at, without a trailing slash (for links in e-mails). */
  readonly publicUrl: string;
  /** Whether cookies must be Secure (PUBLIC_URL is https). */
  readonly secureCookies: boolean;
}
export const HostInfo = Symbol('HostInfo');

/**
 * The environment variables the host was started with (process.env plus test overrides).
 * Plugins read their own settings from it (e.g. `PORTAL_BRAND_NAME`) rather than from
 * process.env, so that tests can start several workbenches with different settings.
 */
export type HostEnv = Readonly<Record<string, string | undefined>>;
export const HostEnv = Symbol('HostEnv');
