import { randomBytes, randomInt } from 'node:crypto';
import { entityPrivilege, modulePrivilege } from '@portico/access/common';
import { GroupDirectory, StaffDirectory } from '@portico/plugin-security/node';
import { PORTAL_USER_ENTITY } from '@portico/plugin-portal/common';
import { portalUsers } from '@portico/plugin-portal/node';
import type { Workbench } from './workbench';

/** What `portico demo load` made (and what it found already there and left alone). */
export interface DemoLoadResult {
  groups: { created: string[]; existing: string[] };
  staff: { created: Array<{ name: string; email: string; group: string }>; existing: string[] };
  /** The password of every staff user created by this run (shown once, never stored in clear). */
  password?: string;
  portalUsers: { created: number; existing: number };
}

const ACTOR = { actor: { kind: 'system', id: 'demo-data', name: 'Demo data' } };

export const DEMO_GROUPS = [
  {
    name: 'Licensing Officers',
    description: 'Demo: manage portal users (Security module; read, write and create Portal Users).',
    privileges: [modulePrivilege('security'), ...(['read', 'write', 'create'] as const).map((a) => entityPrivilege(PORTAL_USER_ENTITY, a))],
  },
  {
    name: 'Auditors',
    description: 'Demo: read the audit log.',
    privileges: [modulePrivilege('security'), entityPrivilege('audit_log', 'read')],
  },
] as const;

export const DEMO_STAFF = [
  { name: 'Aoife Brennan', email: 'aoife.brennan@demo.portico.test', group: 'Licensing Officers' },
  { name: 'Kwame Mensah', email: 'kwame.mensah@demo.portico.test', group: 'Licensing Officers' },
  { name: 'Lucia Romero', email: 'lucia.romero@demo.portico.test', group: 'Licensing Officers' },
  { name: 'Declan Nolan', email: 'declan.nolan@demo.portico.test', group: 'Auditors' },
] as const;

const FIRST = ['Aisling', 'Amara', 'Ana', 'Arjun', 'Brendan', 'Chiara', 'Ciara', 'Conor', 'Daniel', 'David', 'Declan', 'Elena', 'Emma', 'Eoin', 'Fatima', 'Fionn', 'Grace', 'Hannah', 'Hiroshi', 'Isabella', 'Ivan', 'James', 'Jennifer', 'John', 'Katarzyna', 'Liam', 'Lukas', 'Maria', 'Mary', 'Mateo', 'Mei', 'Michael', 'Muhammad', 'Niamh', 'Ngozi', 'Olivia', 'Omar', 'Patrick', 'Piotr', 'Priya', 'Rahul', 'Roisin', 'Sarah', 'Sean', 'Siobhan', 'Sipho', 'Sofia', 'Thomas', 'Wei', 'Yusuf', 'Zofia'];
const LAST = ['Abubakar', 'Bianchi', 'Brennan', 'Brown', 'Byrne', 'Chen', 'Cohen', 'Doherty', 'Doyle', 'Dubois', 'Fernandez', 'Fischer', 'Fitzgerald', 'Gallagher', 'Garcia', 'Gupta', 'Haddad', 'Hassan', 'Ivanova', 'Kavanagh', 'Kelly', 'Kennedy', 'Kim', 'Kowalski', 'Kumar', 'Lynch', 'McCarthy', 'Mensah', 'Moreau', 'Murphy', 'Nguyen', 'Nolan', 'Nowak', 'OBrien', 'OConnor', 'Okafor', 'Patel', 'Quinn', 'Rossi', 'Ryan', 'Sharma', 'Silva', 'Singh', 'Smith', 'Suzuki', 'Tanaka', 'Walsh', 'Weber', 'Wilson', 'Yamamoto'];
const DOMAINS = ['gmail.com', 'outlook.com', 'yahoo.co.uk', 'icloud.com', 'eircom.net', 'hotmail.com', 'protonmail.com', 'tcd.ie', 'ucd.ie', 'hse.ie', 'kpmg.ie', 'lawsociety.ie', 'example.org'];
const DAY = 86_400_000;

/** A demo password: long and random, so the password policy accepts it. */
function demoPassword(): string {
  return `demo-${randomBytes(12).toString('base64url')}`;
}

/** `count` realistic portal users; e-mails and user names unique within the set (and stable for a given index). */
export function demoPortalUsers(count: number, now = Date.now()): Array<typeof portalUsers.$inferInsert> {
  return Array.from({ length: count }, (_, i) => {
    const first = FIRST[i % FIRST.length]!;
    const last = LAST[(Math.floor(i / FIRST.length) + i * 7) % LAST.length]!;
    const suffix = Math.floor(i / (FIRST.length * LAST.length)) * 100 + (i % 97);
    const email = `${first}.${last}${suffix}@${DOMAINS[(i * 5) % DOMAINS.length]}`.toLowerCase();
    const createdAt = new Date(now - (count - i) * (3 * DAY / Math.max(1, count / 100)) - randomInt(3_600_000));
    const active = i % 10 < 7;
    return {
      email,
      userName: i % 3 === 0 ? `${first[0]}${last}${suffix}`.toLowerCase() : null,
      displayName: `${first} ${last}`,
      onlineAccessDisabled: i % 23 === 0,
      mustChangePassword: i % 19 === 0,
      // No usable password: demo portal users sign in after "Reset access" like any invited user.
      passwordHash: null,
      authFailureCount: i % 41 === 0 ? 3 : 0,
      emailVerifiedAt: active ? new Date(createdAt.getTime() + 3_600_000) : null,
      lastSignInAt: active ? new Date(Math.min(now, createdAt.getTime() + randomInt(1, 90) * DAY)) : null,
      invitedAt: createdAt,
      createdByName: 'Demo data',
      createdById: 'demo-data',
      createdAt,
      updatedAt: createdAt,
    };
  });
}

/**
 * Loads the demo set into a started workbench's database: the demo groups, staff users in
 * them (one generated password for all, returned to be printed once) and `portalUserCount`
 * portal users. Whatever exists already (same group name, staff e-mail or portal e-mail) is
 * left as it is, so it can run more than once.
 */
export async function loadDemoData(workbench: Workbench, options: { portalUsers?: number } = {}): Promise<DemoLoadResult> {
  const count = options.portalUsers ?? 200;
  if (!Number.isInteger(count) || count < 0 || count > 1_000_000) throw new RangeError('--portal-users must be a whole number from 0 to 1,000,000');
  const container = workbench.kernel.container;
  const groupDir = container.get<GroupDirectory>(GroupDirectory);
  const staffDir = container.get<StaffDirectory>(StaffDirectory);
  const db = workbench.db.db;
  const result: DemoLoadResult = { groups: { created: [], existing: [] }, staff: { created: [], existing: [] }, portalUsers: { created: 0, existing: 0 } };

  const groupIds = new Map<string, string>();
  const existingGroups = await groupDir.list();
  for (const g of DEMO_GROUPS) {
    const found = existingGroups.find((e) => e.name.toLowerCase() === g.name.toLowerCase());
    if (found) {
      groupIds.set(g.name, found.id);
      result.groups.existing.push(g.name);
      continue;
    }
    const created = await groupDir.create({ name: g.name, description: g.description, grants: g.privileges.map((privilege) => ({ privilege, scope: 'all' as const })) }, ACTOR);
    groupIds.set(g.name, created.id);
    result.groups.created.push(g.name);
  }

  const password = demoPassword();
  for (const s of DEMO_STAFF) {
    if (await staffDir.findByEmail(s.email)) {
      result.staff.existing.push(s.email);
      continue;
    }
    await staffDir.create({ name: s.name, email: s.email, password, disabled: false, groupIds: [groupIds.get(s.group)!] }, ACTOR);
    result.staff.created.push({ ...s });
  }
  if (result.staff.created.length) result.password = password;

  const users = demoPortalUsers(count);
  for (let i = 0; i < users.length; i += 1000) {
    const batch = users.slice(i, i + 1000);
    const inserted = await db.insert(portalUsers).values(batch).onConflictDoNothing().returning({ id: portalUsers.id });
    result.portalUsers.created += inserted.length;
    result.portalUsers.existing += batch.length - inserted.length;
  }
  return result;
}
