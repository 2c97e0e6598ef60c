// The processor interface and the chain (processor.ts), and the three classic processors, one file each;
// the other families (truncation, penalties, DRY, XTC, Mirostat…) are imported from their own files.
export * from './processor'
export { temperature } from './temperature'
export { topK } from './top-k'
export { MASS_EPSILON, topP } from './top-p'
