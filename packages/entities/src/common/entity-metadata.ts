/**
 * What the browser knows about an entity: enough to render its record list and record view.
 * Served by `GET /api/entities/:logicalName`; the node side adds the table and hooks.
 */
export type FieldType = 'text' | 'email' | 'yesno' | 'number' | 'datetime' | 'lookup' | 'choice';

export interface FieldMetadata {
  /** Property name in records (camelCase), e.g. `emailAddress`. */
  name: string;
  label: string;
  type: FieldType;
  required?: boolean;
  /** Shown but never written through the API (derived or system-maintained). */
  readOnly?: boolean;
  help?: string;
  maxLength?: number;
  choices?: Array<{ value: string; label: string }>;
  lookup?: { entity: string };
  /** Default for new records (as the API would receive it). */
  defaultValue?: unknown;
  sortable?: boolean;
  filterable?: boolean;
}

export interface SectionMetadata {
  id: string;
  /** Panel title, e.g. "Portal User". */
  label: string;
  /** Tab or group the panel belongs to, e.g. "This Record". */
  group: string;
  fields: string[];
}

export interface EntityMetadata {
  /** e.g. `tc_portaluser`. */
  logicalName: string;
  /** e.g. "Portal User". */
  displayName: string;
  /** e.g. "Portal Users". */
  pluralName: string;
  /** The default list's title, e.g. "All Portal Users". */
  listName: string;
  /** The field that names a record (record view title). */
  primaryField: string;
  fields: FieldMetadata[];
  sections: SectionMetadata[];
  listColumns: string[];
  defaultSort: { field: string; direction: 'asc' | 'desc' };
  /** Fields searched by "Narrow results by keyword". */
  keywordFields: string[];
  allowDelete: boolean;
}

/** A record as the API returns it: fields by name plus id and version. */
export interface EntityRecord {
  id: string;
  version: number;
  [field: string]: unknown;
}

export interface RecordPage {
  items: EntityRecord[];
  /** Number of matching records; estimated when `totalExact` is false (large results). */
  total: number;
  totalExact: boolean;
  /** Pass as `after` for the next page; null on the last page. */
  nextCursor: string | null;
}
