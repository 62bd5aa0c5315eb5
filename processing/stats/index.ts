export * from './distributions';
export * from './shrinkage';
export * from './ranking';
export * from './correlation';
export * from './drop';
export * from './descriptive';
