/**
 * The condition language: one filter string per index field, parsed by field type into an AST,
 * evaluated in memory here and compiled to SQL in `src/node/condition-sql.ts` (the two must agree;
 * the property-based test checks that they do).
 *
 * Syntax (a filter is one or more terms separated by `;`, any of which may match):
 *
 * | term                     | text / choice                         | number            | date (YYYY-MM-DD)        |
 * |--------------------------|---------------------------------------|-------------------|--------------------------|
 * | `=`                      | empty                                 | empty             | empty                    |
 * | `*`                      | not empty                             | not empty         | not empty                |
 * | `Moya River Trading`     | exactly this (case-sensitive)         | —                 | —                        |
 * | `Moya*`, `INV-2018-0?`   | wildcard: `*` any run, `?` one char, case-insensitive | — | —                        |
 * | `42`, `-1.5`             | —                                     | equal             | —                        |
 * | `2018-02-14`             | —                                     | —                 | that day                 |
 * | `10..20`, `..20`, `10..` | —                                     | inclusive range   | inclusive range          |
 * | `A;B;C`                  | list: any of the terms                | any of the terms  | any of the terms         |
 *
 * Terms are trimmed. In text terms `\` escapes the next character (`\;`, `\*`, `\?`, `\\`, `\=`, and
 * `\ ` for a space at either end of a term, which trimming would drop).
 * An empty term, a malformed number or date, a range with min > max, or a choice that is not one
 * of the field's choices is an error naming the field and the term.
 */

export type FieldType = 'text' | 'number' | 'date' | 'choice';
export const FIELD_TYPES: readonly FieldType[] = ['text', 'number', 'date', 'choice'];

export interface FieldDef {
  fieldNo: number;
  name?: string;
  type: FieldType;
  choices?: readonly string[] | null;
}

export type LikePart = { t: 'lit'; v: string } | { t: 'any' } | { t: 'one' };
export type Term =
  | { kind: 'empty' }
  | { kind: 'notEmpty' }
  | { kind: 'eq'; value: string | number }
  | { kind: 'like'; parts: LikePart[] }
  | { kind: 'range'; min?: string | number; max?: string | number };

/** A parsed filter on one field: true when any of its terms matches. */
export interface FieldFilter {
  fieldNo: number;
  type: FieldType;
  terms: Term[];
}

/** A filter that cannot be parsed; `path` names the field (`1020`), `message` the term. */
export class ConditionSyntaxError extends Error {
  constructor(readonly fieldNo: number, message: string) {
    super(`Field ${fieldNo}: ${message}`);
    this.name = 'ConditionSyntaxError';
  }
}

export const MAX_FILTER_LENGTH = 2000;
export const MAX_TERMS = 100;
const NUMBER = /^-?\d{1,15}(\.\d{1,6})?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isValidDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]) && Number(m[1]) >= 1;
}

/** Splits at unescaped `;` (escapes are kept for the term parser). */
function splitTerms(filter: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < filter.length; i++) {
    const c = filter[i]!;
    if (c === '\\' && i + 1 < filter.length) {
      cur += c + filter[i + 1];
      i++;
    } else if (c === ';') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

function parseScalar(raw: string, field: FieldDef): string | number {
  if (field.type === 'number') {
    if (!NUMBER.test(raw)) throw new ConditionSyntaxError(field.fieldNo, `"${raw}" is not a number`);
    return Number(raw);
  }
  if (!isValidDate(raw)) throw new ConditionSyntaxError(field.fieldNo, `"${raw}" is not a date (YYYY-MM-DD)`);
  return raw;
}

/** Trims a term, but keeps a trailing space that is escaped (`a\ ` is "a "). */
function trimTerm(raw: string): string {
  const term = raw.trimStart();
  let end = term.length;
  while (end > 0 && /\s/.test(term[end - 1]!)) {
    let backslashes = 0;
    while (end - 2 - backslashes >= 0 && term[end - 2 - backslashes] === '\\') backslashes++;
    if (backslashes % 2 === 1) break;
    end--;
  }
  return term.slice(0, end);
}

function parseTerm(raw: string, field: FieldDef): Term {
  const term = trimTerm(raw);
  if (term === '') throw new ConditionSyntaxError(field.fieldNo, 'empty term (two `;` in a row, or nothing at all)');
  if (term === '=') return { kind: 'empty' };
  if (term === '*') return { kind: 'notEmpty' };
  if (field.type === 'number' || field.type === 'date') {
    const dots = term.indexOf('..');
    if (dots >= 0) {
      const a = term.slice(0, dots).trim(), b = term.slice(dots + 2).trim();
      if (!a && !b) throw new ConditionSyntaxError(field.fieldNo, `range "${term}" has neither start nor end`);
      const min = a ? parseScalar(a, field) : undefined;
      const max = b ? parseScalar(b, field) : undefined;
      if (min !== undefined && max !== undefined && min > max) throw new ConditionSyntaxError(field.fieldNo, `range "${term}" starts after it ends`);
      return { kind: 'range', ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
    }
    return { kind: 'eq', value: parseScalar(term, field) };
  }
  const parts: LikePart[] = [];
  let lit = '';
  let wild = false;
  for (let i = 0; i < term.length; i++) {
    const c = term[i]!;
    if (c === '\\') {
      if (i + 1 >= term.length) throw new ConditionSyntaxError(field.fieldNo, `"${term}" ends with an unfinished escape \\`);
      lit += term[++i];
    } else if (c === '*' || c === '?') {
      if (lit) parts.push({ t: 'lit', v: lit });
      lit = '';
      wild = true;
      parts.push(c === '*' ? { t: 'any' } : { t: 'one' });
    } else lit += c;
  }
  if (lit) parts.push({ t: 'lit', v: lit });
  if (!wild) {
    const value = parts.map((p) => (p.t === 'lit' ? p.v : '')).join('');
    if (field.type === 'choice' && field.choices && !field.choices.includes(value)) {
      throw new ConditionSyntaxError(field.fieldNo, `"${value}" is not one of the choices`);
    }
    return { kind: 'eq', value };
  }
  return { kind: 'like', parts };
}

/** Parses a filter for a field. Throws {@link ConditionSyntaxError}. */
export function parseFilter(filter: string, field: FieldDef): FieldFilter {
  if (typeof filter !== 'string') throw new ConditionSyntaxError(field.fieldNo, 'the filter must be text');
  if (filter.length > MAX_FILTER_LENGTH) throw new ConditionSyntaxError(field.fieldNo, `the filter is longer than ${MAX_FILTER_LENGTH} characters`);
  const raw = splitTerms(filter);
  if (raw.length > MAX_TERMS) throw new ConditionSyntaxError(field.fieldNo, `more than ${MAX_TERMS} terms`);
  return { fieldNo: field.fieldNo, type: field.type, terms: raw.map((t) => parseTerm(t, field)) };
}

const escapeText = (s: string): string => s.replace(/[\\;*?]/g, (c) => `\\${c}`).replace(/^=$/, '\\=');
/** Escapes a term's first and last character when they are white space, which parsing would trim. */
function keepEdgeSpace(term: string): string {
  const last = term.length - 1;
  let out = last > 0 && /\s/.test(term[last]!) ? `${term.slice(0, last)}\\${term[last]}` : term;
  if (/^\s/.test(term)) out = `\\${out}`;
  return out;
}

/** The filter string of an AST; `parseFilter(formatFilter(f), field)` gives `f` back. */
export function formatFilter(filter: FieldFilter): string {
  return filter.terms
    .map((t) => {
      switch (t.kind) {
        case 'empty': return '=';
        case 'notEmpty': return '*';
        case 'eq': return typeof t.value === 'number' ? String(t.value) : keepEdgeSpace(escapeText(t.value));
        case 'like': return keepEdgeSpace(t.parts.map((p) => (p.t === 'any' ? '*' : p.t === 'one' ? '?' : escapeText(p.v))).join(''));
        case 'range': return `${t.min ?? ''}..${t.max ?? ''}`;
      }
    })
    .join(';');
}

/** Index values of a document, keyed by FieldNo (as stored in `documents.index_data`). */
export type IndexData = Record<string, string | number | null | undefined>;

const isEmptyValue = (v: unknown): boolean => v === undefined || v === null || v === '';

function likeRegExp(parts: LikePart[]): RegExp {
  const body = parts.map((p) => (p.t === 'any' ? '[\\s\\S]*' : p.t === 'one' ? '[\\s\\S]' : p.v.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`, 'i');
}

function termMatches(term: Term, type: FieldType, value: unknown): boolean {
  const empty = isEmptyValue(value);
  switch (term.kind) {
    case 'empty': return empty;
    case 'notEmpty': return !empty;
    case 'eq': return !empty && value === term.value;
    case 'like': return typeof value === 'string' && value !== '' && likeRegExp(term.parts).test(value);
    case 'range': {
      if (type === 'number' ? typeof value !== 'number' : typeof value !== 'string' || empty) return false;
      const v = value as string | number;
      return (term.min === undefined || v >= term.min) && (term.max === undefined || v <= term.max);
    }
  }
}

/** In-memory evaluation of one filter (the independent twin of the SQL compiler). */
export function evaluateFilter(filter: FieldFilter, data: IndexData): boolean {
  const value = data[String(filter.fieldNo)];
  return filter.terms.some((t) => termMatches(t, filter.type, value));
}

/** All filters hold. */
export function evaluateAll(filters: readonly FieldFilter[], data: IndexData): boolean {
  return filters.every((f) => evaluateFilter(f, data));
}
