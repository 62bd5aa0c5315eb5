export * from './formulas';
export * from './reputation-index';
