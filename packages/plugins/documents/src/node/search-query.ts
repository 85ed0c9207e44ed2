import { ValidationError } from '@portico/core';

const FILTER_PARAM = /^filters?(?:\.(\d{1,10})|\[(\d{1,10})\])$/;
const SORT_PARAM = /^(-)?(\d{1,10})(?::(asc|desc))?$/;
const one = (v: unknown): string | undefined => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : undefined);

/**
 * `?filters.1020=Moya*&filters.1030=2018-02-01..2018-02-28&sort=-1030&limit=20&offset=40`
 * (also `filters[1020]=`; `sort=1030`, `sort=-1030` or `sort=1030:desc`; `after=<nextCursor>`
 * for keyset paging) → a search request (checked by `SearchRequest` in the service).
 */
export function searchRequestFromQuery(query: Record<string, unknown>): Record<string, unknown> {
  const filters: Record<string, string> = {};
  const out: Record<string, unknown> = { filters };
  for (const [key, raw] of Object.entries(query)) {
    const value = one(raw);
    if (value === undefined) continue;
    const f = FILTER_PARAM.exec(key);
    if (f) filters[f[1] ?? f[2]!] = value;
    else if (key === 'limit' || key === 'offset') out[key] = value;
    else if (key === 'after' && value !== '') out.after = value;
    else if (key === 'sort' && value !== '') {
      const s = SORT_PARAM.exec(value.trim());
      if (!s) throw new ValidationError([{ path: 'sort', message: 'sort must be a FieldNo, -FieldNo (descending) or FieldNo:asc|desc' }]);
      out.sort = { fieldNo: Number(s[2]), dir: s[1] ? 'desc' : (s[3] ?? 'asc') };
    }
  }
  return out;
}
