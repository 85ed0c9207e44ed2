import { Router } from 'express';
import { inject, injectable } from 'inversify';
import { desc } from 'drizzle-orm';
import { guard } from '@portico/access';
import type { RouteContribution } from '@portico/core';
import { Database } from '@portico/db';
import { CreateGreeting, type Greeting } from '../common/index';
import { greetings } from './hello-schema';

/**
 * `GET /api/hello/greetings` lists greetings; `POST` adds one (validated with zod). Both are
 * public, as an example; like every write, the POST still needs the session's CSRF token.
 */
@injectable()
export class HelloRoutes implements RouteContribution {
  readonly path = 'hello';

  constructor(@inject(Database) private readonly db: Database) {}

  createRouter(): Router {
    const router = Router();
    router.get('/greetings', guard({ public: true }), async (_req, res) => {
      const rows = await this.db.select().from(greetings).orderBy(desc(greetings.id)).limit(100);
      res.json({ items: rows.map(toGreeting) });
    });
    router.post('/greetings', guard({ public: true }), async (req, res) => {
      const input = CreateGreeting.parse(req.body ?? {});
      const [row] = await this.db.insert(greetings).values(input).returning();
      res.status(201).json(toGreeting(row!));
    });
    return router;
  }
}

function toGreeting(row: typeof greetings.$inferSelect): Greeting {
  return { id: row.id, message: row.message, createdAt: row.createdAt.toISOString() };
}
