import { z } from 'zod';
import { parseEnv } from '@portico/core';
import { LICENSE_STATUSES, type LicenseStatus } from '@portico/plugin-licensing/common';

/** Settings of the Licensee Portal, read from the host environment. */
export interface LicenseePortalConfig {
  /**
   * `LICENSEE_PORTAL_STATUSES` (default `active`): the license statuses that let an account
   * sign in, comma-separated. An `active` license past its expiry date counts as `expired`.
   */
  countingStatuses: readonly LicenseStatus[];
  /** `LICENSEE_RENEWAL_WINDOW_DAYS` (default 90): how long before expiry a renewal may be requested. */
  renewalWindowDays: number;
}
export const LicenseePortalConfig = Symbol('LicenseePortalConfig');

const Schema = z.object({
  LICENSEE_PORTAL_STATUSES: z
    .string()
    .default('active')
    .transform((v) => [...new Set(v.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean))])
    .pipe(z.array(z.enum(LICENSE_STATUSES, { message: `must list statuses among ${LICENSE_STATUSES.join(', ')}` })).min(1, 'must name at least one status')),
  LICENSEE_RENEWAL_WINDOW_DAYS: z.coerce.number().int().min(1).max(730).default(90),
});

/** Reads {@link LicenseePortalConfig}; a bad value stops the start naming the variable. */
export function loadLicenseePortalConfig(env: Readonly<Record<string, string | undefined>>): LicenseePortalConfig {
  const e = parseEnv(Schema, env as NodeJS.ProcessEnv);
  return { countingStatuses: e.LICENSEE_PORTAL_STATUSES, renewalWindowDays: e.LICENSEE_RENEWAL_WINDOW_DAYS };
}
