/** What plugins may know about the host they run in. Bound by the host. */
export interface HostInfo {
  /** The address users reach Portico at, without a trailing slash (for links in e-mails). */
  readonly publicUrl: string;
  /** Whether cookies must be Secure (PUBLIC_URL is https). */
  readonly secureCookies: boolean;
}
export const HostInfo = Symbol('HostInfo');
