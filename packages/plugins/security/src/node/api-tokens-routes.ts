import { Router } from 'express';
import { inject, injectable } from 'inversify';
import { z } from 'zod';
import { guard, actingContextOf } from '@portico/access';
import { NotFoundError, type RouteContribution } from '@portico/core';
import { SecurityPrivileges } from '../common/index';
import { ApiTokenCreate, ApiTokenPrivileges as P } from '../common/api-tokens';
import { ApiTokenService } from './api-tokens-service';

const ListQuery = z.object({ staffUserId: z.uuid().optional() });

/**
 * `/api/security/api-tokens`: list, create (the secret in the reply, once), revoke. Session only
 * (`kinds: ['staff']`): a token cannot mint or revoke tokens.
 */
@injectable()
export class ApiTokenRoutes implements RouteContribution {
  readonly path = 'security/api-tokens';

  constructor(@inject(ApiTokenService) private readonly tokens: ApiTokenService) {}

  createRouter(): Router {
    const r = Router();
    r.get('/', guard({ privilege: P.read, kinds: ['staff'] }), async (req, res) => {
      res.json({ items: await this.tokens.list(ListQuery.parse(req.query)) });
    });
    r.post('/', guard({ privilege: P.create, kinds: ['staff'] }), async (req, res) => {
      const input = ApiTokenCreate.parse(req.body ?? {});
      this.tokens.assertMayManage({ staffUserId: input.staffUserId ?? req.principal!.id }, req.principal, SecurityPrivileges.staffWrite);
      res.setHeader('Cache-Control', 'no-store');
      res.status(201).json(await this.tokens.create(input, actingContextOf(req)));
    });
    r.post('/:id/revoke', guard({ privilege: P.delete, kinds: ['staff'] }), async (req, res) => {
      const token = await this.tokens.get(String(req.params.id));
      if (!token) throw new NotFoundError('No such API token');
      this.tokens.assertMayManage(token, req.principal, SecurityPrivileges.staffWrite);
      res.json(await this.tokens.revoke(token.id, actingContextOf(req)));
    });
    return r;
  }
}
