import { Router } from 'express';
import type { MigrationContribution } from '@portico/core';
import { migrationStatus, type DatabaseHandle } from '@portico/db';

/**
 * `/healthz`: the process is up (for liveness probes; never touches the database).
 * `/readyz`: the database answers and every plugin's migrations are applied (for readiness
 * probes and load balancers); 503 with the reason otherwise.
 */
export function healthRoutes(db: DatabaseHandle, migrations: readonly MigrationContribution[]): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    try {
      await db.ping();
      const status = await migrationStatus(db, migrations);
      const pending = status.filter((s) => s.applied < s.total);
      if (pending.length) {
        res.status(503).json({ status: 'migrations pending', pending });
        return;
      }
      res.json({ status: 'ready', database: db.kind });
    } catch {
      res.status(503).json({ status: 'database unreachable' });
    }
  });
  return router;
}
