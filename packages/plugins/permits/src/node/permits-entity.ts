import type { EntityDefinition } from '@portico/entities';
import { PERMITS_ENTITY, PERMITS_STATUSES } from '../common/index';
import { permits as t } from './permits-schema';

/** The Permit entity: the generic record list and view are built from this. */
export const permitsEntity: EntityDefinition = {
  logicalName: PERMITS_ENTITY,
  displayName: 'Permit',
  pluralName: 'Permits',
  listName: 'All Permits',
  primaryField: 'title',
  table: t,
  idColumn: t.id,
  versionColumn: t.version,
  columns: { title: t.title, holderEmail: t.holderEmail, status: t.status, createdAt: t.createdAt },
  fields: [
    { name: 'title', label: 'Title', type: 'text', required: true, maxLength: 200, sortable: true },
    { name: 'holderEmail', label: 'Holder E-mail', type: 'email', required: true, sortable: true, help: 'The portal user who may sign in.' },
    { name: 'status', label: 'Status', type: 'choice', choices: PERMITS_STATUSES, defaultValue: 'pending', filterable: true, sortable: true },
    { name: 'createdAt', label: 'Created On', type: 'datetime', readOnly: true, sortable: true },
  ],
  sections: [{ id: 'general', group: 'This Record', label: 'Permit', fields: ['title', 'holderEmail', 'status', 'createdAt'] }],
  listColumns: ['title', 'holderEmail', 'status', 'createdAt'],
  defaultSort: { field: 'createdAt', direction: 'desc' },
  keywordFields: ['title', 'holderEmail'],
  allowDelete: true,
};
