/** The demo world: a fictional dealer group with 18 months of reviews and internal CX scores. */
export { buildDemoWorld, todayUtcMidnight, type DemoWorldOptions } from './build';
export { buildDemoCx, demoCxCsv, cxMonths, DEMO_CX_HEADER, type DemoCxRow } from './cx';
export { DEMO_PHASES, demoPhaseChanges, demoReviewsAt, phaseCutoffMs, type DemoEdit, type DemoPhaseChanges } from './phases';
export { HOSTILE_TEXT } from './reviews';
export { STORY, locationMean, personOffset } from './story';
export * from './types';
