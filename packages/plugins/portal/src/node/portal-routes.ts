import { Router } from 'express';
import { inject, injectable } from 'inversify';
import { guard, actingContextOf } from '@portico/access';
import { type RouteContribution } from '@portico/core';
import { BulkAction, PortalPrivileges } from '../common/index';
import { PortalUserActions } from './portal-user-actions';

/** `/api/portal`: record actions on portal users (single and bulk). */
@injectable()
export class PortalRoutes implements RouteContribution {
  readonly path = 'portal';

  constructor(@inject(PortalUserActions) private readonly actions: PortalUserActions) {}

  createRouter(): Router {
    const r = Router();
    const write = guard({ privilege: PortalPrivileges.write });
    // Bulk routes first: '/users/:id/…' would otherwise take 'bulk' for an id.
    r.post('/users/bulk/reset-access', write, async (req, res) => {
      res.json({ items: await this.actions.resetAccess(BulkAction.parse(req.body ?? {}).ids, actingContextOf(req)) });
    });
    r.post('/users/bulk/notify', write, async (req, res) => {
      res.json({ items: await this.actions.notify(BulkAction.parse(req.body ?? {}).ids, actingContextOf(req)) });
    });
    r.post('/users/bulk/revoke-invitation', write, async (req, res) => {
      res.json({ items: await this.actions.revokeInvitation(BulkAction.parse(req.body ?? {}).ids, actingContextOf(req)) });
    });
    r.post('/users/:id/reset-access', write, async (req, res) => {
      res.json({ items: await this.actions.resetAccess([String(req.params.id)], actingContextOf(req)) });
    });
    r.post('/users/:id/notify', write, async (req, res) => {
      res.json({ items: await this.actions.notify([String(req.params.id)], actingContextOf(req)) });
    });
    r.post('/users/:id/revoke-invitation', write, async (req, res) => {
      res.json({ items: await this.actions.revokeInvitation([String(req.params.id)], actingContextOf(req)) });
    });
    return r;
  }
}
