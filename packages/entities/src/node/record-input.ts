import { z } from 'zod';
import { ValidationError, type FieldError } from '@portico/core';
import type { FieldMetadata } from '../common/entity-metadata';

function fieldSchema(field: FieldMetadata): z.ZodType {
  let s: z.ZodType;
  switch (field.type) {
    case 'text':
      s = z.string().trim().max(field.maxLength ?? 4000, `must be at most ${field.maxLength ?? 4000} characters`);
      break;
    case 'email':
      s = z.string().trim().toLowerCase().max(254).pipe(z.email({ message: 'is not a valid e-mail address' }));
      break;
    case 'yesno':
      s = z.boolean({ message: 'must be Yes or No' });
      break;
    case 'number':
      s = z.number({ message: 'must be a number' }).finite();
      break;
    case 'datetime':
      s = z.coerce.date({ message: 'must be a date and time' });
      break;
    case 'choice':
      s = z.enum((field.choices ?? []).map((c) => c.value) as [string, ...string[]], { message: 'is not one of the choices' });
      break;
    case 'lookup':
      s = z.uuid({ message: 'must reference a record' });
      break;
  }
  return s;
}

/**
 * Checks a create or update body against the entity's fields: unknown and read-only fields
 * are refused, types are checked, required fields must be present (on create) and non-empty.
 * Every error names its field. Empty strings become null for optional fields.
 */
export function parseRecordInput(fields: readonly FieldMetadata[], body: unknown, mode: 'create' | 'update'): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ValidationError([{ path: '', message: 'the body must be a JSON object of field values' }]);
  }
  const byName = new Map(fields.map((f) => [f.name, f]));
  const errors: FieldError[] = [];
  const out: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(body)) {
    if (name === 'version') continue;
    const field = byName.get(name);
    if (!field) {
      errors.push({ path: name, message: 'is not a field of this entity' });
      continue;
    }
    if (field.readOnly) {
      errors.push({ path: name, message: 'is read-only' });
      continue;
    }
    if (raw === null || raw === '') {
      if (field.required) errors.push({ path: name, message: 'is required' });
      else out[name] = null;
      continue;
    }
    const parsed = fieldSchema(field).safeParse(raw);
    if (!parsed.success) errors.push({ path: name, message: parsed.error.issues[0]?.message ?? 'is not valid' });
    else if (field.required && typeof parsed.data === 'string' && parsed.data === '') errors.push({ path: name, message: 'is required' });
    else out[name] = parsed.data;
  }
  if (mode === 'create') {
    for (const field of fields) {
      if (field.readOnly || field.name in out) continue;
      if (field.defaultValue !== undefined) out[field.name] = field.defaultValue;
      else if (field.required && !errors.some((e) => e.path === field.name)) errors.push({ path: field.name, message: 'is required' });
    }
  }
  if (errors.length) throw new ValidationError(errors);
  return out;
}
