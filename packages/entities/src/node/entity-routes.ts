import { Router, type Request } from 'express';
import { inject, injectable } from 'inversify';
import { z } from 'zod';
import { guard, type Principal, actingContextOf } from '@portico/access';
import { UnauthorizedError, type RouteContribution } from '@portico/core';
import { entityPrivilege } from '@portico/access/common';
import { toMetadata } from './entity-definition';
import { EntityRegistry } from './entity-registry';
import { EntityService } from './entity-service';

const ListParams = z.object({
  q: z.string().max(200, 'must be at most 200 characters').optional(),
  sort: z.string().regex(/^-?[A-Za-z][A-Za-z0-9]*$/, 'must be a field name, with - for descending').optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  after: z.string().max(2000).optional(),
});

const principalOf = (req: Request): Principal => {
  if (!req.principal) throw new UnauthorizedError();
  return req.principal;
};

/**
 * `/api/entities`: the generic entity API behind every record list and record view.
 * Routes are open to signed-in staff; each call checks the entity privilege (and row scope)
 * for its action in EntityService.
 */
@injectable()
export class EntityRoutes implements RouteContribution {
  readonly path = 'entities';

  constructor(
    @inject(EntityRegistry) private readonly registry: EntityRegistry,
    @inject(EntityService) private readonly service: EntityService,
  ) {}

  createRouter(): Router {
    const r = Router();
    const staff = guard({ signedIn: ['staff'] });

    r.get('/', staff, (req, res) => {
      const p = principalOf(req);
      res.json({ items: this.registry.all().filter((d) => p.privileges.has(entityPrivilege(d.logicalName, 'read'))).map(toMetadata) });
    });
    r.get('/:entity', staff, (req, res) => {
      const def = this.registry.get(String(req.params.entity));
      const p = principalOf(req);
      res.json({
        ...toMetadata(def),
        can: Object.fromEntries((['read', 'write', 'create', 'delete'] as const).map((a) => [a, p.privileges.has(entityPrivilege(def.logicalName, a))])),
      });
    });
    r.get('/:entity/records', staff, async (req, res) => {
      const params = ListParams.parse(req.query);
      const filters: Record<string, string> = {};
      for (const [key, value] of Object.entries(req.query)) {
        if (key.startsWith('filter.') && typeof value === 'string') filters[key.slice('filter.'.length)] = value;
      }
      const sort = params.sort ? { field: params.sort.replace(/^-/, ''), direction: params.sort.startsWith('-') ? ('desc' as const) : ('asc' as const) } : undefined;
      res.json(
        await this.service.list(principalOf(req), String(req.params.entity), {
          limit: params.limit,
          filters,
          ...(params.q ? { q: params.q } : {}),
          ...(sort ? { sort } : {}),
          ...(params.after ? { after: params.after } : {}),
        }),
      );
    });
    r.post('/:entity/records', staff, async (req, res) => {
      res.status(201).json(await this.service.create(actingContextOf(req), String(req.params.entity), req.body));
    });
    r.get('/:entity/records/:id', staff, async (req, res) => {
      res.json(await this.service.get(principalOf(req), String(req.params.entity), String(req.params.id)));
    });
    r.patch('/:entity/records/:id', staff, async (req, res) => {
      res.json(await this.service.update(actingContextOf(req), String(req.params.entity), String(req.params.id), req.body));
    });
    r.delete('/:entity/records/:id', staff, async (req, res) => {
      await this.service.remove(actingContextOf(req), String(req.params.entity), String(req.params.id));
      res.status(204).end();
    });
    return r;
  }
}
