/**
 * Helpers of the licensing tests: a workbench with the licensing and Licensee Portal plugins,
 * license types made through the record API, and the applicant's walk through the
 * multi-step application form with plain form posts (and a multipart upload).
 */
import * as assert from 'uvu/assert';
import type { TestClient } from '../http-client';
import { expectStatus } from '../security/fixtures';
import { DEFAULT_PLUGINS, FormClient, startPortalWorkbench, type PageResponse, type PortalHarness } from '../portal/portal-fixtures';

export const LICENSING_PLUGINS = `${DEFAULT_PLUGINS},@portico/plugin-licensing,@portico/plugin-licensee-portal`;
export const APPS = '/portal/applicant/applications';

export function startLicensingWorkbench(env: Record<string, string> = {}): Promise<PortalHarness> {
  return startPortalWorkbench({ PORTICO_PLUGINS: LICENSING_PLUGINS, ...env });
}

/** A 1×1 PNG and a minimal PDF: real files whose type is sniffed from their bytes. */
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

export async function createLicenseType(admin: TestClient, fields: Record<string, unknown> = {}): Promise<{ id: string; name: string }> {
  const suffix = Math.random().toString(36).slice(2, 7).toUpperCase();
  const created = await expectStatus<{ id: string; name: string }>(
    await admin.post('/api/entities/lic_licensetype/records', { name: `Electrician ${suffix}`, code: `ELEC-${suffix}`, numberPrefix: 'EL', validityMonths: 36, openForApplications: true, description: 'Electrical installation work.', ...fields }),
    201,
    'create license type',
  );
  return created;
}

/** Posts a multipart form (the upload) with the client's cookies and the given CSRF token. */
export async function upload(client: FormClient, path: string, files: Array<{ name: string; type: string; bytes: Buffer }>, csrf = client.csrf ?? ''): Promise<PageResponse> {
  const form = new FormData();
  form.set('_csrf', csrf);
  for (const f of files) form.append('files', new Blob([new Uint8Array(f.bytes)], { type: f.type }), f.name);
  const res = await fetch(new URL(path, client.baseUrl), {
    method: 'POST',
    body: form,
    redirect: 'manual',
    headers: { accept: 'text/html', cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
  });
  const text = await res.text();
  return { status: res.status, text, location: res.headers.get('location'), headers: res.headers };
}

/** Starts an application and completes every step (signed-in applicant client); returns its id. */
export async function completeApplication(client: FormClient, typeId: string, person: { firstName: string; lastName: string; dateOfBirth?: string }): Promise<string> {
  await client.get(APPS);
  const started = await client.request(`${APPS}/new`, { form: {} });
  assert.is(started.status, 303, `start: ${started.status} ${started.text.slice(0, 300)}`);
  const id = /\/applications\/([0-9a-f-]{36})\/type$/.exec(started.location ?? '')?.[1];
  assert.ok(id, `redirect to the first step, got ${started.location}`);
  const step = async (name: string, form: Record<string, string>): Promise<void> => {
    const res = await client.submit(`${APPS}/${id}/${name}`, { ...form, action: 'continue' });
    assert.is(res.status, 303, `${name}: ${res.status} ${res.text.slice(0, 500)}`);
  };
  await step('type', { licenseTypeId: typeId });
  await step('about', { firstName: person.firstName, lastName: person.lastName, dateOfBirth: person.dateOfBirth ?? '1988-06-15', phone: '+44 20 7946 0000' });
  await step('address', { addressLine1: '12 Harbour Road', addressLine2: '', city: 'Porthaven', postalCode: 'PH1 2AB', country: 'United Kingdom' });
  await client.get(`${APPS}/${id}/documents`);
  const up = await upload(client, `${APPS}/${id}/documents/upload`, [{ name: 'passport.png', type: 'image/png', bytes: PNG }]);
  assert.is(up.status, 303, `upload: ${up.status} ${up.text.slice(0, 500)}`);
  await step('documents', { qualifications: 'City & Guilds 2365, 6 years on domestic installations.' });
  const done = await client.submit(`${APPS}/${id}/review`, { declaration: 'yes' });
  assert.is(done.status, 200, `submit: ${done.status} ${done.text.slice(0, 500)}`);
  assert.match(done.text, 'your application is submitted');
  return id!;
}
