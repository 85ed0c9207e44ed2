import { css } from 'lit';

/**
 * The design tokens of the `wb-` design system, as CSS custom properties on `:root`.
 *
 * Components only read `var(--wb-…)`; a licensing body re-brands the workbench by overriding
 * a handful of these (usually `--wb-color-accent*` and `--wb-color-chrome*`) in its own
 * stylesheet, without forking a component. Colours are chosen for WCAG 2.2 AA: every text
 * colour below reaches at least 4.5:1 on the surface it is meant for.
 *
 * @example
 * ```css
 * :root { --wb-color-accent: #6b2c91; --wb-color-accent-hover: #56227a; }
 * ```
 */
export const tokens = css`
  :root {
    /* Typography */
    --wb-font-family: system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', 'Noto Sans',
      'Liberation Sans', Arial, sans-serif;
    --wb-font-family-mono: ui-monospace, 'SFMono-Regular', 'Cascadia Mono', 'Liberation Mono', Menlo, monospace;
    --wb-font-size-xs: 12px;
    --wb-font-size-sm: 13px;
    --wb-font-size-md: 14px; /* workbench base */
    --wb-font-size-lg: 16px; /* portal base */
    --wb-font-size-xl: 20px;
    --wb-font-size-2xl: 24px;
    --wb-font-size-base: var(--wb-font-size-md);
    --wb-line-height: 1.43; /* 20px at 14px */
    --wb-line-height-tight: 1.25;
    --wb-font-weight-normal: 400;
    --wb-font-weight-medium: 500;
    --wb-font-weight-semibold: 600;

    /* Spacing: a 4px grid */
    --wb-space-0-5: 2px;
    --wb-space-1: 4px;
    --wb-space-2: 8px;
    --wb-space-3: 12px;
    --wb-space-4: 16px;
    --wb-space-5: 20px;
    --wb-space-6: 24px;
    --wb-space-8: 32px;
    --wb-space-10: 40px;
    --wb-space-12: 48px;

    /* Neutral greys (text colours checked on white and on --wb-color-bg) */
    --wb-color-gray-0: #ffffff;
    --wb-color-gray-50: #f6f7f9;
    --wb-color-gray-100: #eef0f3;
    --wb-color-gray-200: #e1e5ea;
    --wb-color-gray-300: #cdd3da;
    --wb-color-gray-400: #a3acb8;
    --wb-color-gray-500: #7a8593;
    --wb-color-gray-600: #5a6573; /* 5.9:1 on white */
    --wb-color-gray-700: #434c58;
    --wb-color-gray-800: #2c333c;
    --wb-color-gray-900: #1a1f25;

    /* Roles */
    --wb-color-bg: var(--wb-color-gray-50);
    --wb-color-surface: var(--wb-color-gray-0);
    --wb-color-surface-hover: var(--wb-color-gray-100);
    --wb-color-surface-sunken: var(--wb-color-gray-100);
    --wb-color-border: var(--wb-color-gray-200);
    --wb-color-border-strong: var(--wb-color-gray-300);
    --wb-color-border-input: #8a94a1; /* 3:1 non-text contrast on white */
    --wb-color-text: var(--wb-color-gray-900);
    --wb-color-text-muted: var(--wb-color-gray-600);
    --wb-color-text-inverse: #ffffff;

    /* One accent colour, for primary actions, links, selection */
    --wb-color-accent: #0b5cad; /* 6.6:1 on white */
    --wb-color-accent-hover: #094b8e;
    --wb-color-accent-active: #073b70;
    --wb-color-accent-subtle: #e8f1fb;
    --wb-color-accent-subtle-hover: #d6e6f8;
    --wb-color-accent-text: #0a539c; /* on --wb-color-accent-subtle: 6.5:1 */
    --wb-color-on-accent: #ffffff;

    /* Semantic colours, used sparingly */
    --wb-color-success: #1b7a3a;
    --wb-color-success-subtle: #e7f4ea;
    --wb-color-warning: #8a5a00;
    --wb-color-warning-subtle: #fdf3dc;
    --wb-color-danger: #c0262d;
    --wb-color-danger-hover: #a11d23;
    --wb-color-danger-subtle: #fdecec;

    /* Chrome: the menu bar across the top */
    --wb-color-chrome: #1e2a38;
    --wb-color-chrome-raised: #2b3a4c;
    --wb-color-chrome-hover: #34465b;
    --wb-color-chrome-border: #3a4b5f;
    --wb-color-chrome-text: #ffffff;
    --wb-color-chrome-text-muted: #c3ccd7; /* 9:1 on chrome */

    /* Focus ring: visible on light and dark surfaces */
    --wb-focus-ring-color: #0b5cad;
    --wb-focus-ring-color-inverse: #9fc8f5;
    --wb-focus-ring-width: 2px;
    --wb-focus-ring-offset: 2px;
    --wb-focus-ring: var(--wb-focus-ring-width) solid var(--wb-focus-ring-color);

    /* Shape and depth */
    --wb-radius-sm: 3px;
    --wb-radius-md: 4px;
    --wb-radius-lg: 8px;
    --wb-radius-full: 9999px;
    --wb-shadow-sm: 0 1px 2px rgb(16 24 40 / 0.06), 0 1px 3px rgb(16 24 40 / 0.08);
    --wb-shadow-md: 0 4px 12px rgb(16 24 40 / 0.12), 0 1px 3px rgb(16 24 40 / 0.08);
    --wb-shadow-lg: 0 12px 32px rgb(16 24 40 / 0.18), 0 2px 6px rgb(16 24 40 / 0.08);
    --wb-color-backdrop: rgb(16 24 40 / 0.32);

    /* Sizes */
    --wb-control-height-sm: 28px;
    --wb-control-height-md: 32px;
    --wb-menu-bar-height: 48px;
    --wb-drawer-width: 320px;

    /* Layers */
    --wb-z-menu-bar: 100;
    --wb-z-popover: 1000;
    --wb-z-tooltip: 1200;

    /* Motion */
    --wb-duration-fast: 120ms;
    --wb-duration-normal: 200ms;
    --wb-easing: cubic-bezier(0.2, 0, 0, 1);
  }

  @media (prefers-reduced-motion: reduce) {
    :root {
      --wb-duration-fast: 0ms;
      --wb-duration-normal: 0ms;
    }
  }
`;
