import { z } from 'zod';
import { FIELD_TYPES } from './conditions';

export * from './conditions';

/** Privileges of the documents plugin (`entity.<name>.<action>`). */
export const DocumentsEntities = {
  category: 'documents_category',
  search: 'documents_search',
  document: 'documents_document',
  assignment: 'documents_assignment',
} as const;
export const DocumentsPrivileges = {
  categoryRead: 'entity.documents_category.read',
  categoryWrite: 'entity.documents_category.write',
  searchRead: 'entity.documents_search.read',
  searchWrite: 'entity.documents_search.write',
  documentRead: 'entity.documents_document.read',
  documentCreate: 'entity.documents_document.create',
  documentWrite: 'entity.documents_document.write',
  documentDelete: 'entity.documents_document.delete',
  assignmentRead: 'entity.documents_assignment.read',
  assignmentWrite: 'entity.documents_assignment.write',
} as const;

const No = z.coerce.number().int().min(1).max(2_147_483_647);

export const FieldInput = z.object({
  fieldNo: No,
  name: z.string().trim().min(1).max(200),
  type: z.enum(FIELD_TYPES as [string, ...string[]]).transform((t) => t as (typeof FIELD_TYPES)[number]),
  choices: z.array(z.string().trim().min(1).max(200)).max(500).nullish(),
  required: z.boolean().optional(),
});
export type FieldInput = z.infer<typeof FieldInput>;

export const CategoryInput = z.object({
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2000).nullish(),
  fields: z.array(FieldInput).max(200),
});
export type CategoryInput = z.infer<typeof CategoryInput>;

export const SortInput = z.object({ fieldNo: No, dir: z.enum(['asc', 'desc']).default('asc') });
export type SortInput = z.infer<typeof SortInput>;

export const SearchInput = z.object({
  ctgryNo: No,
  name: z.string().trim().min(1).max(200),
  columns: z.array(No).max(100),
  sort: SortInput.nullish(),
});
export type SearchInput = z.infer<typeof SearchInput>;

export const ConditionInput = z.object({ fieldNo: No, filter: z.string().max(2000) });
export type ConditionInput = z.infer<typeof ConditionInput>;

export const AssignmentInput = z.object({ queryNo: No, conditions: z.array(ConditionInput).max(100).default([]) });
export type AssignmentInput = z.infer<typeof AssignmentInput>;
export const AssignmentsInput = z.object({ assignments: z.array(AssignmentInput).max(500) });

export const UploadValueInput = z.object({ fieldNo: No, value: z.string().max(1000), mode: z.enum(['write', 'readonly']) });
export type UploadValueInput = z.infer<typeof UploadValueInput>;
export const UploadPermissionInput = z.object({ ctgryNo: No, values: z.array(UploadValueInput).max(200).default([]) });
export type UploadPermissionInput = z.infer<typeof UploadPermissionInput>;
export const UploadPermissionsInput = z.object({ permissions: z.array(UploadPermissionInput).max(500) });

/** What a portal user's search request may carry. */
export const SearchRequest = z.object({
  filters: z.record(z.string().regex(/^\d{1,10}$/), z.string().max(2000)).default({}),
  sort: SortInput.nullish(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  /** Keyset paging: the `nextCursor` of the previous page (then `offset` is ignored). */
  after: z.string().max(1000).optional(),
});
export type SearchRequest = z.input<typeof SearchRequest>;

/** Draft conditions whose matches staff want counted (the condition editor's live count). */
export const CountInput = z.object({ conditions: z.array(ConditionInput).max(100).default([]) });

/** Ids of the documents plugin's tabs on the Portal User record view (RECORD_TABS). */
export const DOCUMENTS_TABS = { search: 'documents.search', upload: 'documents.upload' } as const;
