// Test helpers for the core: small table models written inline, and short ways to run a strategy.
// Imports no Node module, like the rest of src/core; tests read the built-in tables themselves.
import { decode, DEFAULT_MAX_TOKENS, DEFAULT_TOP_N } from '../decode'
import { TableModel } from '../models/table-model'
import { parseTable, TABLE_FORMAT } from '../models/table-schema'
import { parseStrategySpec } from '../strategy-spec'
import type { LanguageModel, RunResult, TreeNode } from '../types'

/** A table model from parsed JSON, validated as a model file is. */
export function tableModel(id: string, json: unknown): TableModel {
  return new TableModel(id, parseTable(json, `${id}.table.json`))
}

export interface InlineTable {
  vocab: string[]
  rules?: { context: string[]; next: Record<string, number> }[]
  default?: Record<string, number>
  bos?: string
  eos?: string
  joiner?: string
}

/** A table written in a test; BOS "<s>", EOS "</s>" and joiner " " unless given. */
export function table(id: string, t: InlineTable): TableModel {
  return tableModel(id, { format: TABLE_FORMAT, name: id, bos: '<s>', eos: '</s>', joiner: ' ', rules: [], ...t })
}

export interface RunOptions {
  prompt?: string
  maxTokens?: number
  topN?: number
  signal?: AbortSignal
}

/** Decodes a strategy spec such as "beam:width=2". A sampling spec must carry its seed. */
export async function run(model: LanguageModel, spec: string, options: RunOptions = {}): Promise<RunResult> {
  const strategy = parseStrategySpec(spec, () => {
    throw new Error(`test spec "${spec}" needs an explicit seed`)
  })
  return decode(model, await model.tokenize(options.prompt ?? ''), strategy, {
    maxTokens: options.maxTokens ?? DEFAULT_MAX_TOKENS,
    topN: options.topN ?? DEFAULT_TOP_N,
    signal: options.signal,
  })
}

/** The sequences of a run as space-joined token texts, best first. */
export function tokenTexts(result: RunResult): string[] {
  return result.sequences.map((s) => s.tokens.join(' '))
}

/** The tree node reached from the root through the given token texts; throws when it is absent. */
export function nodeAt(tree: readonly TreeNode[], ...texts: string[]): TreeNode {
  let node = tree[0]
  for (const text of texts) {
    const child = tree.find((n) => n.parent === node.id && n.text === text)
    if (!child) throw new Error(`no tree node at "${texts.join(' ')}" (stopped before "${text}")`)
    node = child
  }
  return node
}

/** Children of a node, in creation order. */
export function childrenOf(tree: readonly TreeNode[], id: number): TreeNode[] {
  return tree.filter((n) => n.parent === id)
}
