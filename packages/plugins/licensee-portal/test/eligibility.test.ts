/**
 * Who may sign in to the Licensee Portal, decided in SQL on a real database (PGlite, or the
 * PostgreSQL server named by TEST_DATABASE_URL): the account must be the Portal Access
 * Credential of a person holding a license whose effective status counts (default: active;
 * an active license past its expiry date counts as expired). Every denial says why and links
 * to the Applicant Portal.
 */
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AuditTrail } from '@portico/access';
import { createTestDatabase, type TestDatabase } from '@portico/db/testing';
import { LicensingService, addDays, licensingLicenseTypes, licensingLicenses, licensingPersons, loadLicensingConfig } from '@portico/plugin-licensing/node';
import type { LicenseStatus } from '@portico/plugin-licensing/common';
import type { PortalContribution, PortalUser } from '@portico/plugin-portal/node';
import { APPLICANT_LINK, licenseeEligibility, licenseePortal, loadLicenseePortalConfig } from '../src/node/index';

const TODAY = '2026-06-15';
let db: TestDatabase;
let service: LicensingService;
let typeId: string;
let n = 0;

const folder = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

test.before(async () => {
  db = await createTestDatabase({
    migrations: [
      { pluginId: 'audit', migrationsFolder: folder('../../../access/migrations') },
      { pluginId: 'portal', migrationsFolder: folder('../../portal/migrations') },
      { pluginId: 'licensing', migrationsFolder: folder('../../licensing/migrations') },
    ],
  });
  service = new LicensingService(db.db, new AuditTrail(), loadLicensingConfig({}));
  const [type] = await db.db.insert(licensingLicenseTypes).values({ code: 'ELEC', name: 'Electrician', numberPrefix: 'EL', validityMonths: 36 }).returning();
  typeId = type!.id;
});
test.after(async () => {
  await db?.cleanup();
});

/** A portal account (as the eligibility rule sees it). */
async function portalUser(): Promise<PortalUser> {
  n += 1;
  const [row] = await db.rows<{ id: string; email: string; created_at: Date }>(sql`insert into portal_users (email, display_name) values (${`licensee${n}.${Date.now()}@example.org`}, ${`Licensee ${n}`}) returning id, email, created_at`);
  return { id: row!.id, email: row!.email, userName: null, displayName: `Licensee ${n}`, emailVerifiedAt: null, lastSignInAt: null, createdAt: new Date(row!.created_at) };
}

async function person(user?: PortalUser): Promise<string> {
  const [row] = await db.db.insert(licensingPersons).values({ firstName: 'Pat', lastName: `Holder ${n}`, dateOfBirth: '1980-01-01', portalUserId: user?.id ?? null }).returning();
  return row!.id;
}

async function license(personId: string, status: LicenseStatus, expiresOn: string, issuedOn = '2024-01-01'): Promise<string> {
  n += 1;
  const [row] = await db.db.insert(licensingLicenses).values({ licenseNumber: `EL-TEST-${String(n).padStart(6, '0')}`, licenseTypeId: typeId, personId, status, issuedOn, expiresOn }).returning();
  return row!.licenseNumber;
}

const FUTURE = addDays(TODAY, 400);
const PAST = addDays(TODAY, -1);
const defaults = loadLicenseePortalConfig({});
const rule = (env: Record<string, string> = {}) => licenseeEligibility(service, loadLicenseePortalConfig(env), () => TODAY);
const portal = { id: 'licensee' } as PortalContribution;
const check = async (user: PortalUser, env: Record<string, string> = {}) => rule(env)(user, { portal });

function denied(result: Awaited<ReturnType<typeof check>>, reason: string | RegExp): void {
  assert.is(result.allow, false, 'denied');
  if (result.allow) return;
  assert.match(result.message, reason);
  assert.equal(result.link, APPLICANT_LINK, 'the denial links to the Applicant Portal');
}

test('the default counts active licenses only, and a renewal window of 90 days', () => {
  assert.equal(defaults.countingStatuses, ['active']);
  assert.is(defaults.renewalWindowDays, 90);
});

test('no person linked to the account: denied, told it is not linked to a license holder', async () => {
  const user = await portalUser();
  denied(await check(user), 'your account is not linked to a license holder');
  // A person with licenses who is linked to ANOTHER account does not help.
  const other = await portalUser();
  await license(await person(other), 'active', FUTURE);
  denied(await check(user), 'not linked to a license holder');
  assert.equal(await check(other), { allow: true });
});

test('a person without any license: denied', async () => {
  const user = await portalUser();
  await person(user);
  denied(await check(user), 'no license is held in your name yet');
});

test('an active license that has not expired: allowed (also on its last day)', async () => {
  const user = await portalUser();
  await license(await person(user), 'active', FUTURE);
  assert.equal(await check(user), { allow: true });
  const lastDay = await portalUser();
  await license(await person(lastDay), 'active', TODAY);
  assert.equal(await check(lastDay), { allow: true }, 'valid through its expiry date');
});

test('only a suspended license: denied, and told which license is suspended', async () => {
  const user = await portalUser();
  const number = await license(await person(user), 'suspended', FUTURE);
  denied(await check(user), `${number} is suspended`);
});

test('only a revoked license: denied', async () => {
  const user = await portalUser();
  const number = await license(await person(user), 'revoked', FUTURE);
  denied(await check(user), `${number} is revoked`);
});

test('status active but the expiry date has passed: denied as expired', async () => {
  const user = await portalUser();
  const number = await license(await person(user), 'active', PAST);
  denied(await check(user), `${number} is expired (since ${PAST})`);
  const [view] = await service.licensesOfPortalUser(user.id, TODAY);
  assert.is(view!.status, 'active');
  assert.is(view!.effectiveStatus, 'expired');
});

test('the only license has expired (status expired): denied', async () => {
  const user = await portalUser();
  const number = await license(await person(user), 'expired', PAST, '2023-01-01');
  denied(await check(user), `${number} is expired`);
  denied(await check(user), 'none of your licenses is');
});

test('several licenses, one of them active: allowed', async () => {
  const user = await portalUser();
  const p = await person(user);
  await license(p, 'expired', PAST);
  await license(p, 'revoked', FUTURE);
  await license(p, 'active', PAST); // active in name only
  assert.is((await check(user)).allow, false, 'none counts yet');
  await license(p, 'active', FUTURE);
  assert.equal(await check(user), { allow: true });
});

test('which statuses count is configurable (LICENSEE_PORTAL_STATUSES)', async () => {
  const suspended = await portalUser();
  await license(await person(suspended), 'suspended', FUTURE);
  assert.is((await check(suspended)).allow, false);
  assert.equal(await check(suspended, { LICENSEE_PORTAL_STATUSES: 'active, suspended' }), { allow: true });
  denied(await check(suspended, { LICENSEE_PORTAL_STATUSES: 'active' }), 'is suspended');

  // Counting "expired" lets holders of lapsed licenses in (to ask for a renewal) — including an
  // "active" license past its date; a revoked one still does not count.
  const lapsed = await portalUser();
  await license(await person(lapsed), 'active', PAST);
  assert.equal(await check(lapsed, { LICENSEE_PORTAL_STATUSES: 'active,expired' }), { allow: true });
  const revoked = await portalUser();
  await license(await person(revoked), 'revoked', FUTURE);
  denied(await check(revoked, { LICENSEE_PORTAL_STATUSES: 'active,expired,suspended' }), 'a license that is active, expired or suspended');

  assert.equal(loadLicenseePortalConfig({ LICENSEE_PORTAL_STATUSES: 'Active , SUSPENDED,active' }).countingStatuses, ['active', 'suspended']);
  assert.throws(() => loadLicenseePortalConfig({ LICENSEE_PORTAL_STATUSES: 'active,bogus' }), /LICENSEE_PORTAL_STATUSES/);
  assert.throws(() => loadLicenseePortalConfig({ LICENSEE_PORTAL_STATUSES: ' , ' }), /LICENSEE_PORTAL_STATUSES/);
  assert.throws(() => loadLicenseePortalConfig({ LICENSEE_RENEWAL_WINDOW_DAYS: '0' }), /LICENSEE_RENEWAL_WINDOW_DAYS/);
});

test('the home page lists the licenses with status and expiry; renewal is offered only within the window', async () => {
  const user = await portalUser();
  const p = await person(user);
  const soon = await license(p, 'active', addDays(TODAY, 30));
  const later = await license(p, 'active', addDays(TODAY, 200));
  const home = await licenseePortal(service, loadLicenseePortalConfig({ LICENSEE_RENEWAL_WINDOW_DAYS: '90' }), () => TODAY).home(user);
  assert.is(home.heading, 'My licenses');
  assert.is(home.sections.length, 2);
  const markup = home.sections.map((s) => String(s.html)).join('\n');
  assert.match(markup, soon);
  assert.match(markup, later);
  assert.match(markup, '(in 30 days)');
  // Newest expiry first: the later license comes first and offers no renewal; the soon one does.
  const [first, second] = home.sections.map((s) => String(s.html));
  assert.match(first!, later);
  assert.not.match(first!, 'Request renewal');
  assert.match(second!, 'Request renewal');
  assert.match(home.intro ?? '', 'One license expires within 90 days');
});

test.run();
