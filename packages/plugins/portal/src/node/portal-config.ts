import { parseEnv } from '@portico/core';
import { z } from 'zod';
import { DEFAULT_LOCK_THRESHOLD } from './portal-user-entity';

/** Settings of the portal runtime, read from the host environment. */
export interface PortalConfig {
  /** `PORTAL_BRAND_NAME`: the body's name in page headers and e-mails (default `Portico`). */
  brandName: string;
  /** `PORTAL_BRAND_COLOR`: accent colour, `#rgb` or `#rrggbb` (default `#1f5fa8`). */
  brandColor: string;
  /** `PORTAL_RESET_MINUTES`: lifetime of a Forgot Password link (default 30). */
  resetMinutes: number;
  /** `PORTAL_INVITATION_HOURS`: lifetime of the link in a staff invitation ("Notify user", default 72). */
  invitationHours: number;
  /** `PORTAL_ACTIVATION_HOURS`: lifetime of activation and e-mail verification links (default 72). */
  activationHours: number;
  /** `PORTAL_LOCK_THRESHOLD`: failed sign-ins that lock an account (default 10). */
  lockThreshold: number;
  /** `PORTAL_SESSION_IDLE_MINUTES`: idle lifetime of a portal session (default 30). */
  sessionIdleMinutes: number;
  /** `SESSION_ABSOLUTE_HOURS` (shared with the workbench): absolute session lifetime (default 12). */
  sessionAbsoluteHours: number;
}
export const PortalConfig = Symbol('PortalConfig');

const int = (min: number, max: number, def: number) => z.coerce.number().int().min(min).max(max).default(def);

export const PortalConfigSchema = z.object({
  PORTAL_BRAND_NAME: z.string().trim().min(1).max(100).default('Portico'),
  PORTAL_BRAND_COLOR: z.string().regex(/^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i, 'must be #rgb or #rrggbb').default('#1f5fa8'),
  PORTAL_RESET_MINUTES: int(1, 24 * 60, 30),
  PORTAL_INVITATION_HOURS: int(1, 24 * 60, 72),
  PORTAL_ACTIVATION_HOURS: int(1, 24 * 30, 72),
  PORTAL_LOCK_THRESHOLD: int(1, 1000, DEFAULT_LOCK_THRESHOLD),
  PORTAL_SESSION_IDLE_MINUTES: int(1, 24 * 60, 30),
  SESSION_ABSOLUTE_HOURS: int(1, 24 * 30, 12),
});

/** Reads {@link PortalConfig}; a bad value stops the start naming the variable. */
export function loadPortalConfig(env: Readonly<Record<string, string | undefined>>): PortalConfig {
  const e = parseEnv(PortalConfigSchema, env as NodeJS.ProcessEnv);
  return {
    brandName: e.PORTAL_BRAND_NAME,
    brandColor: e.PORTAL_BRAND_COLOR,
    resetMinutes: e.PORTAL_RESET_MINUTES,
    invitationHours: e.PORTAL_INVITATION_HOURS,
    activationHours: e.PORTAL_ACTIVATION_HOURS,
    lockThreshold: e.PORTAL_LOCK_THRESHOLD,
    sessionIdleMinutes: e.PORTAL_SESSION_IDLE_MINUTES,
    sessionAbsoluteHours: e.SESSION_ABSOLUTE_HOURS,
  };
}
