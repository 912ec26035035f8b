// Copies the files the compiled processes read at run time (views, stylesheets, rule packs and
// their schemas) next to the JavaScript that `tsc -p tsconfig.build.json` writes to dist/, so the
// Procfile's processes find them where the sources do.
import { cpSync, existsSync } from 'node:fs';

const ASSET_FILES = ['services/gateway/openapi/reference-page.css'];

const ASSET_FOLDERS = [
  'portal/views',
  'portal/public',
  'deploy/idp/assets',
  'services/rules/packs',
  'services/rules/schema',
];

for (const file of ASSET_FILES) {
  cpSync(file, `dist/${file}`);
  console.log(`copied ${file} to dist/${file}`);
}

for (const folder of ASSET_FOLDERS) {
  if (!existsSync(folder)) continue;
  cpSync(folder, `dist/${folder}`, { recursive: true });
  console.log(`copied ${folder} to dist/${folder}`);
}
