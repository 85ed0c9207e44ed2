import { z } from 'zod';

/**
 * The steps of the license application form in the Applicant Portal, in order. Each step is
 * saved on its own (save and continue); `review` submits.
 */
export const APPLICATION_STEPS = [
  { id: 'type', title: 'License type' },
  { id: 'about', title: 'About you' },
  { id: 'address', title: 'Your address' },
  { id: 'documents', title: 'Qualifications and documents' },
  { id: 'review', title: 'Check and submit' },
] as const;
export type ApplicationStepId = (typeof APPLICATION_STEPS)[number]['id'];
export const stepIndex = (id: ApplicationStepId): number => APPLICATION_STEPS.findIndex((s) => s.id === id);

const text = (max: number, missing: string) => z.string().trim().min(1, missing).max(max, `Use at most ${max} characters.`);
const optionalText = (max: number) =>
  z.string().trim().max(max, `Use at most ${max} characters.`).transform((v) => (v === '' ? null : v)).nullable().optional();

/** `YYYY-MM-DD`, a real calendar day. */
export const IsoDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter the date as year-month-day, for example 1990-04-27.')
  .refine((v) => {
    const d = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
  }, 'Enter a real date.');

/** Age in whole years on `today` of someone born on `birth` (both `YYYY-MM-DD`). */
export function ageOn(birth: string, today: string): number {
  const [by, bm, bd] = birth.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

export const TypeStep = z.object({ licenseTypeId: z.uuid({ message: 'Choose the license you are applying for.' }) });

export const AboutStep = z.object({
  firstName: text(100, 'Enter your first name.'),
  lastName: text(100, 'Enter your last name.'),
  dateOfBirth: z.string().trim().min(1, 'Enter your date of birth.').pipe(IsoDate),
  phone: optionalText(40).refine((v) => v == null || /^[+0-9 ()-]{6,40}$/.test(v), 'Enter a phone number using digits, spaces and + ( ) - only.'),
});

export const AddressStep = z.object({
  addressLine1: text(200, 'Enter the first line of your address.'),
  addressLine2: optionalText(200),
  city: text(100, 'Enter your town or city.'),
  postalCode: text(20, 'Enter your postal code.'),
  country: text(100, 'Enter your country.'),
});

export const DocumentsStep = z.object({ qualifications: optionalText(4000) });

export const ReviewStep = z.object({ declaration: z.literal('yes', { message: 'Confirm that the information you gave is true and complete.' }) });

export const STEP_SCHEMAS = { type: TypeStep, about: AboutStep, address: AddressStep, documents: DocumentsStep, review: ReviewStep } as const;

/** Staff decision on a submitted application. */
export const DecisionInput = z.object({ note: z.string().trim().max(2000).optional() });
export const RejectInput = z.object({ note: z.string().trim().min(1, 'Give the reason for the rejection (the applicant sees it).').max(2000) });
