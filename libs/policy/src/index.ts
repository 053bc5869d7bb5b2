export * from './money';
export * from './aid-standards';
export * from './entitlement';
export * from './graduate-compensation';
export * from './scheme-names';
export * from './graduation';
export * from './reasons';
