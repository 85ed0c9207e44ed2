import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { evaluateAll, formatFilter, parseFilter, type FieldDef, type FieldFilter, type FieldType, type Term } from '../src/common/conditions';
import { PNG, ctx, harness, type Harness } from './helpers';

let h: Harness;
let next = 100;
test.before(async () => { h = await harness(); });
test.after(async () => { await h.db.cleanup(); });

const TEXTS = ['Moya River Trading', 'moya', 'Acme', 'ACME Ltd', 'a;b', 'x*y', 'Zed', 'a_b%c'];
const DATES = ['2018-01-31', '2018-02-01', '2018-02-14', '2018-02-28', '2018-03-01'];
const NUMS = [-2, 0, 1, 1.5, 10, 20, 250.25];
const CHOICES = ['open', 'paid', 'void'];

const typeArb = fc.constantFrom<FieldType>('text', 'number', 'date', 'choice');
const valueArb = (t: FieldType): fc.Arbitrary<string | number> =>
  t === 'number' ? fc.constantFrom(...NUMS) : t === 'date' ? fc.constantFrom(...DATES) : t === 'choice' ? fc.constantFrom(...CHOICES) : fc.constantFrom(...TEXTS);

const likeArb = fc.array(fc.oneof(fc.constantFrom('mo', 'a', 'M', 'acme', ';', '_', '%', ' ').map((v) => ({ t: 'lit' as const, v })), fc.constant({ t: 'any' as const }), fc.constant({ t: 'one' as const })), { minLength: 1, maxLength: 4 })
  .filter((parts) => parts.some((p) => p.t !== 'lit'));

function termArb(t: FieldType): fc.Arbitrary<Term> {
  const base: fc.Arbitrary<Term>[] = [fc.constant({ kind: 'empty' }), fc.constant({ kind: 'notEmpty' }), valueArb(t).map((value) => ({ kind: 'eq', value }))];
  if (t === 'text' || t === 'choice') base.push(likeArb.map((parts) => ({ kind: 'like', parts })));
  if (t === 'number' || t === 'date') {
    base.push(fc.tuple(fc.option(valueArb(t), { nil: undefined }), fc.option(valueArb(t), { nil: undefined }))
      .filter(([a, b]) => a !== undefined || b !== undefined)
      .map(([a, b]) => (a !== undefined && b !== undefined && a > b ? [b, a] : [a, b]))
      .map(([min, max]) => ({ kind: 'range', ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) }) as Term));
  }
  return fc.oneof(...base);
}

const scenarioArb = fc
  .array(typeArb, { minLength: 1, maxLength: 4 })
  .chain((types) => {
    const fields: FieldDef[] = types.map((type, i) => ({ fieldNo: 1000 + i * 10, type, name: `F${i}`, ...(type === 'choice' ? { choices: CHOICES } : {}) }));
    const docArb = fc.tuple(...fields.map((f) => fc.option(valueArb(f.type), { nil: undefined, freq: 4 })));
    const filterArb = fc.integer({ min: 0, max: fields.length - 1 }).chain((i) => fc.array(termArb(fields[i]!.type), { minLength: 1, maxLength: 3 }).map((terms) => ({ fieldNo: fields[i]!.fieldNo, type: fields[i]!.type, terms }) as FieldFilter));
    return fc.record({
      fields: fc.constant(fields),
      docs: fc.array(docArb, { maxLength: 10 }),
      otherDocs: fc.array(docArb, { maxLength: 3 }),
      conditions: fc.array(filterArb, { maxLength: 2 }),
      userFilters: fc.array(filterArb, { maxLength: 2 }),
      sort: fc.option(fc.record({ i: fc.integer({ min: 0, max: fields.length - 1 }), dir: fc.constantFrom<'asc' | 'desc'>('asc', 'desc') }), { nil: undefined }),
      defaultSort: fc.option(fc.record({ i: fc.integer({ min: 0, max: fields.length - 1 }), dir: fc.constantFrom<'asc' | 'desc'>('asc', 'desc') }), { nil: undefined }),
      limit: fc.integer({ min: 1, max: 4 }),
    });
  });

const keyOf = (type: FieldType, v: unknown): string | number | null => (type === 'number' ? (typeof v === 'number' ? v : null) : typeof v === 'string' && v !== '' ? v : null);

test('search = in-memory evaluation of the conditions (rows, order, every page by offset and by keyset cursor, total); downloads outside → 404', async () => {
  await fc.assert(
    fc.asyncProperty(scenarioArb, async (s) => {
      const ctgryNo = next++, otherCtgry = next++, queryNo = next++;
      const fieldsInput = s.fields.map((f) => ({ fieldNo: f.fieldNo, name: f.name!, type: f.type, ...(f.choices ? { choices: [...f.choices] } : {}) }));
      await h.catalog.putCategory(ctgryNo, { name: `C${ctgryNo}`, fields: fieldsInput }, ctx);
      await h.catalog.putCategory(otherCtgry, { name: `C${otherCtgry}`, fields: fieldsInput }, ctx);
      const ds = s.defaultSort ? { fieldNo: s.fields[s.defaultSort.i]!.fieldNo, dir: s.defaultSort.dir } : null;
      await h.catalog.putSearch(queryNo, { ctgryNo, name: 'Q', columns: s.fields.map((f) => f.fieldNo), sort: ds }, ctx);
      const created: Array<{ id: string; fileId: string; data: Record<string, string | number>; createdAt: number }> = [];
      const make = async (ct: number, values: Array<string | number | undefined>) => {
        const data = Object.fromEntries(values.flatMap((v, i) => (v === undefined ? [] : [[String(s.fields[i]!.fieldNo), v]])));
        const doc = await h.service.createDocument(ct, data, [{ name: 'a.png', bytes: PNG }], ctx);
        return { id: doc.id, fileId: doc.files[0]!.id, data: doc.indexData };
      };
      for (const d of s.docs) created.push({ ...(await make(ctgryNo, d)), createdAt: 0 });
      const others = [];
      for (const d of s.otherDocs) others.push(await make(otherCtgry, d));
      const times = await h.db.rows<{ id: string; t: string }>((await import('drizzle-orm')).sql`select id, (extract(epoch from created_at) * 1000000)::bigint::text as t from documents where ctgry_no = ${ctgryNo}`);
      for (const c of created) c.createdAt = Number(times.find((t) => t.id === c.id)!.t);

      const user = randomUUID();
      // Conditions are stored as text and round-trip through the parser.
      await h.service.setAssignments(user, { assignments: [{ queryNo, conditions: s.conditions.map((f) => ({ fieldNo: f.fieldNo, filter: formatFilter(f) })) }] }, ctx);
      const byNo = new Map(s.fields.map((f) => [f.fieldNo, f]));
      const conds = s.conditions.map((f) => parseFilter(formatFilter(f), byNo.get(f.fieldNo)!));
      const own = s.userFilters.map((f) => parseFilter(formatFilter(f), byNo.get(f.fieldNo)!));
      const filters: Record<string, string> = {};
      // Two user filters on one field: the request carries one per field, so keep the last.
      for (const f of s.userFilters) filters[String(f.fieldNo)] = formatFilter(f);
      const ownEffective = own.filter((f, i) => own.findLastIndex((g) => g.fieldNo === f.fieldNo) === i);

      const sort = s.sort ? { fieldNo: s.fields[s.sort.i]!.fieldNo, dir: s.sort.dir } : ds;
      const expected = created
        .filter((d) => evaluateAll(conds, d.data) && evaluateAll(ownEffective, d.data))
        .sort((a, b) => {
          if (sort) {
            const type = byNo.get(sort.fieldNo)!.type;
            const x = keyOf(type, a.data[String(sort.fieldNo)]), y = keyOf(type, b.data[String(sort.fieldNo)]);
            if (x === null && y !== null) return 1;
            if (y === null && x !== null) return -1;
            if (x !== null && y !== null && x !== y) return (x < y ? -1 : 1) * (sort.dir === 'desc' ? -1 : 1);
          } else if (a.createdAt !== b.createdAt) return b.createdAt - a.createdAt;
          return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
        })
        .map((d) => d.id);

      const got: string[] = [];
      for (let offset = 0; offset <= expected.length; offset += s.limit) {
        const page = await h.service.search(user, queryNo, { filters, ...(s.sort ? { sort } : {}), limit: s.limit, offset });
        assert.is(page.total, expected.length, 'total');
        assert.equal(page.rows.map((r) => r.id), expected.slice(offset, offset + s.limit), `page at ${offset}`);
        got.push(...page.rows.map((r) => r.id));
      }
      assert.equal(got, expected);
      // Keyset paging walks the same rows in the same order, with the same exact total.
      const walked: string[] = [];
      let after: string | undefined;
      for (let i = 0; i <= expected.length; i++) {
        const page = await h.service.search(user, queryNo, { filters, ...(s.sort ? { sort } : {}), limit: s.limit, ...(after ? { after } : {}) });
        assert.is(page.total, expected.length, 'keyset total');
        walked.push(...page.rows.map((r) => r.id));
        if (!page.nextCursor) break;
        after = page.nextCursor;
      }
      assert.equal(walked, expected, 'keyset pages');

      const visible = new Set(created.filter((d) => evaluateAll(conds, d.data)).map((d) => d.id));
      for (const d of [...created, ...others]) {
        const ok = await h.service.download(user, d.id, d.fileId).then(() => true, (e) => { assert.is(e.status, 404); return false; });
        assert.is(ok, visible.has(d.id), `download of ${JSON.stringify(d.data)}`);
      }
      // Another user, and a search not assigned, see nothing.
      await h.service.search(randomUUID(), queryNo, {}).then(() => assert.unreachable('unassigned search'), (e) => assert.is(e.status, 404));
    }),
    { numRuns: Number(process.env.DOCUMENTS_PBT_RUNS ?? 30), seed: process.env.DOCUMENTS_PBT_SEED ? Number(process.env.DOCUMENTS_PBT_SEED) : undefined },
  );
});

test.run();
