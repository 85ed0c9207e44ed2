import { Router } from 'express';
import { buildNavTree, type NavContribution } from '@portico/core';

/** What the browser shell asks the server for: the navigation tree (filtered by privileges once auth exists). */
export function shellRoutes(nav: readonly NavContribution[]): Router {
  const router = Router();
  router.get('/navigation', (_req, res) => {
    res.json(buildNavTree(nav));
  });
  return router;
}
