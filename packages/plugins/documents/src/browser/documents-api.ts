import { ApiError, api, session } from '@portico/ui/session';
import type { FieldType } from '../common/conditions';

/** Shapes of the documents plugin's staff API (`/api/documents`), as the browser views use them. */
export interface CategoryField { fieldNo: number; name: string; type: FieldType; choices: string[] | null; required: boolean; position?: number }
export interface Category { ctgryNo: number; name: string; description: string | null; fields: CategoryField[] }
export interface Search { queryNo: number; ctgryNo: number; name: string; columns: number[]; sort: { fieldNo: number; dir: 'asc' | 'desc' } | null }
export interface Condition { fieldNo: number; filter: string }
export interface Assignment { queryNo: number; conditions: Condition[] }
export interface UploadValue { fieldNo: number; value: string; mode: 'write' | 'readonly' }
export interface UploadPermission { ctgryNo: number; values: UploadValue[] }
export interface ResultFile { id: string; name: string; contentType: string; size: number }
export interface ResultRow { id: string; values: Record<string, string | number | null>; files: ResultFile[] }
export interface SearchResult { columns: Array<{ fieldNo: number; name: string; type: string }>; total: number; limit: number; offset: number; rows: ResultRow[]; nextCursor: string | null }
export interface DocumentView { id: string; ctgryNo: number; indexData: Record<string, string | number>; createdAt: string; uploadedByPortalUserId: string | null; files: ResultFile[] }

export const BASE = '/api/documents';

export const categories = async (): Promise<Category[]> => (await api<{ items: Category[] }>(`${BASE}/categories`)).items;
export const searches = async (): Promise<Search[]> => (await api<{ items: Search[] }>(`${BASE}/searches`)).items;

/** ConditionXML of one assignment, as text. */
export async function exportConditionXml(userId: string, queryNo: number): Promise<string> {
  const res = await fetch(`${BASE}/users/${encodeURIComponent(userId)}/assignments/${queryNo}/conditions.xml`, { credentials: 'same-origin' });
  if (!res.ok) throw new ApiError(res.status, 'export_failed', `The server answered ${res.status}.`);
  return res.text();
}

/** Imports ConditionXML into one assignment (the server checks everything; nothing saved on any error). */
export async function importConditionXml(userId: string, queryNo: number, xml: string): Promise<Assignment> {
  return api<Assignment>(`${BASE}/users/${encodeURIComponent(userId)}/assignments/${queryNo}/conditions.xml`, { method: 'PUT', body: xml, headers: { 'content-type': 'application/xml' } });
}

/** Uploads a document as staff (multipart: `indexData` JSON and the files). */
export async function uploadDocument(ctgryNo: number, indexData: Record<string, unknown>, files: readonly File[]): Promise<{ id: string }> {
  const form = new FormData();
  form.set('indexData', JSON.stringify(indexData));
  for (const f of files) form.append('file', f, f.name);
  return api<{ id: string }>(`${BASE}/categories/${ctgryNo}/documents`, { method: 'POST', body: form });
}

export const fileUrl = (documentId: string, fileId: string): string => `${BASE}/documents/${documentId}/files/${fileId}`;
export const sizeText = (n: number): string => (n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${Math.round(n / 1024)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`);
export const messageOf = (error: unknown): string => (error instanceof ApiError ? error.message : 'The server could not be reached.');
export const fieldErrorsOf = (error: unknown): Array<{ path: string; message: string }> => (error instanceof ApiError ? error.fields : []);
export { session };

/** Type-aware placeholder and help for a filter box. */
export const FILTER_HELP: Record<FieldType, { placeholder: string; help: string }> = {
  text: { placeholder: 'Moya River Trading, Moya*, A;B', help: 'Exact text (case-sensitive), * and ? wildcards, ; between alternatives, = empty, * not empty' },
  choice: { placeholder: 'open;paid', help: 'One of the choices, ; between alternatives, = empty, * not empty' },
  number: { placeholder: '10..250', help: 'A number, a range 10..250 (..250, 10..), ; between alternatives' },
  date: { placeholder: '2018-02-01..2018-02-28', help: 'A day (YYYY-MM-DD) or a range, ; between alternatives' },
};
