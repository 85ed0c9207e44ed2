import type { BrowserModule } from '@portico/core/common';
import { RECORD_TABS, type RecordTabExtension } from '@portico/ui/extensions';
import { INSPECTION_ENTITY, InspectionPrivileges, InspectorPrivileges } from '../common/index';

/**
 * Inspections › All Inspections and Inspectors (record lists and views built from the entities'
 * metadata), an "Inspector" tab on the portal plugin's Portal User record view ("Make
 * inspector" in one step) and a "Photos and documents" tab on the Inspection record view.
 */
const inspectorBrowserModule: BrowserModule = (registry) => {
  const views = () => import('./inspection-views');
  registry.registerView({ path: '/inspections', tag: 'inspection-list', load: views, title: 'All Inspections' });
  registry.registerView({ path: '/inspections/new', tag: 'inspection-record', load: views, title: 'New Inspection' });
  registry.registerView({ path: '/inspections/:id', tag: 'inspection-record', load: views, title: 'Inspection' });
  registry.registerView({ path: '/inspections/inspectors', tag: 'inspector-list', load: views, title: 'All Inspectors' });
  registry.registerView({ path: '/inspections/inspectors/new', tag: 'inspector-record', load: views, title: 'New Inspector' });
  registry.registerView({ path: '/inspections/inspectors/:id', tag: 'inspector-record', load: views, title: 'Inspector' });
  registry.addExtension(RECORD_TABS, {
    entity: 'tc_portaluser',
    id: 'inspector-portal.inspector',
    label: 'Inspector',
    tag: 'inspector-portal-user-tab',
    load: () => import('./portal-user-inspector-tab'),
    privilege: InspectorPrivileges.read,
  } satisfies RecordTabExtension);
  registry.addExtension(RECORD_TABS, {
    entity: INSPECTION_ENTITY,
    id: 'inspector-portal.attachments',
    label: 'Photos and documents',
    tag: 'inspection-attachments-tab',
    load: () => import('./inspection-attachments-tab'),
    privilege: InspectionPrivileges.read,
  } satisfies RecordTabExtension);
};
export default inspectorBrowserModule;
