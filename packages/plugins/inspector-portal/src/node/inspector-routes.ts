import { Router, type Request } from 'express';
import { inject, injectable } from 'inversify';
import { guard, requestIdOf, type Principal } from '@portico/access';
import { UnauthorizedError, sendDownload, type RouteContribution } from '@portico/core';
import { InspectionPrivileges, InspectorPrivileges, MakeInspectorBody } from '../common/index';
import { InspectionService, type ActingContext } from './inspection-service';

const principalOf = (req: Request): Principal => {
  if (!req.principal) throw new UnauthorizedError();
  return req.principal;
};
const actingOf = (req: Request): ActingContext => {
  const p = principalOf(req);
  const requestId = requestIdOf(req);
  return { actor: { kind: p.kind, id: p.id, name: p.displayName }, ...(requestId ? { requestId } : {}) };
};

/**
 * `/api/inspections`, for staff: "Make inspector" from the Portal User record view (and the
 * Inspector tab's read), and the attachments of an inspection for its record view. Records
 * themselves go through the generic entity API (`ins_inspector`, `ins_inspection`).
 */
@injectable()
export class InspectorRoutes implements RouteContribution {
  readonly path = 'inspections';

  constructor(@inject(InspectionService) private readonly service: InspectionService) {}

  createRouter(): Router {
    const r = Router();
    r.get('/portal-users/:id/inspector', guard({ privilege: InspectorPrivileges.read }), async (req, res) => {
      res.json({ inspector: (await this.service.inspectorOf(String(req.params.id))) ?? null });
    });
    r.post('/portal-users/:id/make-inspector', guard({ privilege: InspectorPrivileges.create }), async (req, res) => {
      const body = MakeInspectorBody.parse(req.body ?? {});
      const result = await this.service.makeInspector(String(req.params.id), body.badgeNumber || undefined, actingOf(req));
      res.status(result.outcome === 'created' ? 201 : 200).json(result);
    });
    r.get('/:id/attachments', guard({ privilege: InspectionPrivileges.read }), async (req, res) => {
      res.json({ items: await this.service.attachmentsForStaff(principalOf(req), String(req.params.id)) });
    });
    r.get('/:id/attachments/:aid', guard({ privilege: InspectionPrivileges.read }), async (req, res) => {
      const file = await this.service.attachmentForStaff(principalOf(req), String(req.params.id), String(req.params.aid));
      sendDownload(res, { name: file.fileName, contentType: file.contentType, content: file.content });
    });
    return r;
  }
}
