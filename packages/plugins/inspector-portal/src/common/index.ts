import { z } from 'zod';
import { entityPrivilege } from '@portico/access/common';

/** Entity of inspectors: portal users that staff marked as inspectors. */
export const INSPECTOR_ENTITY = 'ins_inspector';
/** Entity of inspections scheduled by staff and reported by inspectors. */
export const INSPECTION_ENTITY = 'ins_inspection';

/** The Inspector Portal's id and base path. */
export const INSPECTOR_PORTAL_ID = 'inspector';
export const INSPECTOR_PORTAL_PATH = '/portal/inspector';

export const InspectorPrivileges = {
  read: entityPrivilege(INSPECTOR_ENTITY, 'read'),
  create: entityPrivilege(INSPECTOR_ENTITY, 'create'),
  write: entityPrivilege(INSPECTOR_ENTITY, 'write'),
} as const;

export const InspectionPrivileges = {
  read: entityPrivilege(INSPECTION_ENTITY, 'read'),
  create: entityPrivilege(INSPECTION_ENTITY, 'create'),
  write: entityPrivilege(INSPECTION_ENTITY, 'write'),
} as const;

/** Lifecycle: staff schedule; the inspector's first draft starts it; the inspector submits; staff close. */
export const INSPECTION_STATUSES = [
  { value: 'scheduled', label: 'Scheduled' },
  { value: 'in-progress', label: 'In progress' },
  { value: 'submitted', label: 'Submitted' },
  { value: 'closed', label: 'Closed' },
] as const;
export type InspectionStatus = (typeof INSPECTION_STATUSES)[number]['value'];

export const INSPECTION_RESULTS = [
  { value: 'pass', label: 'Pass' },
  { value: 'pass-with-conditions', label: 'Pass with conditions' },
  { value: 'fail', label: 'Fail' },
] as const;
export type InspectionResult = (typeof INSPECTION_RESULTS)[number]['value'];

export const INSPECTION_TYPES = [
  { value: 'routine', label: 'Routine' },
  { value: 'pre-licence', label: 'Pre-licence' },
  { value: 'follow-up', label: 'Follow-up' },
  { value: 'complaint', label: 'Complaint' },
] as const;

export const labelOf = (list: ReadonlyArray<{ value: string; label: string }>, value: string | null | undefined): string =>
  list.find((c) => c.value === value)?.label ?? (value ?? '');

/** Body of "Make inspector" (Portal User record view). An empty badge number gets a generated one. */
export const MakeInspectorBody = z.object({
  badgeNumber: z.string().trim().max(40, 'must be at most 40 characters').regex(/^[A-Za-z0-9][A-Za-z0-9-]*$|^$/, 'may contain letters, digits and dashes').optional(),
});

/** The inspector's report as posted from the Inspector Portal form. */
export const InspectionReportForm = z.object({
  findings: z.string().max(20_000, 'must be at most 20,000 characters').default(''),
  result: z.enum(['pass', 'pass-with-conditions', 'fail']).or(z.literal('')).default(''),
  conditions: z.string().max(5_000, 'must be at most 5,000 characters').default(''),
  intent: z.enum(['draft', 'submit']),
  confirm: z.string().optional(),
});
export type InspectionReportForm = z.infer<typeof InspectionReportForm>;

/** What "Make inspector" and the Inspector tab read. */
export interface InspectorSummary {
  id: string;
  portalUserId: string;
  badgeNumber: string;
  active: boolean;
  createdAt: string;
}

/** An attachment as listed to staff and inspectors. */
export interface AttachmentSummary {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
  createdAt: string;
}
