import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';
import { ValidationError } from '@portico/core';
import { ConditionSyntaxError, parseFilter, type FieldDef } from '../common/conditions';

/** One condition as exchanged in ConditionXML. */
export interface XmlCondition {
  fieldNo: number;
  filter: string;
}

export const MAX_CONDITION_XML = 256 * 1024;

const ConditionXml = z.object({
  Conds: z.preprocess((v) => (v === '' ? {} : v), z.object({
      C: z
        .array(
          z.object({
            FieldNo: z.string().trim().regex(/^\d{1,9}$/, 'FieldNo must be a positive whole number'),
            Filter: z.string({ error: 'Filter is missing' }),
          }).strict(),
        )
        .max(100, 'at most 100 <C> elements')
        .default([]),
    }, { error: 'Conds must contain only <C> elements' }).strict()),
}, { error: 'The root element must be <Conds>' }).strict();

/**
 * Reads `<Conds><C><FieldNo>1020</FieldNo><Filter>CUST42</Filter></C>…</Conds>` with a real XML
 * parser, then checks the shape (zod) and, when `fields` is given, every FieldNo and Filter
 * against the category's fields. Any problem is a {@link ValidationError} whose field paths name
 * the element (`Conds.C[2].FieldNo`).
 */
export function parseConditionXml(xml: string, fields?: ReadonlyMap<number, FieldDef>): XmlCondition[] {
  if (typeof xml !== 'string' || xml.trim() === '') throw new ValidationError([{ path: 'Conds', message: 'The ConditionXML is empty' }]);
  if (xml.length > MAX_CONDITION_XML) throw new ValidationError([{ path: 'Conds', message: `The ConditionXML is larger than ${MAX_CONDITION_XML} bytes` }]);
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new ValidationError([{ path: 'Conds', message: 'DOCTYPE and entity declarations are not allowed' }]);
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new ValidationError([{ path: 'Conds', message: `Malformed XML at line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg}` }]);
  }
  let doc: unknown;
  try {
    doc = new XMLParser({
      ignoreAttributes: true,
      parseTagValue: false,
      trimValues: false,
      ignoreDeclaration: true,
      ignorePiTags: true,
      isArray: (name, jpath) => jpath === 'Conds.C',
    }).parse(xml);
  } catch (error) {
    throw new ValidationError([{ path: 'Conds', message: `Malformed XML: ${(error as Error).message}` }]);
  }
  // Whitespace-only text between elements is not content.
  const cleaned = stripWhitespaceText(doc);
  const parsed = ConditionXml.safeParse(cleaned);
  if (!parsed.success) {
    throw new ValidationError(parsed.error.issues.map((i) => ({ path: xmlPath(i.path), message: i.message })));
  }
  const cs = parsed.data.Conds.C;
  const out = cs.map((c) => ({ fieldNo: Number(c.FieldNo.trim()), filter: c.Filter }));
  if (fields) {
    const errors = validateConditions(out, fields, (i, part) => `Conds.C[${i + 1}].${part}`);
    if (errors.length) throw new ValidationError(errors);
  }
  return out;
}

/** Checks each condition's field and filter; `path(i, 'FieldNo' | 'Filter')` names the offender. */
export function validateConditions(
  conditions: readonly XmlCondition[],
  fields: ReadonlyMap<number, FieldDef>,
  path: (index: number, part: 'FieldNo' | 'Filter') => string,
): Array<{ path: string; message: string }> {
  const errors: Array<{ path: string; message: string }> = [];
  conditions.forEach((c, i) => {
    const field = fields.get(c.fieldNo);
    if (!field) return void errors.push({ path: path(i, 'FieldNo'), message: `Unknown field ${c.fieldNo}: the search's category has no such field` });
    try {
      parseFilter(c.filter, field);
    } catch (error) {
      if (!(error instanceof ConditionSyntaxError)) throw error;
      errors.push({ path: path(i, 'Filter'), message: error.message });
    }
  });
  return errors;
}

const escapeXml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

/** Writes ConditionXML (the inverse of {@link parseConditionXml}). */
export function formatConditionXml(conditions: readonly XmlCondition[]): string {
  const cs = conditions.map((c) => `<C><FieldNo>${c.fieldNo}</FieldNo><Filter>${escapeXml(c.filter)}</Filter></C>`).join('');
  return `<Conds>${cs}</Conds>`;
}

function xmlPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p + 1}]` : `${out ? '.' : ''}${String(p)}`;
  return out || 'Conds';
}

function stripWhitespaceText(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripWhitespaceText);
  if (v && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (k === '#text' && typeof x === 'string' && x.trim() === '') continue;
      o[k] = k === 'Filter' || k === 'FieldNo' ? x : stripWhitespaceText(x);
    }
    // An element whose only content was whitespace becomes ''.
    return Object.keys(o).length === 0 && Object.keys(v).length > 0 ? '' : o;
  }
  if (typeof v === 'string' && v.trim() === '') return '';
  return v;
}
