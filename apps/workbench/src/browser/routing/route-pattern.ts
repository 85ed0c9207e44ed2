/**
 * Route patterns of the shell: `/security/portal-users` (static), `/security/portal-users/:id`
 * (one segment per `:param`) and a trailing `/*rest` (the remainder of the path).
 */
export interface RoutePattern {
  readonly pattern: string;
  /** Higher is more specific: static segments count most. */
  readonly specificity: number;
  match(path: string): Record<string, string> | undefined;
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function compileRoute(pattern: string): RoutePattern {
  const segments = normalizePath(pattern).split('/').filter(Boolean);
  const names: string[] = [];
  let source = '';
  let specificity = 0;
  for (const [index, segment] of segments.entries()) {
    if (segment.startsWith('*') && index === segments.length - 1) {
      names.push(segment.slice(1) || 'rest');
      source += '(?:/(.*))?';
    } else if (segment.startsWith(':')) {
      names.push(segment.slice(1));
      source += '/([^/]+)';
      specificity += 1;
    } else {
      source += `/${escape(segment)}`;
      specificity += 100;
    }
  }
  const regexp = new RegExp(`^${source || '/'}$`);
  return {
    pattern,
    specificity,
    match(path) {
      const found = regexp.exec(normalizePath(path));
      if (!found) return undefined;
      const params: Record<string, string> = {};
      names.forEach((name, i) => {
        const value = found[i + 1];
        if (value !== undefined) params[name] = decodeURIComponent(value);
      });
      return params;
    },
  };
}

/** `/a/b/` → `/a/b`; `` → `/`. */
export function normalizePath(path: string): string {
  const clean = ('/' + path).replace(/\/{2,}/g, '/');
  return clean.length > 1 ? clean.replace(/\/$/, '') : clean;
}
