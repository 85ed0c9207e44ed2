import { Router } from 'express';
import { inject, injectable } from 'inversify';
import { z } from 'zod';
import { guard } from '@portico/access';
import type { RouteContribution } from '@portico/core';
import { OutboxService } from '@portico/mail';
import { SystemPrivileges as P } from '../common/index';

const Status = z.enum(['queued', 'sending', 'sent', 'failed', 'dead']);
const ListQuery = z.object({
  status: Status.optional(),
  q: z.string().max(200).optional(),
  entity: z.string().max(100).optional(),
  recordId: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.coerce.number().int().positive().optional(),
});
const Id = z.coerce.number().int().positive({ message: 'is not a message id' });

/**
 * `/api/system/outbox`: the embedded outbox. Bodies hold live links (invitations, resets),
 * so reading needs its own privilege.
 */
@injectable()
export class OutboxRoutes implements RouteContribution {
  readonly path = 'system';

  constructor(@inject(OutboxService) private readonly outbox: OutboxService) {}

  createRouter(): Router {
    const r = Router();
    r.get('/outbox', guard({ privilege: P.outboxRead }), async (req, res) => {
      const q = ListQuery.parse(req.query);
      const [page, counts] = await Promise.all([
        this.outbox.list({ limit: q.limit, ...(q.status ? { status: q.status } : {}), ...(q.q ? { q: q.q } : {}), ...(q.entity ? { entity: q.entity } : {}), ...(q.recordId ? { recordId: q.recordId } : {}), ...(q.before ? { before: q.before } : {}) }),
        this.outbox.countByStatus(),
      ]);
      res.json({ ...page, counts });
    });
    r.get('/outbox/:id', guard({ privilege: P.outboxRead }), async (req, res) => {
      res.json(await this.outbox.get(Id.parse(req.params.id)));
    });
    r.post('/outbox/:id/requeue', guard({ privilege: P.outboxWrite }), async (req, res) => {
      res.json(await this.outbox.requeue(Id.parse(req.params.id)));
    });
    return r;
  }
}
