import { type DecodeContext, noContinuation } from '../decode-context'
import type { TreeNode } from '../types'
import { defineStrategy, type StrategyOutput } from './strategy'
import { z } from 'zod'

/** Takes the most probable token at every step; ties go to the lower token id. */
export async function greedy(ctx: DecodeContext): Promise<StrategyOutput> {
  ctx.keepDistributions = false
  try {
    return await greedyFrom(ctx, ctx.start)
  } finally {
    ctx.model.lookahead?.(false)
  }
}

async function greedyFrom(ctx: DecodeContext, start: TreeNode): Promise<StrategyOutput> {
  let node = start
  while (!ctx.isComplete(node)) {
    // A backend may evaluate the most probable continuation ahead, unless this is the last step.
    ctx.model.lookahead?.(node.depth + 1 < ctx.maxDepth)
    const { top } = await ctx.expand(node.id)
    if (top.ids.length === 0) throw noContinuation(ctx, node.id)
    node = ctx.childAt(node.id, top, 0)
    ctx.tree.mark(node.id, 'kept')
    ctx.progress(node.depth, node.id)
  }
  ctx.tree.markPath(node.id, 'chosen')
  return { sequences: [await ctx.sequence(node.id)] }
}

export const greedyStrategy = defineStrategy({
  display: { zh: '贪心搜索', params: {} },
  summary: 'none: the most probable token, ties to the lower token id',
  schema: () => z.strictObject({}),
  run: (ctx) => greedy(ctx),
  presets: [{}],
})
