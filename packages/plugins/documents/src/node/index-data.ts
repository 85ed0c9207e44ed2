import { ValidationError, type FieldError } from '@portico/core';
import { isValidDate, type FieldDef } from '../common/conditions';

const NUMBER = /^-?\d{1,15}(\.\d{1,6})?$/;

/**
 * Checks index values against the category's fields and returns them as stored: text and choice
 * trimmed strings, numbers as JSON numbers, dates `YYYY-MM-DD`; empty values are left out (so
 * "empty" is one thing in SQL and in memory). Unknown fields, wrong types, missing required
 * fields → {@link ValidationError} naming `indexData.<FieldNo>`.
 */
export function normalizeIndexData(
  fields: ReadonlyMap<number, FieldDef & { required?: boolean }>,
  input: Record<string, unknown>,
  pathPrefix = 'indexData',
): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  const errors: FieldError[] = [];
  for (const [key, raw] of Object.entries(input ?? {})) {
    const path = `${pathPrefix}.${key}`;
    const field = /^\d{1,10}$/.test(key) ? fields.get(Number(key)) : undefined;
    if (!field) {
      errors.push({ path, message: `Unknown field ${key}` });
      continue;
    }
    if (raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '')) continue;
    if (field.type === 'number') {
      const s = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
      if (!NUMBER.test(s) || !Number.isFinite(Number(s))) errors.push({ path, message: 'Must be a number (up to 15 digits and 6 decimals)' });
      else out[key] = Number(s);
    } else if (typeof raw !== 'string') {
      errors.push({ path, message: 'Must be text' });
    } else {
      const v = raw.trim();
      if (v.length > 1000) errors.push({ path, message: 'At most 1000 characters' });
      else if (field.type === 'date' && !isValidDate(v)) errors.push({ path, message: 'Must be a date YYYY-MM-DD' });
      else if (field.type === 'choice' && field.choices && !field.choices.includes(v)) errors.push({ path, message: `Must be one of: ${field.choices.join(', ')}` });
      else out[key] = v;
    }
  }
  for (const field of fields.values()) {
    if (field.required && out[String(field.fieldNo)] === undefined && !errors.some((e) => e.path === `${pathPrefix}.${field.fieldNo}`)) {
      errors.push({ path: `${pathPrefix}.${field.fieldNo}`, message: `${field.name ?? field.fieldNo} is required` });
    }
  }
  if (errors.length) throw new ValidationError(errors);
  return out;
}
