export { withLeakguard } from './integrations/next'
export type { NextConfigFunction, NextConfigInput, NextConfigObject } from './integrations/next'
