/**
 * InspectionService on a real database (PGlite, or PostgreSQL with TEST_DATABASE_URL): "Make
 * inspector" under concurrent calls makes one record; concurrent submissions of one report let
 * exactly one win (row lock), and nothing can be attached after it; every inspector-side query
 * is scoped to the portal user's own active Inspector record in SQL.
 */
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AuditTrail, type RowAccessResolver } from '@portico/access';
import { ConflictError, NotFoundError } from '@portico/core';
import { createTestDatabase, type TestDatabase } from '@portico/db/testing';
import { licensingLicenseTypes, licensingLicenses, licensingPersons } from '@portico/plugin-licensing/node';
import { portalUsers } from '@portico/plugin-portal/node';
import { loadInspectorConfig } from '../src/node/inspector-config';
import { InspectionService } from '../src/node/inspection-service';
import { inspectionAttachments, inspections, inspectors } from '../src/node/inspector-schema';

const folder = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const ctx = { actor: { kind: 'staff', id: 'test', name: 'Test' } };
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

let db: TestDatabase;
let service: InspectionService;
let personId = '';
let n = 0;

/** Awaits `fn` and checks that it failed in the expected way. */
async function rejects(fn: () => Promise<unknown>, expected: (e: unknown) => boolean, message = 'expected a rejection'): Promise<void> {
  let error: unknown;
  try {
    await fn();
  } catch (e) {
    error = e;
  }
  assert.ok(error !== undefined, message);
  assert.ok(expected(error), `${message}: got ${String(error)}`);
}

const allRows = { resolve: () => ({ kind: 'all' }) } as unknown as RowAccessResolver;

async function portalUser(): Promise<string> {
  const [u] = await db.db.insert(portalUsers).values({ email: `user${++n}.${process.pid}@example.org`, displayName: `User ${n}` }).returning({ id: portalUsers.id });
  return u!.id;
}

async function inspection(inspectorId: string): Promise<string> {
  const [x] = await db.db
    .insert(inspections)
    .values({ reference: `T-${++n}`, personId, premisesAddress: `${n} Test Street`, scheduledFor: new Date('2026-12-01T10:00:00Z'), inspectionType: 'routine', inspectorId })
    .returning({ id: inspections.id });
  return x!.id;
}

test.before(async () => {
  db = await createTestDatabase({
    migrations: [
      { pluginId: 'audit', migrationsFolder: folder('../../../access/migrations') },
      { pluginId: 'portal', migrationsFolder: folder('../../portal/migrations') },
      { pluginId: 'licensing', migrationsFolder: folder('../../licensing/migrations') },
      { pluginId: 'inspector-portal', migrationsFolder: folder('../migrations') },
    ],
  });
  service = new InspectionService(db.db, db, new AuditTrail(), allRows, loadInspectorConfig({}));
  const [person] = await db.db.insert(licensingPersons).values({ firstName: 'Morgan', lastName: 'Baker' }).returning({ id: licensingPersons.id });
  personId = person!.id;
  const [type] = await db.db.insert(licensingLicenseTypes).values({ code: 'FOOD', name: 'Food', numberPrefix: 'FP' }).returning({ id: licensingLicenseTypes.id });
  await db.db.insert(licensingLicenses).values({ licenseNumber: 'FP-1', licenseTypeId: type!.id, personId, issuedOn: '2026-01-01', expiresOn: '2027-01-01' });
});
test.after(async () => {
  await db?.cleanup();
});

test('ten concurrent "Make inspector" calls for one portal user make one record', async () => {
  const user = await portalUser();
  const results = await Promise.all(Array.from({ length: 10 }, () => service.makeInspector(user, undefined, ctx)));
  assert.equal(results.map((r) => r.outcome).sort(), ['created', ...Array(9).fill('unchanged')]);
  assert.is(new Set(results.map((r) => r.inspector.id)).size, 1);
  assert.is((await db.db.select().from(inspectors).where(eq(inspectors.portalUserId, user))).length, 1);
  assert.match(results[0]!.inspector.badgeNumber, /^B-\d{4}$/);
});

test('concurrent submissions: exactly one wins; afterwards nothing can be changed or attached', async () => {
  const user = await portalUser();
  const { inspector } = await service.makeInspector(user, undefined, ctx);
  const id = await inspection(inspector.id);
  const results = ['pass', 'fail', 'pass', 'fail', 'pass-with-conditions'] as const;
  const outcomes = await Promise.allSettled(
    results.map((result, i) => service.saveReport(user, id, { findings: `finding ${i}`, result, conditions: 'fix it', intent: 'submit', confirm: 'yes' }, ctx)),
  );
  const won = outcomes.filter((o) => o.status === 'fulfilled');
  assert.is(won.length, 1, JSON.stringify(outcomes.map((o) => o.status)));
  assert.ok(outcomes.filter((o) => o.status === 'rejected').every((o) => (o as PromiseRejectedResult).reason instanceof ConflictError));
  const [row] = await db.db.select().from(inspections).where(eq(inspections.id, id));
  assert.is(row!.status, 'submitted');
  assert.is(row!.findings, (won[0] as PromiseFulfilledResult<{ findings: string }>).value.findings);
  await rejects(() => service.addAttachments(user, id, [{ name: 'late.png', bytes: PNG }], ctx), (e: unknown) => e instanceof ConflictError);
  await rejects(() => service.saveReport(user, id, { findings: 'x', result: '', conditions: '', intent: 'draft' }, ctx), (e: unknown) => e instanceof ConflictError);
  assert.is((await db.db.select().from(inspectionAttachments).where(eq(inspectionAttachments.inspectionId, id))).length, 0);
});

test('scope: only the own active inspector\'s inspections, for every read and write', async () => {
  const a = await portalUser();
  const b = await portalUser();
  const ia = (await service.makeInspector(a, undefined, ctx)).inspector;
  const ib = (await service.makeInspector(b, undefined, ctx)).inspector;
  const mine = await inspection(ia.id);
  const theirs = await inspection(ib.id);
  assert.equal((await service.assignedTo(a)).map((x) => x.id), [mine]);
  const notFound = (e: unknown) => e instanceof NotFoundError;
  await rejects(() => service.assigned(a, theirs), notFound);
  await rejects(() => service.saveReport(a, theirs, { findings: 'x', result: '', conditions: '', intent: 'draft' }, ctx), notFound);
  await rejects(() => service.addAttachments(a, theirs, [{ name: 'x.png', bytes: PNG }], ctx), notFound);
  const [file] = await service.addAttachments(b, theirs, [{ name: 'x.png', bytes: PNG }], ctx);
  await rejects(() => service.attachmentForInspector(a, theirs, file!.id), notFound);
  await rejects(() => service.attachmentForInspector(a, mine, file!.id), notFound, 'an attachment of another inspection, through my own inspection id');
  await rejects(() => service.removeAttachment(a, theirs, file!.id, ctx), notFound);
  // An inactive inspector sees nothing, even their own.
  await db.db.update(inspectors).set({ active: false }).where(eq(inspectors.id, ia.id));
  assert.equal(await service.assignedTo(a), []);
  await rejects(() => service.assigned(a, mine), notFound);
  assert.is(await service.eligibility(a), 'inactive');
  assert.is(await service.eligibility(await portalUser()), 'none');
  assert.is((await service.makeInspector(a, undefined, ctx)).outcome, 'activated');
  assert.equal((await service.assignedTo(a)).map((x) => x.id), [mine]);
});

test('attachments: type sniffed from the bytes, one transaction for all files', async () => {
  const user = await portalUser();
  const { inspector } = await service.makeInspector(user, undefined, ctx);
  const id = await inspection(inspector.id);
  await rejects(() => service.addAttachments(user, id, [{ name: 'ok.png', bytes: PNG }, { name: 'evil.png', bytes: Buffer.from('<script>alert(1)</script>') }], ctx), (e: unknown) => (e as { status?: number }).status === 415);
  assert.is((await db.db.select().from(inspectionAttachments).where(eq(inspectionAttachments.inspectionId, id))).length, 0, 'none of the batch stored');
  const saved = await service.addAttachments(user, id, [{ name: '../../etc/passwd.png', bytes: PNG }], ctx);
  assert.equal(saved.map((f) => [f.fileName, f.contentType]), [['passwd.png', 'image/png']]);
  const [row] = await db.db.select().from(inspections).where(eq(inspections.id, id));
  assert.is(row!.status, 'in-progress', 'the first attachment starts the inspection');
});

test.run();
