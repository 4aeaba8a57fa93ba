export * from './interval-set.js';
export * from './ports.js';
export * from './addresses.js';
