import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
let axeSource: string | undefined;

interface AxeNode {
  target: unknown[];
  failureSummary?: string;
  html: string;
}

export interface AxeViolation {
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  helpUrl: string;
  nodes: AxeNode[];
}

export interface A11yOptions {
  /** Rule ids to skip (explain why at the call site). */
  disableRules?: string[];
  /** Only check inside this selector. */
  include?: string;
  /** Impacts that fail the check (default serious and critical). */
  failOn?: Array<NonNullable<AxeViolation['impact']>>;
}

/** Runs axe-core (injected into the page) and returns every violation. */
export async function runAxe(page: Page, options: A11yOptions = {}): Promise<AxeViolation[]> {
  axeSource ??= await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === 'object');
  // Evaluated through the DevTools protocol rather than a <script> tag, so the page's
  // Content-Security-Policy (script-src 'self') stays in force for the app under test.
  if (!loaded) await page.evaluate(`${axeSource}\n;void 0`);
  return page.evaluate(
    async ({ include, disableRules }) => {
      const axe = (window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
      const rules = Object.fromEntries(disableRules.map((id) => [id, { enabled: false }]));
      const result = await axe.run(include ? { include: [include] } : document, { rules, resultTypes: ['violations'] });
      return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        helpUrl: v.helpUrl,
        nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary ?? '', html: n.html })),
      }));
    },
    { include: options.include, disableRules: options.disableRules ?? [] },
  );
}

/** Formats violations as a readable list, one rule per block with the offending elements. */
export function formatViolations(violations: readonly AxeViolation[]): string {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 5)
        .map((n) => `    - ${JSON.stringify(n.target)} ${n.html.slice(0, 160)}\n      ${(n.failureSummary ?? '').replace(/\n/g, '\n      ')}`)
        .join('\n');
      const more = v.nodes.length > 5 ? `\n    … and ${v.nodes.length - 5} more` : '';
      return `  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n${nodes}${more}`;
    })
    .join('\n');
}

/**
 * Fails (throws) when axe-core finds serious or critical accessibility violations on the page;
 * the error lists each rule with the elements at fault. Returns the milder violations.
 */
export async function expectNoSeriousA11yViolations(page: Page, options: A11yOptions = {}): Promise<AxeViolation[]> {
  const failOn = options.failOn ?? ['serious', 'critical'];
  const violations = await runAxe(page, options);
  const serious = violations.filter((v) => v.impact && failOn.includes(v.impact));
  if (serious.length) {
    throw new Error(`axe-core found ${serious.length} serious accessibility violation(s) on ${page.url()}:\n${formatViolations(serious)}`);
  }
  return violations.filter((v) => !serious.includes(v));
}
