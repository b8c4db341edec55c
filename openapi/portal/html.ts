/** The portal's page frame and HTML escaping. Static, dependency-free markup: the portal must load offline. */

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

const STYLE = `
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #1d2330; }
h1 { font-size: 1.6rem; } h2 { margin-top: 2rem; text-transform: capitalize; } .changelog h2 { text-transform: none; }
nav { margin-bottom: 1rem; } .changelog h3 { margin-bottom: .25rem; } .changelog li { margin: .2rem 0; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: .5rem; border-bottom: 1px solid #e3e6ec; vertical-align: top; }
.muted { color: #5c6475; font-size: .875rem; } .nowrap { white-space: nowrap; }
.badge { display: inline-block; padding: .1rem .5rem; border-radius: .75rem; font-size: .8rem; font-weight: 600; }
.badge-active { background: #dff5e3; color: #17692b; } .badge-deprecated { background: #fff1cc; color: #7a5600; } .badge-retired { background: #f3d9d9; color: #8a1c1c; }
code { background: #f3f4f7; padding: 0 .25rem; border-radius: .25rem; }
`;

export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body>${body}</body></html>`;
}

/** The deprecation banner on a version's Swagger UI page (swagger-ui-express's `customCss`). */
export const BANNER_CSS = `
.lifecycle-banner { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 1460px; margin: 1rem auto; padding: .75rem 1.25rem; border-radius: .5rem; border: 1px solid; color: #1d2330; }
.lifecycle-banner p { margin: .25rem 0; } .lifecycle-banner ul { margin: .25rem 0; }
.lifecycle-deprecated { background: #fff8e1; border-color: #f0c24b; } .lifecycle-retired { background: #fbeaea; border-color: #d97b7b; }
.lifecycle-note { white-space: pre-line; } .lifecycle-banner code { background: rgba(0, 0, 0, .06); padding: 0 .25rem; border-radius: .25rem; }
`;
