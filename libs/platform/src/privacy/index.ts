export * from './key-ring';
export * from './field-cipher';
