/**
 * Helpers for the security tests: a workbench with the default plugins, the first
 * administrator made through the real first-run flow (setup link → POST /api/security/setup),
 * signed-in clients, groups with grants and staff users in them — all through the HTTP API.
 */
import { randomBytes } from 'node:crypto';
import * as assert from 'uvu/assert';
import type { GroupView, StaffUserView } from '@portico/plugin-security/common';
import { FirstRunSetup } from '@portico/plugin-security/node';
import { startWorkbench, type RunningWorkbench } from '../../src/node/index';
import { testEnvironment } from '../helpers';
import { TestClient } from '../http-client';

export const COOKIE = 'portico.sid';
/** The signed CSRF cookie of visitors who have not signed in (no session row). */
export const VISITOR_COOKIE = 'portico.csrf';

/** A password the policy accepts (long, random, not personal). */
export function strongPassword(): string {
  return `pw-${randomBytes(12).toString('base64url')}`;
}

let emailCounter = 0;
/** A fresh e-mail address (unique within the process). */
export function uniqueEmail(prefix = 'staff'): string {
  return `${prefix}.${process.pid}.${++emailCounter}.${randomBytes(3).toString('hex')}@example.org`;
}

export interface SecurityHarness {
  running: RunningWorkbench;
  url: string;
  stop(): Promise<void>;
}

/** A workbench with the default plugins (no PORTICO_PLUGINS override) on a fresh database. */
export async function startSecurityWorkbench(extraEnv: Record<string, string> = {}): Promise<SecurityHarness> {
  const t = await testEnvironment({ PORTICO_JOBS: 'false', ...extraEnv });
  let running: RunningWorkbench;
  try {
    running = await startWorkbench({ env: t.env });
  } catch (error) {
    await t.cleanup();
    throw error;
  }
  return {
    running,
    url: running.url,
    async stop() {
      await running.stop();
      await t.cleanup();
    },
  };
}

/** A one-time setup link from the running workbench's FirstRunSetup (undefined once a staff user exists). */
export async function issueSetupToken(running: RunningWorkbench): Promise<string | undefined> {
  const link = await running.workbench.kernel.container.get<FirstRunSetup>(FirstRunSetup).issueLink();
  if (!link) return undefined;
  const token = new URL(link).searchParams.get('token');
  assert.ok(token, `setup link without token: ${link}`);
  return token;
}

/** Error body of every failed API call. */
export interface ApiError {
  error: { code: string; message: string; fields?: { path: string; message: string }[] };
}

export async function json<T>(res: Response): Promise<T> {
  const text = await res.text();
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`expected JSON from ${res.url} (${res.status}), got: ${text.slice(0, 200)}`);
  }
}

/** Asserts the response has `status` and returns its JSON body, with the body in the failure message. */
export async function expectStatus<T = unknown>(res: Response, status: number, what = ''): Promise<T> {
  const text = await res.text();
  assert.is(res.status, status, `${what ? `${what}: ` : ''}${res.url} → ${res.status}, expected ${status}: ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export interface Staff {
  id: string;
  name: string;
  email: string;
  password: string;
}

/** Creates the first administrator through the setup link, as a person following it would. */
export async function createFirstAdmin(running: RunningWorkbench, overrides: Partial<Omit<Staff, 'id'>> = {}): Promise<Staff> {
  const token = await issueSetupToken(running);
  assert.ok(token, 'no setup link: a staff user exists already');
  const input = { name: overrides.name ?? 'First Administrator', email: overrides.email ?? uniqueEmail('admin'), password: overrides.password ?? strongPassword() };
  const client = new TestClient(running.url);
  const body = await expectStatus<{ id: string; email: string }>(await client.post('/api/security/setup', { token, ...input }), 201, 'first-run setup');
  return { id: body.id, ...input };
}

/** Signs `client` in (it keeps the new session cookie and CSRF token); returns the raw response. */
export async function signIn(client: TestClient, email: string, password: string): Promise<Response> {
  const res = await client.post('/api/security/sign-in', { email, password });
  if (res.ok) {
    const body = (await res.clone().json()) as { csrfToken: string };
    client.setCsrfToken(body.csrfToken);
  } else {
    client.setCsrfToken(undefined); // unchanged session, but fetch it again rather than guess
  }
  return res;
}

/** A new client signed in as `who`; fails the test when the sign-in does not succeed. */
export async function signedInClient(url: string, who: { email: string; password: string }): Promise<TestClient> {
  const client = new TestClient(url);
  await expectStatus(await signIn(client, who.email, who.password), 200, `sign-in of ${who.email}`);
  return client;
}

/** Creates a group holding `privileges` (for all records) as `admin`. */
export async function createGroup(admin: TestClient, privileges: readonly string[], name = `Group ${randomBytes(4).toString('hex')}`): Promise<GroupView> {
  const res = await admin.post('/api/security/groups', { name, grants: privileges.map((privilege) => ({ privilege, scope: 'all' })) });
  return expectStatus<GroupView>(res, 201, `create group ${name}`);
}

/** Creates a staff user (with a password unless `password: null`) in `groupIds` as `admin`. */
export async function createStaffUser(
  admin: TestClient,
  options: { name?: string; email?: string; password?: string | null; groupIds?: string[]; disabled?: boolean } = {},
): Promise<Staff & { view: StaffUserView }> {
  const password = options.password === null ? undefined : options.password ?? strongPassword();
  const input = {
    name: options.name ?? `Staff ${randomBytes(3).toString('hex')}`,
    email: options.email ?? uniqueEmail(),
    ...(password !== undefined ? { password } : {}),
    groupIds: options.groupIds ?? [],
    ...(options.disabled !== undefined ? { disabled: options.disabled } : {}),
  };
  const view = await expectStatus<StaffUserView>(await admin.post('/api/security/staff-users', input), 201, `create staff user ${input.email}`);
  return { id: view.id, name: input.name, email: input.email, password: password ?? '', view };
}

/** A group with exactly `privileges`, a staff user in it, and a client signed in as that user. */
export async function staffWithPrivileges(url: string, admin: TestClient, privileges: readonly string[]): Promise<{ user: Staff; group: GroupView; client: TestClient }> {
  const group = await createGroup(admin, privileges);
  const user = await createStaffUser(admin, { groupIds: [group.id] });
  return { user, group, client: await signedInClient(url, user) };
}

/** Asserts the one JSON error shape `{ error: { code, message } }`. */
export function assertErrorShape(body: unknown, what: string): asserts body is ApiError {
  const error = (body as ApiError | undefined)?.error;
  assert.ok(error && typeof error === 'object', `${what}: no { error } object in ${JSON.stringify(body)}`);
  assert.type(error.code, 'string', `${what}: error.code is not a string`);
  assert.type(error.message, 'string', `${what}: error.message is not a string`);
  assert.ok(error.code.length > 0 && error.message.length > 0, `${what}: empty error code or message`);
}
