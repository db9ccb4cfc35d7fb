/** The composition root: what index.ts starts. Nothing but index.ts imports server/. */
export { startApplication } from './application';
export { mountFeatures } from './features';
