import { z } from 'zod';

/** Input of `POST /api/hello/greetings`; shared by server and browser. */
export const CreateGreeting = z.object({
  message: z.string().trim().min(1, 'is required').max(200, 'must be at most 200 characters'),
});
export type CreateGreeting = z.infer<typeof CreateGreeting>;

export interface Greeting {
  id: number;
  message: string;
  createdAt: string;
}
