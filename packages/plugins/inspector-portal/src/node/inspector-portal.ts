import { html, type PortalContribution, type PortalPageContent, type PortalUser } from '@portico/plugin-portal/node';
import { INSPECTION_STATUSES, INSPECTION_TYPES, INSPECTOR_PORTAL_ID, INSPECTOR_PORTAL_PATH, labelOf } from '../common/index';
import type { InspectionService } from './inspection-service';

export const NOT_AN_INSPECTOR = 'The Inspector Portal is for inspectors only. Your account is not set up as an inspector: ask your supervisor to make you an inspector.';
export const INACTIVE_INSPECTOR = 'Your inspector account is not active, so you cannot use the Inspector Portal. Ask your supervisor to re-activate it.';
export const INSPECTIONS_PATH = `${INSPECTOR_PORTAL_PATH}/inspections`;

/** "3 Dec 2026, 09:30 UTC". */
export function when(value: Date | null | undefined): string {
  if (!value) return '—';
  return `${new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(value)} UTC`;
}

/**
 * The Inspector Portal: only portal users with an **active** Inspector record may sign in (the
 * runtime already refuses disabled and locked accounts). Home lists the open inspections
 * assigned to the inspector; each opens in the portal's inspection pages.
 */
export function inspectorPortal(service: InspectionService): PortalContribution {
  return {
    id: INSPECTOR_PORTAL_ID,
    title: 'Inspector Portal',
    basePath: INSPECTOR_PORTAL_PATH,
    selfActivation: false,
    eligibility: [
      async (user) => {
        const state = await service.eligibility(user.id);
        if (state === 'active') return { allow: true };
        return { allow: false, message: state === 'inactive' ? INACTIVE_INSPECTOR : NOT_AN_INSPECTOR };
      },
    ],
    async home(user: PortalUser): Promise<PortalPageContent> {
      const all = await service.assignedTo(user.id);
      const open = all.filter((x) => x.status === 'scheduled' || x.status === 'in-progress');
      const done = all.length - open.length;
      return {
        heading: `Welcome, ${user.displayName ?? user.userName ?? user.email}`,
        intro: open.length
          ? `You have ${open.length} open inspection${open.length === 1 ? '' : 's'}. Open one to record your findings and submit the result.`
          : 'You have no open inspections. New inspections appear here when they are assigned to you.',
        sections: [
          {
            title: 'Your open inspections',
            html: open.length
              ? html`<ul class="links">${open.map((x) => html`<li><a href="${INSPECTIONS_PATH}/${x.id}">${x.reference}: ${x.premisesAddress}, ${when(x.scheduledFor)} (${labelOf(INSPECTION_TYPES, x.inspectionType)}, ${labelOf(INSPECTION_STATUSES, x.status).toLowerCase()})</a></li>`)}</ul>`
              : html`<p>Nothing to do right now.</p>`,
          },
          {
            title: 'All your inspections',
            html: html`<p>${all.length} assigned to you, ${done} of them submitted or closed. <a href="${INSPECTIONS_PATH}">See all your inspections</a></p>`,
          },
        ],
      };
    },
  };
}
