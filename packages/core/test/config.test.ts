import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { z } from 'zod';
import { ConfigError, buildNavTree, parseEnv } from '../src/index';

const schema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_URL: z.string().regex(/^postgres:\/\//, 'must start with postgres://').optional(),
});

test('defaults apply when variables are unset or empty', () => {
  assert.equal(parseEnv(schema, { PORT: '' }), { PORT: 3000 });
  assert.equal(parseEnv(schema, { PORT: '8080', DATABASE_URL: 'postgres://x/y' }), { PORT: 8080, DATABASE_URL: 'postgres://x/y' });
});

test('a bad value is refused with a message naming each variable and its value', () => {
  try {
    parseEnv(schema, { PORT: 'eighty', DATABASE_URL: 'mysql://x' });
    assert.unreachable();
  } catch (error) {
    assert.instance(error, ConfigError);
    const message = (error as Error).message;
    assert.match(message, 'PORT (got "eighty")');
    assert.match(message, 'DATABASE_URL (got "mysql://x"): must start with postgres://');
  }
});

test('navigation: sorted, filtered by privilege, empty sections and modules dropped', () => {
  const tree = buildNavTree(
    [
      {
        registerNavigation(r) {
          r.addModule({ id: 'security', label: 'Security', privilege: 'module.security', order: 10 });
          r.addModule({ id: 'licensing', label: 'Licensing', order: 20 });
          r.addSection({ id: 'iam', moduleId: 'security', label: 'IAM User Management' });
          r.addSection({ id: 'records', moduleId: 'licensing', label: 'Records' });
          r.addItem({ id: 'portal-users', sectionId: 'iam', label: 'Portal Users', path: '/security/portal-users' });
          r.addItem({ id: 'staff', sectionId: 'iam', label: 'Staff Users', path: '/security/staff', order: 1 });
          r.addItem({ id: 'licenses', sectionId: 'records', label: 'Licenses', path: '/licensing/licenses', privilege: 'entity.license.read' });
        },
      },
    ],
    (privilege) => privilege === 'module.security',
  );
  assert.equal(tree.modules.map((m) => m.id), ['security'], 'licensing has no visible item left');
  assert.equal(tree.modules[0]!.sections[0]!.items.map((i) => i.label), ['Staff Users', 'Portal Users']);
  assert.equal(buildNavTree([], () => true).modules, []);
});

test.run();
