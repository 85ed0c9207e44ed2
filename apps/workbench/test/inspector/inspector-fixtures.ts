/**
 * Helpers for the Inspector Portal tests: a workbench with the licensing and inspector-portal
 * plugins, licensees (person, license type, license) made through the licensing entity API,
 * inspectors made with "Make inspector", inspections scheduled through the entity API, and
 * multipart uploads from a portal form client (the `_csrf` field first, as a browser sends it).
 */
import { randomBytes } from 'node:crypto';
import * as assert from 'uvu/assert';
import type { TestClient } from '../http-client';
import { createActiveUser, expectStatus, startPortalWorkbench, type FormClient, type PageResponse, type PortalHarness } from '../portal/portal-fixtures';

export const PLUGINS = '@portico/plugin-security,@portico/plugin-portal,@portico/plugin-licensing,@portico/plugin-inspector-portal,@portico/plugin-system';
export const INSPECTOR = '/portal/inspector';
export const INSPECTIONS = '/portal/inspector/inspections';
export const INSPECTION_RECORDS = '/api/entities/ins_inspection/records';
export const INSPECTOR_RECORDS = '/api/entities/ins_inspector/records';

/** 1×1 PNG. */
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
/** A minimal PDF. */
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

export function startInspectorWorkbench(extraEnv: Record<string, string> = {}): Promise<PortalHarness> {
  return startPortalWorkbench({ PORTICO_PLUGINS: PLUGINS, ...(process.env.TEST_LOG_LEVEL ? { LOG_LEVEL: process.env.TEST_LOG_LEVEL } : {}), ...extraEnv });
}

export interface Licensee {
  personId: string;
  licenseId: string;
  licenseNumber: string;
  name: string;
}

let typeId: string | undefined;

/** A person holding an active license, made by staff through the licensing entity API. */
export async function createLicensee(admin: TestClient, first = 'Robin', last = `Holder${randomBytes(2).toString('hex')}`): Promise<Licensee> {
  if (!typeId) {
    const code = `T${randomBytes(3).toString('hex').toUpperCase()}`;
    typeId = (await expectStatus<{ id: string }>(await admin.post('/api/entities/lic_licensetype/records', { name: 'Food Premises', code, numberPrefix: 'FP', validityMonths: 12 }), 201, 'license type')).id;
  }
  const person = await expectStatus<{ id: string }>(await admin.post('/api/entities/lic_person/records', { firstName: first, lastName: last }), 201, 'person');
  const license = await expectStatus<{ id: string; licenseNumber: string }>(await admin.post('/api/entities/lic_license/records', { licenseTypeId: typeId, personId: person.id, status: 'active' }), 201, 'license');
  return { personId: person.id, licenseId: license.id, licenseNumber: license.licenseNumber, name: `${first} ${last}` };
}

export interface Inspector {
  id: string;
  portalUserId: string;
  email: string;
  password: string;
  badgeNumber: string;
  client: FormClient;
}

/** An active portal user made an inspector with "Make inspector" (the client that set the password stays signed in to the Applicant Portal only). */
export async function createInspector(p: PortalHarness, fields: Record<string, unknown> = {}): Promise<Inspector> {
  const user = await createActiveUser(p, fields);
  const made = await expectStatus<{ inspector: { id: string; badgeNumber: string } }>(await p.admin.post(`/api/inspections/portal-users/${user.id}/make-inspector`, {}), 201, 'make inspector');
  return { id: made.inspector.id, portalUserId: user.id, email: user.email, password: user.password, badgeNumber: made.inspector.badgeNumber, client: user.client };
}

/** Schedules an inspection through the entity API. */
export async function scheduleInspection(admin: TestClient, licensee: Licensee, inspectorId: string, fields: Record<string, unknown> = {}): Promise<{ id: string; reference: string; version: number }> {
  return expectStatus(
    await admin.post(INSPECTION_RECORDS, {
      personId: licensee.personId, licenseId: licensee.licenseId, premisesAddress: `${Math.floor(Math.random() * 200) + 1} Harbour Street, Portsmouth`,
      scheduledFor: '2026-12-03T09:30:00Z', inspectionType: 'routine', inspectorId, ...fields,
    }),
    201,
    'schedule inspection',
  );
}

/** POSTs a multipart form as a browser without JavaScript would: `_csrf` first (unless `csrf` is false), then the files. */
export async function upload(client: FormClient, path: string, files: Array<{ name: string; type: string; bytes: Buffer }>, options: { csrf?: string | false } = {}): Promise<PageResponse> {
  const form = new FormData();
  if (options.csrf !== false) form.append('_csrf', options.csrf ?? client.csrf ?? '');
  for (const f of files) form.append('files', new Blob([new Uint8Array(f.bytes)], { type: f.type }), f.name);
  const headers = new Headers({ accept: 'text/html', cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') });
  const res = await fetch(new URL(path, client.baseUrl), { method: 'POST', body: form, headers, redirect: 'manual' });
  const text = await res.text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(text)?.[1];
  if (csrf) client.csrf = csrf;
  return { status: res.status, text, location: res.headers.get('location'), headers: res.headers };
}

/** Id from an inspection page link in a page. */
export function inspectionLinks(text: string): string[] {
  return [...text.matchAll(/href="\/portal\/inspector\/inspections\/([0-9a-f-]{36})"/g)].map((m) => m[1]!);
}

export function assertNoMatch(text: string, what: string, message: string): void {
  assert.not.ok(text.includes(what), message);
}
