import type { PortalContribution, PortalPageContent, PortalUser } from './portal-contribution';

/** The Applicant Portal: anyone may activate an account (verified by e-mail); no eligibility rule. */
export const applicantPortal: PortalContribution = {
  id: 'applicant',
  title: 'Applicant Portal',
  basePath: '/portal/applicant',
  selfActivation: true,
  eligibility: [],
  home(user: PortalUser): PortalPageContent {
    return {
      heading: `Welcome, ${user.displayName ?? user.userName ?? user.email}`,
      intro: 'This is your Applicant Portal. Your details are below; you can change them under Account.',
      sections: [
        {
          title: 'Your details',
          items: [
            { label: 'Display name', value: user.displayName },
            { label: 'E-mail address', value: user.email },
            { label: 'User name', value: user.userName },
            { label: 'E-mail verified', value: user.emailVerifiedAt ? 'Yes' : 'No' },
            { label: 'Last sign-in', value: user.lastSignInAt },
            { label: 'Account created', value: user.createdAt },
          ],
        },
      ],
    };
  },
};
