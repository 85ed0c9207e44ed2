/**
 * PostgreSQL LISTEN/NOTIFY behind one interface (implemented by packages/db for PGlite and
 * postgres.js). Jobs wake on notifications instead of polling.
 */
export interface NotificationBus {
  notify(channel: string, payload?: string): Promise<void>;
  /** Starts listening; the returned function stops it. */
  listen(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>>;
}
export const NotificationBus = Symbol('NotificationBus');
