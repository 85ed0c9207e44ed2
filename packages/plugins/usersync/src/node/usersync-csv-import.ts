import { createReadStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { SingleBar, Presets } from 'cli-progress';
import { parse } from 'csv-parse';
import { sql } from 'drizzle-orm';
import { ValidationError } from '@portico/core';
import type { Database } from '@portico/db';
import { portalUsers } from '@portico/plugin-portal/node';
import { ZodError } from 'zod';
import { SavePortalUserBody } from '../common/index';
import type { UserSyncProcessor } from './usersync-processor';
import type { UserSyncContext, UserSyncService } from './usersync-service';

/** Outcome of one CSV line. `dry-run` gives would-create / would-update / failed. */
export type CsvOutcome = 'created' | 'updated' | 'deleted' | 'failed' | 'would-create' | 'would-update' | 'would-delete';

export interface CsvLineReport {
  line: number;
  email: string;
  userName: string;
  outcome: CsvOutcome;
  reason: string;
  rowIds: number[];
}

export interface CsvImportOptions {
  dryRun?: boolean;
  /** Where to write the per-line report (CSV). */
  reportPath?: string;
  /** Show a progress bar (default: when stderr is a terminal). */
  progress?: boolean;
  /** Give up waiting for processing after this long (default 10 minutes). */
  timeoutMs?: number;
  ctx?: UserSyncContext;
}

export interface CsvImportSummary {
  lines: number;
  counts: Record<CsvOutcome, number>;
  reports: CsvLineReport[];
}

export interface CsvImportDeps {
  db: Database;
  service: UserSyncService;
  /** Processes the rows in this process too (SKIP LOCKED: safe next to running servers). */
  processor?: UserSyncProcessor;
}

const CLI_ACTOR = { kind: 'cli', id: 'portico-users-import', name: 'portico users import' };
const FINAL = new Set(['synced', 'failed', 'delete-failed', 'deleted']);

/**
 * `portico users import file.csv`: one portal user (search and/or upload permission) per line.
 * Columns (header row, case-insensitive): Email, UserName, UserPwd, OneTimePwd, QueryNo, CtgryNo,
 * Delete, and any number of `Condition:<field>` (a condition of the search on that field, by
 * number or name) and `IndexData:<field>` (a pre-filled value of the upload permission) columns.
 * Each line is validated exactly like SavePortalUser; valid lines become sync rows, written in
 * one transaction, then processed; the report says created / updated / failed with the reason.
 */
export async function importUsersCsv(deps: CsvImportDeps, file: string, options: CsvImportOptions = {}): Promise<CsvImportSummary> {
  const ctx = options.ctx ?? { actor: CLI_ACTOR };
  const showProgress = options.progress ?? !!process.stderr.isTTY;
  const records: Array<{ line: number; data: Record<string, string> }> = [];
  const parser = createReadStream(file).pipe(parse({ columns: (header: string[]) => header.map((h) => h.trim()), bom: true, skip_empty_lines: true, trim: true, info: true, relax_column_count: false }));
  for await (const rec of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) records.push({ line: rec.info.lines, data: rec.record });

  const bar = showProgress ? new SingleBar({ format: '{phase} [{bar}] {value}/{total} lines', hideCursor: true, stream: process.stderr }, Presets.shades_classic) : undefined;
  bar?.start(records.length, 0, { phase: 'Validating ' });
  const reports: CsvLineReport[] = [];
  const prepared: Array<{ report: CsvLineReport; rows: Awaited<ReturnType<UserSyncService['prepare']>>; del: boolean }> = [];
  for (const { line, data } of records) {
    const get = (name: string) => { const k = Object.keys(data).find((h) => h.toLowerCase() === name.toLowerCase()); return k ? data[k] ?? '' : ''; };
    const report: CsvLineReport = { line, email: get('Email'), userName: get('UserName'), outcome: 'failed', reason: '', rowIds: [] };
    reports.push(report);
    try {
      const body = SavePortalUserBody.parse({ PortalUser: toPortalUser(data, get) });
      const rows = await deps.service.prepare(body.PortalUser, 'line');
      prepared.push({ report, rows, del: !!body.PortalUser.Delete });
    } catch (error) {
      report.reason = reasonOf(error);
    }
    bar?.increment();
  }
  bar?.stop();

  // created or updated: does the user exist before the import?
  const emails = [...new Set(prepared.map((p) => p.report.email.toLowerCase()))];
  const existing = new Set<string>();
  for (let i = 0; i < emails.length; i += 1000) {
    const chunk = emails.slice(i, i + 1000);
    const found = await deps.db.select({ e: sql<string>`lower(${portalUsers.email})` }).from(portalUsers).where(sql`lower(${portalUsers.email}) in (select jsonb_array_elements_text(${JSON.stringify(chunk)}::jsonb))`);
    for (const f of found) existing.add(f.e);
  }

  if (options.dryRun) {
    for (const p of prepared) p.report.outcome = p.del ? 'would-delete' : existing.has(p.report.email.toLowerCase()) ? 'would-update' : 'would-create';
  } else if (prepared.length) {
    // All lines in one transaction: an import is written entirely or not at all.
    const ids = await deps.service.insert(prepared.flatMap((p) => p.rows), ctx);
    let k = 0;
    for (const p of prepared) p.report.rowIds = ids.slice(k, (k += p.rows.length));
    const states = await waitForRows(deps, ids, options.timeoutMs ?? 600_000, showProgress);
    for (const p of prepared) {
      const mine = p.report.rowIds.map((id) => states.get(id)!);
      const failed = mine.find((s) => s.state === 'failed' || s.state === 'delete-failed');
      if (failed) { p.report.outcome = 'failed'; p.report.reason = failed.error ?? 'failed'; }
      else p.report.outcome = p.del ? 'deleted' : existing.has(p.report.email.toLowerCase()) ? 'updated' : 'created';
    }
  }

  const counts = Object.fromEntries(['created', 'updated', 'deleted', 'failed', 'would-create', 'would-update', 'would-delete'].map((o) => [o, reports.filter((r) => r.outcome === o).length])) as Record<CsvOutcome, number>;
  if (options.reportPath) await writeFile(options.reportPath, toCsv(reports));
  return { lines: records.length, counts, reports };
}

async function waitForRows(deps: CsvImportDeps, ids: number[], timeoutMs: number, showProgress: boolean): Promise<Map<number, { state: string; error: string | null }>> {
  const bar = showProgress ? new SingleBar({ format: '{phase} [{bar}] {value}/{total} rows', hideCursor: true, stream: process.stderr }, Presets.shades_classic) : undefined;
  bar?.start(ids.length, 0, { phase: 'Processing ' });
  const deadline = Date.now() + timeoutMs;
  const out = new Map<number, { state: string; error: string | null }>();
  let open = ids;
  while (open.length) {
    let claimed = 0;
    if (deps.processor) claimed = (await deps.processor.processBatch()).claimed;
    const next: number[] = [];
    for (let i = 0; i < open.length; i += 1000) {
      for (const s of await deps.service.states(open.slice(i, i + 1000))) {
        if (FINAL.has(s.state)) out.set(s.id, s);
        else next.push(s.id);
      }
    }
    open = next;
    bar?.update(ids.length - open.length);
    if (open.length && Date.now() > deadline) { bar?.stop(); throw new Error(`${open.length} rows still pending after ${Math.round(timeoutMs / 1000)} s (ids ${open.slice(0, 10).join(', ')}…)`); }
    if (open.length && !claimed) await new Promise((r) => setTimeout(r, 100));
  }
  bar?.stop();
  return out;
}

function toPortalUser(data: Record<string, string>, get: (name: string) => string): Record<string, unknown> {
  const opt = (v: string) => (v === '' ? undefined : v);
  const conditions = Object.entries(data).filter(([k, v]) => /^condition:/i.test(k) && v !== '').map(([k, v]) => ({ FieldNoOrName: k.slice(k.indexOf(':') + 1).trim(), Condition: v }));
  const values = Object.entries(data).filter(([k, v]) => /^indexdata:/i.test(k) && v !== '').map(([k, v]) => ({ FieldNoOrName: k.slice(k.indexOf(':') + 1).trim(), Value: v }));
  const del = get('Delete').toLowerCase();
  return {
    Email: get('Email'), UserName: opt(get('UserName')), UserPwd: opt(get('UserPwd')), OneTimePwd: opt(get('OneTimePwd')),
    QueryNo: opt(get('QueryNo')), CtgryNo: opt(get('CtgryNo')), Conditions: conditions, IndexDataItems: values,
    ...(del ? { Delete: ['1', 'true', 'yes', 'y'].includes(del) } : {}),
  };
}

function reasonOf(error: unknown): string {
  if (error instanceof ZodError) return error.issues.map((i) => `${i.path.filter((p) => p !== 'PortalUser').join('.') || '(line)'}: ${i.message}`).join('; ');
  if (error instanceof ValidationError) return error.fields.map((f) => `${f.path.replace(/^line\./, '')}: ${f.message}`).join('; ');
  return error instanceof Error ? error.message : String(error);
}

const cell = (v: string | number): string => {
  const s = String(v);
  return /[",\r\n]/.test(s) || /^[=+\-@]/.test(s) ? `"${(/^[=+\-@]/.test(s) ? `'${s}` : s).replace(/"/g, '""')}"` : s;
};

function toCsv(reports: readonly CsvLineReport[]): string {
  const lines = ['line,email,username,outcome,reason,row_ids'];
  for (const r of reports) lines.push([r.line, r.email, r.userName, r.outcome, r.reason, r.rowIds.join(' ')].map(cell).join(','));
  return `${lines.join('\n')}\n`;
}
