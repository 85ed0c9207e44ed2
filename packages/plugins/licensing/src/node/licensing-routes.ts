import { Router, type Request } from 'express';
import { inject, injectable } from 'inversify';
import { guard, actingContextOf } from '@portico/access';
import { NotFoundError, UnauthorizedError, sendDownload, type RouteContribution } from '@portico/core';
import { EntityService } from '@portico/entities';
import { APPROVE_PRIVILEGES, DecisionInput, LicensingEntities, LicensingPrivileges as P } from '../common/index';
import { LicensingService } from './licensing-service';

/** `/api/licensing`: staff decisions on applications, their documents, renewals. */
@injectable()
export class LicensingRoutes implements RouteContribution {
  readonly path = 'licensing';

  constructor(
    @inject(LicensingService) private readonly service: LicensingService,
    @inject(EntityService) private readonly entities: EntityService,
  ) {}

  createRouter(): Router {
    const r = Router();
    r.post('/applications/:id/approve', guard({ privilege: APPROVE_PRIVILEGES }), async (req, res) => {
      const { note } = DecisionInput.parse(req.body ?? {});
      const result = await this.service.approve(String(req.params.id), actingContextOf(req), note);
      res.json({ id: result.application.id, status: result.application.status, licenseId: result.licenseId, licenseNumber: result.licenseNumber, personId: result.personId, personCreated: result.personCreated });
    });
    r.post('/applications/:id/reject', guard({ privilege: P.applicationWrite }), async (req, res) => {
      const app = await this.service.reject(String(req.params.id), actingContextOf(req), req.body ?? {});
      res.json({ id: app.id, status: app.status });
    });
    r.get('/applications/:id/documents', guard({ privilege: [P.applicationRead, P.applicationDocumentRead] }), async (req, res) => {
      const app = await this.visible(req);
      res.json({ items: await this.service.filesOf(app) });
    });
    r.get('/applications/:id/documents/:fileId', guard({ privilege: [P.applicationRead, P.applicationDocumentRead] }), async (req, res) => {
      const app = await this.visible(req);
      sendDownload(res, await this.service.file(app, String(req.params.fileId)));
    });
    r.post('/renewals/:id/renew', guard({ privilege: [P.renewalWrite, P.licenseWrite] }), async (req, res) => {
      res.json(await this.service.renew(String(req.params.id), actingContextOf(req)));
    });
    return r;
  }

  /** The application id, if the principal may read that application (row scope applies). */
  private async visible(req: Request): Promise<string> {
    const principal = req.principal;
    if (!principal) throw new UnauthorizedError();
    const record = await this.entities.get(principal, LicensingEntities.application, String(req.params.id)).catch(() => undefined);
    if (!record) throw new NotFoundError('No such application');
    return record.id;
  }
}
