import type { EntityRecord } from './entity';

/**
 * Browser extension points. A plugin's browser module adds values with
 * `registry.addExtension(point, value)`; components read them with `extensions(point)`. The
 * shell connects its registry at start; without a shell (component tests) there are none.
 */
type ExtensionSource = (point: string) => readonly unknown[];
let source: ExtensionSource = () => [];

export function connectExtensions(next: ExtensionSource): void {
  source = next;
}

export function extensions<T>(point: string): readonly T[] {
  return source(point) as readonly T[];
}

/**
 * The point where a plugin adds a tab to another plugin's record view (e.g. the documents
 * plugin's "Search" and "Upload" tabs on the Portal User record).
 *
 * @example
 * registry.addExtension(RECORD_TABS, {
 *   entity: 'tc_portaluser', id: 'documents.search', label: 'Search',
 *   tag: 'documents-search-tab', load: () => import('./search-tab.define'),
 * } satisfies RecordTabExtension);
 */
export const RECORD_TABS = 'entity-record.tabs';

export interface RecordTabExtension {
  /** Logical name of the entity whose record view gets the tab. */
  entity: string;
  id: string;
  label: string;
  /** Custom element rendered in the tab panel; it receives `record` and `entity` properties. */
  tag: string;
  /** Loads the module that defines `tag` (lazily, when the tab is first shown). */
  load: () => Promise<unknown>;
  /** Shown only to users holding this privilege. */
  privilege?: string;
}

/** What a tab element gets from the record view. */
export interface RecordTabElement extends HTMLElement {
  record: EntityRecord;
  entity: string;
}
