import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ValidationError } from '@portico/core';
import { ConditionSyntaxError, evaluateFilter, formatFilter, parseFilter, type FieldDef } from '../src/common/conditions';
import { formatConditionXml, parseConditionXml } from '../src/node/condition-xml';

const text: FieldDef = { fieldNo: 1020, type: 'text' };
const num: FieldDef = { fieldNo: 1040, type: 'number' };
const date: FieldDef = { fieldNo: 1030, type: 'date' };
const fields = new Map<number, FieldDef>([[1020, text], [1030, date], [1040, num]]);

test('syntax examples', () => {
  assert.ok(evaluateFilter(parseFilter('Moya*', text), { 1020: 'Moya River Trading' }));
  assert.ok(evaluateFilter(parseFilter('moya*', text), { 1020: 'Moya River Trading' }));
  assert.not.ok(evaluateFilter(parseFilter('Moya', text), { 1020: 'Moya River Trading' }));
  assert.ok(evaluateFilter(parseFilter('A;B;C', text), { 1020: 'B' }));
  assert.ok(evaluateFilter(parseFilter('a\\;b', text), { 1020: 'a;b' }));
  assert.ok(evaluateFilter(parseFilter('2018-02-01..2018-02-28', date), { 1030: '2018-02-28' }));
  assert.not.ok(evaluateFilter(parseFilter('2018-02-01..2018-02-28', date), { 1030: '2018-03-01' }));
  assert.ok(evaluateFilter(parseFilter('..20', num), { 1040: -5 }));
  assert.ok(evaluateFilter(parseFilter('=', num), {}));
  assert.ok(evaluateFilter(parseFilter('*', text), { 1020: 'x' }));
  assert.not.ok(evaluateFilter(parseFilter('*', text), {}));
});

test('bad filters name the field and the term', () => {
  for (const [f, field] of [['', text], ['a;;b', text], ['abc', num], ['20..10', num], ['2018-02-30', date], ['..', date], ['x\\', text]] as const) {
    try { parseFilter(f, field); assert.unreachable(f); } catch (e) { assert.instance(e, ConditionSyntaxError); assert.match((e as Error).message, `Field ${field.fieldNo}`); }
  }
  assert.throws(() => parseFilter('closed', { fieldNo: 5, type: 'choice', choices: ['open'] }), /not one of the choices/);
});

test('spaces at the ends of a term survive format ∘ parse when escaped (found by the property below)', () => {
  for (const value of [' !', 'a ', ' ', '  ', ' a b ', '\\ ', 'x\t']) {
    const ast = { fieldNo: text.fieldNo, type: text.type, terms: [{ kind: 'eq' as const, value }] };
    assert.equal(parseFilter(formatFilter(ast), text), ast, JSON.stringify(value));
  }
  assert.equal(parseFilter('\\ !', text).terms, [{ kind: 'eq', value: ' !' }]);
  assert.equal(parseFilter('  ab  ', text).terms, [{ kind: 'eq', value: 'ab' }], 'unescaped spaces are still trimmed');
  assert.equal(parseFilter('ab\\ ;c', text).terms, [{ kind: 'eq', value: 'ab ' }, { kind: 'eq', value: 'c' }]);
  assert.equal(parseFilter(' *x ', text).terms, [{ kind: 'like', parts: [{ t: 'any' }, { t: 'lit', v: 'x' }] }]);
});

test('format ∘ parse round-trips for any text', () => {
  fc.assert(fc.property(fc.string({ maxLength: 30 }), (s) => {
    let ast;
    try { ast = parseFilter(s, text); } catch (e) { assert.instance(e, ConditionSyntaxError); return; }
    assert.equal(parseFilter(formatFilter(ast), text), ast);
  }), { numRuns: 500 });
});

test('ConditionXML round-trips', () => {
  // eslint-disable-next-line no-control-regex -- XML 1.0 cannot carry these characters, so they are left out
  fc.assert(fc.property(fc.array(fc.record({ fieldNo: fc.integer({ min: 1, max: 99999 }), filter: fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== '' && !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udfff]/.test(s) && s === s.trim()) }), { maxLength: 5 }), (cs) => {
    assert.equal(parseConditionXml(formatConditionXml(cs)), cs.map((c) => ({ ...c })));
  }), { numRuns: 300 });
  assert.equal(parseConditionXml('<?xml version="1.0"?>\n<Conds>\n  <C><FieldNo>1020</FieldNo><Filter>CUST42</Filter></C>\n</Conds>'), [{ fieldNo: 1020, filter: 'CUST42' }]);
});

test('malformed ConditionXML or unknown fields: ValidationError naming the element', () => {
  const cases: Array<[string, RegExp]> = [
    ['<Conds><C><FieldNo>1020</FieldNo><Filter>x</Filter></Conds>', /Malformed XML/],
    ['<Conds><C><FieldNo>9999</FieldNo><Filter>x</Filter></C></Conds>', /Conds\.C\[1\]\.FieldNo.*Unknown field 9999/],
    ['<Conds><C><FieldNo>1040</FieldNo><Filter>abc</Filter></C></Conds>', /Conds\.C\[1\]\.Filter.*not a number/],
    ['<Conds><C><FieldNo>x</FieldNo><Filter>a</Filter></C></Conds>', /FieldNo/],
    ['<Conds><C><Filter>a</Filter></C></Conds>', /FieldNo/],
    ['<Other/>', /Other|Conds/],
    ['<!DOCTYPE a [<!ENTITY x "y">]><Conds/>', /DOCTYPE/],
    ['', /empty/],
  ];
  for (const [xml, re] of cases) {
    try { parseConditionXml(xml, fields); assert.unreachable(xml); } catch (e) {
      assert.instance(e, ValidationError, xml);
      assert.match(`${(e as ValidationError).fields.map((f) => `${f.path}: ${f.message}`).join('; ')}`, re, xml);
    }
  }
});

test('fuzzed XML and filters never throw anything but a 4xx error', () => {
  const xmlish = fc.array(fc.constantFrom('<Conds>', '</Conds>', '<C>', '</C>', '<FieldNo>', '</FieldNo>', '<Filter>', '</Filter>', '1020', '1030', '..', ';', '*', '&amp;', '&', '<', '<![CDATA[x]]>', '<!--c-->', ' ', 'abc', '<?xml version="1.0"?>', '<Filter/>'), { maxLength: 14 }).map((a) => a.join(''));
  fc.assert(fc.property(fc.oneof(xmlish, fc.string({ maxLength: 60 })), (xml) => {
    try { parseConditionXml(xml, fields); } catch (e) { assert.instance(e, ValidationError, `${xml}: ${(e as Error).stack}`); assert.ok((e as ValidationError).status < 500); }
  }), { numRuns: 2000 });
  fc.assert(fc.property(fc.string({ maxLength: 40 }), fc.constantFrom(text, num, date), (s, f) => {
    try { parseFilter(s, f); } catch (e) { assert.instance(e, ConditionSyntaxError); }
  }), { numRuns: 2000 });
});

test.run();
