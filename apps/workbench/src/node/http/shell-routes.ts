import { Router } from 'express';
import { guard } from '@portico/access';
import { csrfToken } from '@portico/auth';
import { buildNavTree, type NavContribution } from '@portico/core';

/**
 * What the browser shell asks the server for: who is signed in with their effective
 * privileges and the CSRF token (`/session`), and the navigation filtered by those
 * privileges (`/navigation`). The UI hides what the user cannot use; the server still
 * enforces every route.
 */
export function shellRoutes(nav: readonly NavContribution[]): Router {
  const router = Router();
  router.get('/session', guard({ public: true }), (req, res) => {
    const p = req.principal;
    res.json({
      user: p ? { kind: p.kind, id: p.id, name: p.displayName } : null,
      privileges: p ? p.privileges.toJSON() : {},
      csrfToken: csrfToken(req),
    });
  });
  router.get('/navigation', guard({ public: true }), (req, res) => {
    const privileges = req.principal?.privileges;
    res.json(buildNavTree(nav, (privilege) => privileges?.has(privilege) ?? false));
  });
  return router;
}
