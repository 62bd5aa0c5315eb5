/**
 * The demo: a fictional dealer group (world), the local review site that
 * serves it to the real crawlers (site) and the repwatch config pointing at it.
 */
export * from './world/index';
export * from './site/index';
export { demoConfigObject, DEMO_BROWSER_LOCATION } from './config';
