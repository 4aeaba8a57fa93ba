export * from './origin.js';
export * from './unknown.js';
export * from './network.js';
export * from './diagnostic.js';
export * from './protocol.js';
export * from './append.js';
