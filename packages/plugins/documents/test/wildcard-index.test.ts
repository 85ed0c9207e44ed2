/**
 * Wildcard terms get a trigram prefilter on `index_data::text` (condition-sql.ts trigramHint).
 * It must never drop a match: text with characters JSON escapes (quotes, backslashes), LIKE
 * metacharacters (% _), non-ASCII and case differences, counted through SQL (live count and a
 * user's search) and compared with the in-memory evaluation.
 */
import { randomUUID } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { evaluateFilter, parseFilter, type FieldDef } from '../src/common/conditions';
import { trigramHint } from '../src/node/condition-sql';
import { PDF, ctx, harness, type Harness } from './helpers';

let h: Harness;
const field: FieldDef = { fieldNo: 1020, type: 'text' };
const VALUES = [
  'Moya River Trading', 'MOYA river trading', 'moyA', 'The Moya Company', '50% off_deal', '50 percent offXdeal', 'Quote "Moya" Ltd',
  'Back\\slash Moya', 'Ünïcode Straße GmbH', 'ünïcode strasse', 'River', 'Riverside Moya', 'Mo', 'x',
];
const FILTERS = ['Moya*', 'moya*', '*river*', '*River Trading', 'Moya*Trading', '50% off*', '50\\% off*', '*off_deal', '*off\\_deal', 'Quote "Moya*', '*"Moya"*', 'Back\\\\slash*', 'Ünïcode*', '*straße*', '*STRASSE', 'Mo?a*', '*iver*', 'M*', '*a*'];

test.before(async () => {
  h = await harness();
  await h.catalog.putCategory(1, { name: 'Texts', fields: [{ fieldNo: 1020, name: 'Company', type: 'text' }] }, ctx);
  await h.catalog.putSearch(1, { ctgryNo: 1, name: 'All', columns: [1020] }, ctx);
  for (const v of VALUES) await h.service.createDocument(1, { 1020: v }, [{ name: 'a.pdf', bytes: PDF }], ctx);
});
test.after(async () => { await h.db.cleanup(); });

test('hints: the longest literal part; none when too short or JSON-escaped', () => {
  const parts = (f: string) => { const t = parseFilter(f, field).terms[0]!; return t.kind === 'like' ? t.parts : []; };
  assert.is(trigramHint(parts('Moya*')), '%Moya%');
  assert.is(trigramHint(parts('*river*')), '%river%');
  assert.is(trigramHint(parts('Mo*River Trading')), '%River Trading%');
  assert.is(trigramHint(parts('50% off*')), '%50\\% off%');
  assert.is(trigramHint(parts('Mo?a*')), undefined);
  assert.is(trigramHint(parts('Quote "Moya*')), undefined);
  assert.is(trigramHint(parts('*"Moya"*')), undefined);
});

test('the prefilter never drops a match (live count and a user search = in-memory evaluation)', async () => {
  for (const filter of FILTERS) {
    const parsed = parseFilter(filter, field);
    const expected = VALUES.filter((v) => evaluateFilter(parsed, { 1020: v })).length;
    const { total } = await h.service.countMatching(1, { conditions: [{ fieldNo: 1020, filter }] });
    assert.is(total, expected, `count ${filter}`);
    const user = randomUUID();
    await h.service.setAssignments(user, { assignments: [{ queryNo: 1, conditions: [{ fieldNo: 1020, filter }] }] }, ctx);
    const page = await h.service.search(user, 1, { limit: 200 });
    assert.is(page.total, expected, `search ${filter}`);
    assert.equal(page.rows.map((r) => r.values['1020']).sort(), VALUES.filter((v) => evaluateFilter(parsed, { 1020: v })).sort(), `rows ${filter}`);
  }
});

test.run();
