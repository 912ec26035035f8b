import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type express from 'express';
import { engine } from 'express-handlebars';
import { viewHelpers } from './view-helpers.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

// Handlebars views under portal/views. {{value}} escapes HTML, and the only triple-stash is the
// layout's {{{body}}}, the page that Handlebars has already rendered with escaping.
export function configureViews(app: express.Express): void {
  app.engine('hbs', engine({
    extname: '.hbs',
    defaultLayout: 'main',
    layoutsDir: path.join(here, 'views', 'layouts'),
    partialsDir: path.join(here, 'views', 'partials'),
    helpers: viewHelpers,
  }));
  app.set('view engine', 'hbs');
  app.set('views', path.join(here, 'views'));
}

export const publicAssets = path.join(here, 'public');
