import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { and, asc, count, sql } from 'drizzle-orm';
import { integer, pgTable, text } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { createTestDatabase, type TestDatabase } from '@portico/db/testing';
import { PrivilegeSet, RowAccessResolver, entityPrivilege, type Principal, type RowRule } from '../src/index';

const cases = pgTable('access_test_cases', {
  id: integer('id').primaryKey(),
  region: text('region').notNull(),
  ownerId: text('owner_id').notNull(),
});

const inRegion: RowRule<{ region: string }> = {
  id: 'in-region', entity: 'case', description: 'Cases of one region',
  params: z.object({ region: z.string().min(1) }),
  toSql: ({ params }) => sql`${cases.region} = ${params.region}`,
  apply: (row, { params }) => row.region === params.region,
};
const ownCases: RowRule<Record<string, never>> = {
  id: 'own', entity: 'case', description: 'Cases the user owns',
  params: z.object({}),
  toSql: ({ principal }) => sql`${cases.ownerId} = ${principal.id}`,
  apply: (row, { principal }) => row.ownerId === principal.id,
};
const resolver = new RowAccessResolver([inRegion as RowRule, ownCases as RowRule]);
const principal = (id: string, grants: ConstructorParameters<typeof PrivilegeSet>[0]): Principal => ({
  kind: 'staff', id, displayName: id, privileges: new PrivilegeSet(grants),
});

let db: TestDatabase;
const regions = ['north', 'south', 'east', 'west'];
const rows = Array.from({ length: 237 }, (_, i) => ({ id: i + 1, region: regions[(i * 7) % 4]!, ownerId: `u${i % 5}` }));

test.before(async () => {
  db = await createTestDatabase({ migrations: [] });
  await db.db.execute(sql`create table access_test_cases (id integer primary key, region text not null, owner_id text not null)`);
  await db.db.insert(cases).values(rows);
});
test.after(async () => db?.cleanup());

/** Reads every page of 20 through SQL with the access filter; returns ids and the count. */
async function pagedIds(p: Principal): Promise<{ ids: number[]; total: number }> {
  const access = resolver.resolve(p, 'case', 'read');
  if (access.kind === 'none') return { ids: [], total: 0 };
  const where = access.kind === 'filter' ? access.where : undefined;
  const [{ n }] = (await db.db.select({ n: count() }).from(cases).where(where)) as [{ n: number }];
  const ids: number[] = [];
  for (let lastId = 0; ; ) {
    const page = await db.db.select({ id: cases.id }).from(cases).where(and(where, sql`${cases.id} > ${lastId}`)).orderBy(asc(cases.id)).limit(20);
    if (!page.length) break;
    ids.push(...page.map((r) => r.id));
    lastId = page.at(-1)!.id;
  }
  return { ids, total: Number(n) };
}

test('a rule-scoped grant becomes a SQL filter: pages and count match the in-memory rule exactly', async () => {
  const p = principal('u2', [
    { privilege: entityPrivilege('case', 'read'), scope: { rule: 'in-region', params: { region: 'east' } } },
    { privilege: entityPrivilege('case', 'read'), scope: { rule: 'own' } },
  ]);
  const expected = rows.filter((r) => resolver.allows(p, 'case', 'read', r)).map((r) => r.id);
  assert.ok(expected.length > 20 && expected.length < rows.length, 'the rule selects several pages but not everything');
  const { ids, total } = await pagedIds(p);
  assert.equal(ids, expected);
  assert.is(total, expected.length);
});

test('a grant for all records wins over rule-scoped grants of the same privilege', async () => {
  const p = principal('u1', [
    { privilege: entityPrivilege('case', 'read'), scope: { rule: 'own' } },
    { privilege: entityPrivilege('case', 'read'), scope: 'all' },
  ]);
  assert.equal(resolver.resolve(p, 'case', 'read'), { kind: 'all' });
  assert.is((await pagedIds(p)).total, rows.length);
});

test('no grant, an unknown rule or bad rule parameters give no rows (fail closed)', async () => {
  assert.is(resolver.resolve(principal('u1', []), 'case', 'read').kind, 'none');
  const unknownRule = principal('u1', [{ privilege: entityPrivilege('case', 'read'), scope: { rule: 'nope' } }]);
  assert.is(resolver.resolve(unknownRule, 'case', 'read').kind, 'none');
  const badParams = principal('u1', [{ privilege: entityPrivilege('case', 'read'), scope: { rule: 'in-region', params: { region: '' } } }]);
  assert.is(resolver.resolve(badParams, 'case', 'read').kind, 'none');
  assert.not.ok(resolver.allows(badParams, 'case', 'read', rows[0]!));
});

test('rule parameters are validated before a grant is saved, naming the field', () => {
  assert.throws(() => resolver.validateScope('case', { rule: 'in-region', params: {} }), /scope\.params\.region/);
  assert.throws(() => resolver.validateScope('case', { rule: 'everything' }), /unknown rule "everything"/);
  resolver.validateScope('case', { rule: 'in-region', params: { region: 'north' } });
});

test('a rule value cannot inject SQL: it is a bound parameter', async () => {
  const p = principal('u1', [{ privilege: entityPrivilege('case', 'read'), scope: { rule: 'in-region', params: { region: "east' or '1'='1" } } }]);
  assert.is((await pagedIds(p)).total, 0);
});

test.run();
