import { html, type PortalContribution, type PortalPageContent, type PortalUser } from '@portico/plugin-portal/node';
import type { DocumentSearchService } from './document-search-service';

/** Where the Document Portal lives; its "My documents" pages are under it. */
export const DOCUMENT_PORTAL = { id: 'documents', title: 'Document Portal', basePath: '/portal/documents' } as const;
export const DOCUMENT_PORTAL_SEARCHES = `${DOCUMENT_PORTAL.basePath}/searches`;
export const DOCUMENT_PORTAL_UPLOAD = `${DOCUMENT_PORTAL.basePath}/upload`;

/**
 * The Document Portal (`/portal/documents`), run by the portal runtime (sign-in, Forgot Password,
 * account, sign-out come from it). Open to portal users who have been given at least one search
 * or upload category. Its home lists the user's searches ("My documents") and the upload link;
 * the search, results, download and upload pages are {@link DocumentsPortalPages}.
 */
export function documentPortal(service: DocumentSearchService): PortalContribution {
  return {
    ...DOCUMENT_PORTAL,
    selfActivation: false,
    eligibility: [
      async (user) => {
        const [searches, uploads] = await Promise.all([service.assignments(user.id), service.uploadPermissionsOf(user.id)]);
        return searches.length || uploads.length
          ? { allow: true }
          : { allow: false, message: 'The Document Portal is for users who have been given access to documents. Ask your contact to give you a search.' };
      },
    ],
    async home(user: PortalUser): Promise<PortalPageContent> {
      const [searches, uploads] = await Promise.all([service.searchesOf(user.id), service.uploadPermissionsOf(user.id)]);
      return {
        heading: 'My documents',
        intro: `Signed in as ${user.displayName ?? user.userName ?? user.email}. Choose a search to find your documents.`,
        sections: [
          {
            title: 'Your searches',
            ...(searches.length
              ? { html: html`<ul class="links">${searches.map((s) => html`<li><a href="${DOCUMENT_PORTAL_SEARCHES}/${s.queryNo}">${s.name}</a></li>`)}</ul>` }
              : { paragraphs: ['You have no searches yet.'] }),
          },
          ...(uploads.length
            ? [{ title: 'Send us a document', html: html`<p>Upload a document with its details; it then shows up in your searches.</p><ul class="links"><li><a href="${DOCUMENT_PORTAL_UPLOAD}">Upload a document</a></li></ul>` }]
            : []),
        ],
      };
    },
  };
}
