import { Router, type Response } from 'express';
import { inject, injectable } from 'inversify';
import { guard, actingContextOf } from '@portico/access';
import { NotFoundError, sendDownload, type RouteContribution } from '@portico/core';
import { PortalPrivileges } from '@portico/plugin-portal/common';
import { DocumentsPrivileges as P } from '../common/index';
import { searchRequestFromQuery } from './search-query';
import { MAX_CONDITION_XML } from './condition-xml';
import { DocumentsCatalog } from './documents-catalog';
import { DocumentsConfig } from './documents-config';
import { DocumentSearchService } from './document-search-service';
import { indexDataField, readMultipart, readText } from './multipart';

const no = (v: unknown): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 2_147_483_647) throw new NotFoundError();
  return n;
};
/** A document file as a download (the shared, sandboxed download response). */
export function sendFile(res: Response, file: { name: string; contentType: string; bytes: Buffer }): void {
  sendDownload(res, { name: file.name, contentType: file.contentType, content: file.bytes });
}

/** Staff API under `/api/documents`. */
@injectable()
export class DocumentsRoutes implements RouteContribution {
  readonly path = 'documents';

  constructor(
    @inject(DocumentsCatalog) private readonly catalog: DocumentsCatalog,
    @inject(DocumentSearchService) private readonly service: DocumentSearchService,
    @inject(DocumentsConfig) private readonly config: DocumentsConfig,
  ) {}

  createRouter(): Router {
    const r = Router();
    r.get('/categories', guard({ privilege: P.categoryRead }), async (_req, res) => void res.json({ items: await this.catalog.listCategories() }));
    r.get('/categories/:ctgryNo', guard({ privilege: P.categoryRead }), async (req, res) => void res.json(await this.catalog.category(no(req.params.ctgryNo))));
    r.put('/categories/:ctgryNo', guard({ privilege: P.categoryWrite }), async (req, res) => void res.json(await this.catalog.putCategory(no(req.params.ctgryNo), req.body ?? {}, actingContextOf(req))));
    r.delete('/categories/:ctgryNo', guard({ privilege: P.categoryWrite }), async (req, res) => { await this.catalog.deleteCategory(no(req.params.ctgryNo), actingContextOf(req)); res.status(204).end(); });

    r.get('/searches', guard({ privilege: P.searchRead }), async (_req, res) => void res.json({ items: await this.catalog.listSearches() }));
    r.get('/searches/:queryNo', guard({ privilege: P.searchRead }), async (req, res) => void res.json(await this.catalog.search(no(req.params.queryNo))));
    r.put('/searches/:queryNo', guard({ privilege: P.searchWrite }), async (req, res) => void res.json(await this.catalog.putSearch(no(req.params.queryNo), req.body ?? {}, actingContextOf(req))));
    r.delete('/searches/:queryNo', guard({ privilege: P.searchWrite }), async (req, res) => { await this.catalog.deleteSearch(no(req.params.queryNo), actingContextOf(req)); res.status(204).end(); });

    r.post('/categories/:ctgryNo/documents', guard({ privilege: P.documentCreate }), async (req, res) => {
      const ctgryNo = no(req.params.ctgryNo);
      const { fields, files } = await readMultipart(req, this.config);
      res.status(201).json(await this.service.createDocument(ctgryNo, indexDataField(fields), files, actingContextOf(req)));
    });
    r.get('/categories/:ctgryNo/documents', guard({ privilege: P.documentRead }), async (req, res) => {
      res.json(await this.service.categoryDocuments(no(req.params.ctgryNo), searchRequestFromQuery(req.query as Record<string, unknown>)));
    });
    r.get('/documents/:id', guard({ privilege: P.documentRead }), async (req, res) => void res.json(await this.service.document(String(req.params.id))));
    r.patch('/documents/:id', guard({ privilege: P.documentWrite }), async (req, res) => void res.json(await this.service.updateIndexData(String(req.params.id), (req.body as { indexData?: unknown } | undefined)?.indexData, actingContextOf(req))));
    r.post('/searches/:queryNo/count', guard({ privilege: [P.searchRead, P.assignmentRead] }), async (req, res) => void res.json(await this.service.countMatching(no(req.params.queryNo), req.body ?? {})));
    // "Preview as this user": the user's search, run by the same code with the same conditions.
    r.get('/users/:userId/searches/:queryNo/preview', guard({ privilege: [PortalPrivileges.read, P.assignmentRead, P.documentRead] }), async (req, res) => {
      res.json(await this.service.search(String(req.params.userId), no(req.params.queryNo), searchRequestFromQuery(req.query as Record<string, unknown>)));
    });
    r.delete('/documents/:id', guard({ privilege: P.documentDelete }), async (req, res) => { await this.service.deleteDocument(String(req.params.id), actingContextOf(req)); res.status(204).end(); });
    r.get('/documents/:id/files/:fileId', guard({ privilege: P.documentRead }), async (req, res) => sendFile(res, await this.service.staffDownload(String(req.params.id), String(req.params.fileId))));

    r.get('/users/:userId/assignments', guard({ privilege: P.assignmentRead }), async (req, res) => void res.json({ assignments: await this.service.assignments(String(req.params.userId)) }));
    r.put('/users/:userId/assignments', guard({ privilege: P.assignmentWrite }), async (req, res) => void res.json({ assignments: await this.service.setAssignments(String(req.params.userId), req.body ?? {}, actingContextOf(req)) }));
    r.get('/users/:userId/assignments/:queryNo/conditions.xml', guard({ privilege: P.assignmentRead }), async (req, res) => {
      res.type('application/xml').send(await this.service.exportConditionXml(String(req.params.userId), no(req.params.queryNo)));
    });
    r.put('/users/:userId/assignments/:queryNo/conditions.xml', guard({ privilege: P.assignmentWrite }), async (req, res) => {
      const xml = await readText(req, MAX_CONDITION_XML);
      res.json(await this.service.importConditionXml(String(req.params.userId), no(req.params.queryNo), xml, actingContextOf(req)));
    });
    r.get('/users/:userId/upload-permissions', guard({ privilege: P.assignmentRead }), async (req, res) => void res.json({ permissions: await this.service.uploadPermissionsOf(String(req.params.userId)) }));
    r.put('/users/:userId/upload-permissions', guard({ privilege: P.assignmentWrite }), async (req, res) => void res.json({ permissions: await this.service.setUploadPermissions(String(req.params.userId), req.body ?? {}, actingContextOf(req)) }));
    r.post('/users/:userId/copy-to/:targetId', guard({ privilege: P.assignmentWrite }), async (req, res) => void res.json(await this.service.copyUserSettings(String(req.params.userId), String(req.params.targetId), actingContextOf(req))));
    return r;
  }
}
