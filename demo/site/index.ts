/** The demo review site served to the real crawlers. */
export { startDemoSite, statsPrefix, type DemoSite, type DemoSiteOptions, type DemoSiteStats } from './server';
export type { DemoFailure, DemoFailureKind } from './failures';
export { ROBOTS_TXT } from './routes';
export { sitePaths, siteView, type SitePaths, type SiteView } from './view';
export { MAPS_PAGE_SIZE, type MapsData } from './maps-page';
