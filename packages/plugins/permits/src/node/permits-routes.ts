import { Router } from 'express';
import { inject, injectable } from 'inversify';
import { count } from 'drizzle-orm';
import { guard } from '@portico/access';
import type { RouteContribution } from '@portico/core';
import { Database } from '@portico/db';
import { PermitsPrivileges } from '../common/index';
import { permits as t } from './permits-schema';

/** `GET /api/permits/summary`: how many permits there are in each status. */
@injectable()
export class PermitsRoutes implements RouteContribution {
  readonly path = 'permits';

  constructor(@inject(Database) private readonly db: Database) {}

  createRouter(): Router {
    const router = Router();
    router.get('/summary', guard({ privilege: PermitsPrivileges.read }), async (_req, res) => {
      const rows = await this.db.select({ status: t.status, count: count() }).from(t).groupBy(t.status);
      res.json({ byStatus: Object.fromEntries(rows.map((r) => [r.status, r.count])) });
    });
    return router;
  }
}
