import type { BrowserModule } from '@portico/core/common';
import { RECORD_TABS, type RecordTabExtension } from '@portico/ui/extensions';
import { LicensingEntities, LicensingPrivileges } from '../common/index';

/**
 * The Licensing module's screens: record lists and record views (built from the entities'
 * metadata by `wb-entity-list` / `wb-entity-record`) for license applications (with Approve
 * and Reject), renewal requests (with Renew), persons, licenses and license types, and a
 * Documents tab on the application view. Loaded lazily.
 */
const licensingBrowserModule: BrowserModule = (registry) => {
  const views = () => import('./licensing-views.define');
  const screens: Array<[string, string, string]> = [
    ['applications', 'License Applications', 'License Application'],
    ['renewals', 'Renewal Requests', 'Renewal Request'],
    ['persons', 'Persons', 'Person'],
    ['licenses', 'Licenses', 'License'],
    ['license-types', 'License Types', 'License Type'],
  ];
  for (const [segment, plural, single] of screens) {
    registry.registerView({ path: `/licensing/${segment}`, tag: `licensing-${segment}-list`, load: views, title: plural });
    registry.registerView({ path: `/licensing/${segment}/new`, tag: `licensing-${segment}-record`, load: views, title: `New ${single}` });
    registry.registerView({ path: `/licensing/${segment}/:id`, tag: `licensing-${segment}-record`, load: views, title: single });
  }
  registry.addExtension(RECORD_TABS, {
    entity: LicensingEntities.application,
    id: 'licensing.application-documents',
    label: 'Documents',
    tag: 'licensing-application-documents',
    load: () => import('./application-documents.define'),
    privilege: LicensingPrivileges.applicationDocumentRead,
  } satisfies RecordTabExtension);
};
export default licensingBrowserModule;
