import { Router } from 'express';
import { inject, injectable } from 'inversify';
import { BearerPrincipalResolver, bearerAuth, guard, actingContextOf } from '@portico/access';
import { ContributionProvider, NotFoundError, type RouteContribution } from '@portico/core';
import { RetryInput, RowStatesQuery, SavePortalUserBody, SyncQueueQuery, UserSyncPrivileges as P } from '../common/index';
import { UserSyncService } from './usersync-service';

/**
 * `POST /api/portal/save-portal-user` (SavePortalUser) and `GET …/:id` / `GET …?ids=1,2`: for
 * integrators with a staff API token (`Authorization: Bearer …`) whose user may create and
 * change portal users; a signed-in staff session works too (with its CSRF token).
 */
@injectable()
export class SavePortalUserRoutes implements RouteContribution {
  readonly path = 'portal/save-portal-user';

  constructor(
    @inject(UserSyncService) private readonly service: UserSyncService,
    @inject(ContributionProvider.for(BearerPrincipalResolver)) private readonly bearer: ContributionProvider<BearerPrincipalResolver>,
  ) {}

  createRouter(): Router {
    const r = Router();
    const auth = bearerAuth(this.bearer.getContributions());
    const access = guard({ privilege: [P.portalUserCreate, P.portalUserWrite], kinds: ['api', 'staff'] });
    r.post('/', auth, access, async (req, res) => {
      const body = SavePortalUserBody.parse(req.body ?? {});
      const ids = await this.service.save(body.PortalUser, actingContextOf(req));
      res.status(201).json({ ids });
    });
    r.get('/', auth, access, async (req, res) => {
      const { ids } = RowStatesQuery.parse(req.query);
      res.json({ rows: await this.service.states(ids) });
    });
    r.get('/:id', auth, access, async (req, res) => {
      const { ids } = RowStatesQuery.parse({ ids: String(req.params.id) });
      const [row] = await this.service.states(ids);
      res.json(row);
    });
    return r;
  }
}

/** `/api/usersync`: the Sync queue screen — rows by state with their errors, and retry (3 → 1, 4 → 2). */
@injectable()
export class UserSyncRoutes implements RouteContribution {
  readonly path = 'usersync';

  constructor(@inject(UserSyncService) private readonly service: UserSyncService) {}

  createRouter(): Router {
    const r = Router();
    r.get('/rows', guard({ privilege: P.read, kinds: ['staff'] }), async (req, res) => {
      res.json(await this.service.list(SyncQueueQuery.parse(req.query)));
    });
    r.post('/rows/retry', guard({ privilege: P.write, kinds: ['staff'] }), async (req, res) => {
      const { ids } = RetryInput.parse(req.body ?? {});
      res.json({ retried: await this.service.retry(ids, actingContextOf(req)) });
    });
    r.post('/rows/:id/retry', guard({ privilege: P.write, kinds: ['staff'] }), async (req, res) => {
      const { ids } = RowStatesQuery.parse({ ids: String(req.params.id) });
      const retried = await this.service.retry(ids, actingContextOf(req));
      if (!retried.length) {
        const [row] = await this.service.states(ids);
        if (row?.state === 'deleted') throw new NotFoundError('No such sync row');
      }
      res.json({ retried });
    });
    return r;
  }
}
