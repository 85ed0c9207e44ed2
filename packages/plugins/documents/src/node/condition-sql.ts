import { sql, type SQL } from 'drizzle-orm';
import type { FieldFilter, FieldType, LikePart, Term } from '../common/conditions';

/**
 * Compiles condition ASTs to SQL over the `documents` row aliased `d`. Every value is a bound
 * parameter; nothing user-supplied is ever spliced into the SQL text.
 *
 * Typed access to `d.index_data`:
 * - text, choice, date: `d.index_data ->> '<FieldNo>'` compared with `COLLATE "C"` (byte order,
 *   the same on PGlite and the server whatever their locale; dates are canonical YYYY-MM-DD);
 * - number: the value cast to numeric only when it is a JSON number (never a cast error).
 * Exact and list terms use `d.index_data @> '{"<FieldNo>": value}'`, served by the GIN index.
 */
export const textExpr = (fieldNo: number): SQL => sql`(d.index_data ->> ${String(fieldNo)}::text)`;
export const numberExpr = (fieldNo: number): SQL =>
  sql`(case when jsonb_typeof(d.index_data -> ${String(fieldNo)}::text) = 'number' then (d.index_data ->> ${String(fieldNo)}::text)::numeric end)`;

/** The expression a field sorts by. */
export function sortExpr(fieldNo: number, type: FieldType): SQL {
  return type === 'number' ? numberExpr(fieldNo) : sql`${textExpr(fieldNo)} collate "C"`;
}

function likePattern(parts: LikePart[]): string {
  return parts.map((p) => (p.t === 'any' ? '%' : p.t === 'one' ? '_' : p.v.replace(/[\\%_]/g, (c) => `\\${c}`))).join('');
}

const escapeLikeText = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);
// eslint-disable-next-line no-control-regex -- JSON escapes exactly these, so they cannot be searched for verbatim
const JSON_ESCAPED = /["\\\u0000-\u001f]/;

/**
 * A necessary condition for a wildcard term that the trigram index on `index_data::text` can
 * serve (`documents_index_data_trgm`): the term's longest literal part appears somewhere in the
 * jsonb text (`Moya Riv*` → `%Moya Riv%`, `*oya River*` → `%oya River%`). Not bound to the key:
 * the key's trigrams (`102`, `020`) are in every document and would only make the index read
 * longer posting lists. The exact `ilike` on the field still decides; this only lets PostgreSQL
 * skip rows early. None for literals shorter than 3 characters or with characters JSON escapes.
 */
export function trigramHint(parts: readonly LikePart[]): string | undefined {
  const longest = parts.filter((p): p is { t: 'lit'; v: string } => p.t === 'lit' && !JSON_ESCAPED.test(p.v)).sort((a, b) => b.v.length - a.v.length)[0];
  return longest && longest.v.length >= 3 ? `%${escapeLikeText(longest.v)}%` : undefined;
}

function termSql(fieldNo: number, type: FieldType, term: Term): SQL {
  const key = String(fieldNo);
  switch (term.kind) {
    case 'empty':
      return sql`coalesce(${textExpr(fieldNo)}, '') = ''`;
    case 'notEmpty':
      return sql`coalesce(${textExpr(fieldNo)}, '') <> ''`;
    case 'eq':
      return sql`d.index_data @> ${JSON.stringify({ [key]: term.value })}::jsonb`;
    case 'like': {
      const like = sql`${textExpr(fieldNo)} ilike ${likePattern(term.parts)}::text escape '\\'`;
      const hint = trigramHint(term.parts);
      return hint ? sql`(${like} and (d.index_data)::text ilike ${hint}::text escape '\\')` : like;
    }
    case 'range': {
      const parts: SQL[] = [];
      if (type === 'number') {
        const e = numberExpr(fieldNo);
        parts.push(sql`${e} is not null`);
        if (term.min !== undefined) parts.push(sql`${e} >= ${String(term.min)}::numeric`);
        if (term.max !== undefined) parts.push(sql`${e} <= ${String(term.max)}::numeric`);
      } else {
        const e = sql`${textExpr(fieldNo)} collate "C"`;
        parts.push(sql`jsonb_typeof(d.index_data -> ${key}::text) = 'string'`, sql`${textExpr(fieldNo)} <> ''`);
        if (term.min !== undefined) parts.push(sql`${e} >= ${String(term.min)}::text`);
        if (term.max !== undefined) parts.push(sql`${e} <= ${String(term.max)}::text`);
      }
      return sql`(${sql.join(parts, sql` and `)})`;
    }
  }
}

/** One filter: any of its terms. */
export function filterSql(filter: FieldFilter): SQL {
  if (filter.terms.length === 0) return sql`false`;
  return sql`(${sql.join(filter.terms.map((t) => termSql(filter.fieldNo, filter.type, t)), sql` or `)})`;
}

/** All filters (true when there are none). */
export function allSql(filters: readonly FieldFilter[]): SQL {
  if (filters.length === 0) return sql`true`;
  return sql`(${sql.join(filters.map(filterSql), sql` and `)})`;
}
