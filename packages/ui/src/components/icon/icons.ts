/**
 * The workbench icon set: simple line icons drawn on a 24×24 grid, stroked with
 * `currentColor`. Each icon is a list of SVG path `d` strings. Plugins may add icons with
 * `registerIcon()`.
 */
const circle = (cx: number, cy: number, r: number): string =>
  `M${cx - r} ${cy}a${r} ${r} 0 1 0 ${2 * r} 0a${r} ${r} 0 1 0 ${-2 * r} 0z`;
const dot = (x: number, y: number): string => `M${x} ${y}h.01`;

const icons = new Map<string, readonly string[]>(
  Object.entries({
    menu: ['M4 6h16', 'M4 12h16', 'M4 18h16'],
    grid: [
      'M5 5h2v2H5z', 'M11 5h2v2h-2z', 'M17 5h2v2h-2z',
      'M5 11h2v2H5z', 'M11 11h2v2h-2z', 'M17 11h2v2h-2z',
      'M5 17h2v2H5z', 'M11 17h2v2h-2z', 'M17 17h2v2h-2z',
    ],
    apps: ['M4 4h6v6H4z', 'M14 4h6v6h-6z', 'M4 14h6v6H4z', 'M14 14h6v6h-6z'],
    shield: ['M12 3l7 3v5c0 4.5-3 8.2-7 10-4-1.8-7-5.5-7-10V6z'],
    'shield-check': ['M12 3l7 3v5c0 4.5-3 8.2-7 10-4-1.8-7-5.5-7-10V6z', 'M9 12l2 2 4-4'],
    users: [circle(9, 8, 3.5), 'M2.5 20c0-3.6 2.9-6.5 6.5-6.5s6.5 2.9 6.5 6.5', 'M15.5 4.8a3.5 3.5 0 0 1 0 6.4', 'M18 14c2.1.8 3.5 3 3.5 6'],
    user: [circle(12, 8, 4), 'M4 21c0-4.4 3.6-8 8-8s8 3.6 8 8'],
    search: [circle(10.5, 10.5, 6.5), 'M15.5 15.5L20 20'],
    plus: ['M12 5v14', 'M5 12h14'],
    minus: ['M5 12h14'],
    close: ['M6 6l12 12', 'M18 6L6 18'],
    check: ['M5 12.5l4.5 4.5L19 7.5'],
    'chevron-down': ['M6 9l6 6 6-6'],
    'chevron-up': ['M6 15l6-6 6 6'],
    'chevron-left': ['M15 6l-6 6 6 6'],
    'chevron-right': ['M9 6l6 6-6 6'],
    'arrow-left': ['M19 12H5', 'M11 6l-6 6 6 6'],
    'arrow-right': ['M5 12h14', 'M13 6l6 6-6 6'],
    refresh: ['M19.5 9.5A8 8 0 0 0 5.2 7.5', 'M4.5 3.5v4.5H9', 'M4.5 14.5a8 8 0 0 0 14.3 2', 'M19.5 20.5V16H15'],
    download: ['M12 4v11', 'M7 10l5 5 5-5', 'M5 20h14'],
    upload: ['M12 20V9', 'M7 14l5-5 5 5', 'M5 4h14'],
    save: ['M5 4h11l3 3v13H5z', 'M8 4v5h7V4', 'M8 20v-6h8v6'],
    edit: ['M4 20h4L19 9l-4-4L4 16z', 'M13.5 6.5l4 4'],
    trash: ['M4 7h16', 'M9.5 7V4h5v3', 'M6 7l1 13h10l1-13', 'M10 11v5', 'M14 11v5'],
    inbox: ['M3 13l3-8h12l3 8v6H3z', 'M3 13h5l1.5 3h5l1.5-3h5'],
    'id-card': ['M3 5h18v14H3z', circle(8.5, 10.5, 2), 'M5.5 16c.6-1.5 1.7-2.5 3-2.5s2.4 1 3 2.5', 'M14 10h4', 'M14 14h4'],
    clipboard: ['M9 3h6v3H9z', 'M9 4.5H5.5V21h13V4.5H15', 'M9 11h6', 'M9 15h4'],
    home: ['M3.5 11L12 4l8.5 7', 'M6 9v11h12V9', 'M10 20v-6h4v6'],
    'sign-out': ['M10 4H5v16h5', 'M15 8l4 4-4 4', 'M19 12H9'],
    'sign-in': ['M14 4h5v16h-5', 'M9 8l4 4-4 4', 'M13 12H3'],
    mail: ['M3 5h18v14H3z', 'M3 6l9 7 9-7'],
    lock: ['M5 11h14v10H5z', 'M8 11V8a4 4 0 0 1 8 0v3'],
    key: [circle(8, 15, 4), 'M11 12l8-8', 'M16 7l3 3', 'M14 9l2 2'],
    file: ['M6 3h8l4 4v14H6z', 'M14 3v4h4'],
    'file-text': ['M6 3h8l4 4v14H6z', 'M14 3v4h4', 'M9 12h6', 'M9 16h6'],
    folder: ['M3 6h6l2 2h10v11H3z'],
    building: ['M4 21V4h10v17', 'M14 9h6v12', 'M2.5 21h19', 'M7.5 8h3', 'M7.5 12h3', 'M7.5 16h3', 'M17 13h.01', 'M17 17h.01'],
    calendar: ['M4 6h16v15H4z', 'M4 10h16', 'M8 3v5', 'M16 3v5'],
    clock: [circle(12, 12, 9), 'M12 7v5l3 2'],
    bell: ['M6 16V11a6 6 0 0 1 12 0v5l2 2H4z', 'M10 20.5a2 2 0 0 0 4 0'],
    filter: ['M4 5h16l-6 7.5V19l-4-2v-4.5z'],
    sliders: ['M4 7h9', 'M17 7h3', 'M4 17h3', 'M11 17h9', circle(15, 7, 2), circle(9, 17, 2)],
    info: [circle(12, 12, 9), 'M12 11v6', dot(12, 7.5)],
    help: [circle(12, 12, 9), 'M9.5 9.5a2.5 2.5 0 1 1 3.5 2.3c-.6.3-1 .8-1 1.5v.7', dot(12, 17)],
    alert: ['M12 4l9.5 16h-19z', 'M12 10v4.5', dot(12, 17.5)],
    'check-circle': [circle(12, 12, 9), 'M8 12.5l3 3 5-6'],
    'x-circle': [circle(12, 12, 9), 'M9 9l6 6', 'M15 9l-6 6'],
    message: ['M4 5h16v11H10l-5 4v-4H4z'],
    'external-link': ['M14 4h6v6', 'M20 4l-9 9', 'M18 14v6H4V6h6'],
    more: [dot(5, 12), dot(12, 12), dot(19, 12)],
    'more-vertical': [dot(12, 5), dot(12, 12), dot(12, 19)],
    list: ['M9 6h11', 'M9 12h11', 'M9 18h11', dot(4.5, 6), dot(4.5, 12), dot(4.5, 18)],
    landmark: ['M3 9l9-5 9 5', 'M4 9h16', 'M6.5 9v8.5', 'M10.5 9v8.5', 'M13.5 9v8.5', 'M17.5 9v8.5', 'M3 20.5h18'],
    compass: [circle(12, 12, 9), 'M15.5 8.5l-2 5-5 2 2-5z'],
  }),
);

/** Adds (or replaces) an icon; `paths` are SVG path `d` strings on a 24×24 grid. */
export function registerIcon(name: string, paths: readonly string[]): void {
  icons.set(name, paths);
}

export function getIcon(name: string): readonly string[] | undefined {
  return icons.get(name);
}

export function iconNames(): string[] {
  return [...icons.keys()].sort();
}
