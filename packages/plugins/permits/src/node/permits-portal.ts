import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '@portico/db';
import type { PortalContribution } from '@portico/plugin-portal/node';
import { permits as t } from './permits-schema';

/** The Permits Portal, at /portal/permits: for holders of an approved permit. */
export function permitsPortal(db: Database): PortalContribution {
  const approvedFor = (email: string) =>
    db.select().from(t).where(and(sql`lower(${t.holderEmail}) = lower(${email})`, eq(t.status, 'approved')));
  return {
    id: 'permits',
    title: 'Permits Portal',
    basePath: '/portal/permits',
    selfActivation: false,
    eligibility: [
      async (user) =>
        (await approvedFor(user.email)).length > 0
          ? { allow: true }
          : { allow: false, message: 'The Permits Portal is for holders of an approved permit.' },
    ],
    async home(user) {
      const rows = await approvedFor(user.email);
      return {
        heading: `Welcome, ${user.displayName ?? user.email}`,
        sections: [{ title: 'Your permits', items: rows.map((r) => ({ label: r.title, value: 'Approved' })) }],
      };
    },
  };
}
