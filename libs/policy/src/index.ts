export * from './money';
export * from './aid-standards';
export * from './entitlement';
export * from './graduation';
