import type { SequenceMetrics } from '../metrics/sequence-metrics'
import { z } from 'zod'
import { InputError } from '../errors'
import { jsonPath } from '../models/table-schema'
import { RUN_STATUSES } from '../records'
import { STRATEGY_NAMES, type StrategyName } from '../strategy-spec'
import type { Sequence, TreeNode } from '../types'
import { describeIssue } from '../schema-issue'

/**
 * The JSON report: one experiment (or one of its runs) with sequences and full trees, readable by
 * any Decoding Lab that knows this version. Log-probabilities of impossible prefixes (-Infinity)
 * are written as null, which is what JSON.stringify does with -Infinity anyway.
 * Version 2 adds to every tree node processedProb and filteredBy (null where no processor chain
 * ran) and to expanded nodes of sampling runs their sampler state; version 3 adds XTC's draw to
 * that state (sampler.xtcDraw). Versions 1 and 2 still read.
 */
export const REPORT_FORMAT = 'decoding-lab/report'
export const REPORT_VERSION = 3

const logProb = z
  .number()
  .nullable()
  .transform((v) => v ?? -Infinity)
const prob = z.number().min(0, 'probability must be in [0, 1]').max(1, 'probability must be in [0, 1]')
const count = z.number().int('must be a whole number').min(0, 'must be >= 0')
const timestamp = z.string().min(1)

const nodeSchema = z.strictObject({
  id: count,
  parent: count.nullable(),
  tokenId: count.nullable(),
  text: z.string(),
  prob,
  logProb,
  depth: count,
  rank: count,
  status: z.enum(['chosen', 'kept', 'pruned', 'filtered', 'candidate']),
  expanded: z.boolean(),
  otherMass: z.number().min(0).max(1).nullable(),
  entropy: z.number().min(0).nullable(),
  partial: z.boolean(),
  forced: z.literal(true).optional(),
  draft: z.strictObject({ proposed: count, accepted: count, rejected: count }).optional(),
  // JSON has no infinities: a score where the amateur gave probability 0 is written as null.
  contrastive: z
    .strictObject({
      amateurProb: prob,
      score: z
        .number()
        .nullable()
        .transform((v) => v ?? Infinity),
    })
    .optional(),
  processedProb: prob.nullable().optional(),
  filteredBy: z.string().min(1).nullable().optional(),
  sampler: z
    .strictObject({
      mirostatMu: z.number().optional(),
      adaptiveTarget: z.number().min(0).max(1).optional(),
      temperature: z.number().min(0).optional(),
      xtcDraw: z.number().min(0).max(1).optional(),
    })
    .optional(),
})

// JSON has no infinities: a log-likelihood of −∞ (an impossible token) is written as null.
const real = z.number().nullable()
const sequenceMetricsSchema = z
  .strictObject({
    logLikelihood: real,
    meanLogProb: real,
    perplexity: real,
    meanEntropy: real,
    surprisalVariance: real,
    repetitionPct: z.number().min(0).max(100),
    distinct1: real,
    distinct2: real,
    distinct3: real,
    length: count,
    steps: z.array(z.strictObject({ entropy: real, surprisal: real, rank: count })),
  })
  .transform((m) => m as SequenceMetrics)

const speculativeSchema = z.strictObject({
  drafted: count,
  accepted: count,
  rejected: count,
  acceptanceRate: z.number().min(0).max(1).nullable(),
  tokens: count,
  targetCalls: count,
  targetCallsSaved: z.number().int(),
  draftCalls: count,
})

const sequenceSchema = z.strictObject({
  tokenIds: z.array(count),
  tokens: z.array(z.string()),
  text: z.string(),
  logProb,
  probability: prob,
  finished: z.boolean(),
  steps: z.array(z.strictObject({ tokenId: count, token: z.string(), prob, logProb })),
  nodeId: count,
  expectedUtility: z.number().min(0).max(1).nullable().optional(),
  answer: z.string().nullable().optional(),
  stopReason: z.literal('contextEnd').optional(),
  contrastiveScore: z
    .number()
    .nullable()
    .transform((v) => v ?? Infinity)
    .optional(),
})

const provenanceSchema = z.strictObject({
  app: z.strictObject({ name: z.string(), version: z.string() }),
  model: z.strictObject({
    id: z.string(),
    kind: z.string(),
    sha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/, 'sha256 must be 64 hex digits')
      .nullable(),
    quantisation: z.string().nullable(),
  }),
  backend: z.strictObject({
    name: z.string(),
    version: z.string().nullable(),
    detail: z.string().nullable(),
    gpu: z
      .strictObject({
        backend: z.string().nullable(),
        device: z.string().nullable(),
        layers: z.number().int().min(0),
        reason: z.string().nullable(),
      })
      .optional(),
  }),
  strategy: z.strictObject({
    name: z.string(),
    parameters: z.record(z.string(), z.union([z.number(), z.string()])),
    chain: z.array(z.string()),
    seed: z.number().int().nullable(),
  }),
  nondeterminism: z
    .strictObject({ code: z.enum(['llama-cpu', 'llama-gpu', 'remote-batching']), note: z.string() })
    .nullable(),
  chat: z
    .strictObject({
      templateSha256: z.string().regex(/^[0-9a-f]{64}$/, 'templateSha256 must be 64 hex digits'),
      system: z.string().nullable(),
    })
    .optional(),
  modelOptions: z
    .strictObject({
      contextSize: z.number().int().min(1).optional(),
      gpuLayers: z.union([z.literal('auto'), z.number().int().min(0)]).optional(),
    })
    .optional(),
})

const runSchema = z
  .strictObject({
    position: count,
    strategy: z.strictObject({
      name: z.enum(STRATEGY_NAMES as [StrategyName, ...StrategyName[]]),
      params: z.record(z.string(), z.number()),
      draft: z.string().min(1).optional(),
      // As long as the app takes: score's text is a scored text (score.start's).
      textParams: z.record(z.string(), z.string().max(100_000)).optional(),
      forced: z.array(count).min(1).optional(),
    }),
    speculative: speculativeSchema.optional(),
    metrics: z
      .strictObject({
        sequences: z.array(sequenceMetricsSchema),
        selfBleu4: z.number().nullable(),
        zipf: z.number().nullable(),
        searchGap: z.number().nullable(),
        searchGapNote: z.string().optional(),
      })
      .optional(),
    provenance: provenanceSchema.optional(),
    status: z.enum(RUN_STATUSES),
    error: z.string().nullable(),
    optimal: z.boolean().nullable(),
    warnings: z.array(z.string()),
    createdAt: timestamp,
    finishedAt: timestamp.nullable(),
    elapsedMs: z.number().min(0).nullable(),
    sequences: z.array(sequenceSchema),
    tree: z.array(nodeSchema),
  })
  .superRefine((run, ctx) => {
    const ids = new Set<number>()
    let roots = 0
    run.tree.forEach((n, i) => {
      if (ids.has(n.id)) ctx.addIssue({ code: 'custom', path: ['tree', i, 'id'], message: `duplicate node id ${n.id}` })
      ids.add(n.id)
      if (n.parent === null) roots++
    })
    if (run.tree.length > 0 && roots !== 1)
      ctx.addIssue({
        code: 'custom',
        path: ['tree'],
        message: `a tree has exactly one root (parent null), found ${roots}`,
      })
    // Depths that grow by one along every parent link rule out cycles and self-parents: show and export walk these links.
    const depthOf = new Map(run.tree.map((n) => [n.id, n.depth]))
    run.tree.forEach((n, i) => {
      if (n.parent === null) {
        if (n.depth !== 0)
          ctx.addIssue({
            code: 'custom',
            path: ['tree', i, 'depth'],
            message: `the root (node ${n.id}) has depth ${n.depth}, not 0`,
          })
      } else if (n.parent === n.id)
        ctx.addIssue({ code: 'custom', path: ['tree', i, 'parent'], message: `node ${n.id} is its own parent` })
      else if (!ids.has(n.parent))
        ctx.addIssue({
          code: 'custom',
          path: ['tree', i, 'parent'],
          message: `parent ${n.parent} is not a node of this tree`,
        })
      else if (n.depth !== (depthOf.get(n.parent) as number) + 1) {
        ctx.addIssue({
          code: 'custom',
          path: ['tree', i, 'depth'],
          message: `node ${n.id} has depth ${n.depth} but its parent ${n.parent} has depth ${depthOf.get(n.parent)} (a tree's depths grow by one from the root; this one is broken or has a cycle)`,
        })
      }
    })
    run.sequences.forEach((s, i) => {
      if (!ids.has(s.nodeId))
        ctx.addIssue({
          code: 'custom',
          path: ['sequences', i, 'nodeId'],
          message: `node ${s.nodeId} is not a node of this tree`,
        })
      if (s.tokens.length !== s.tokenIds.length)
        ctx.addIssue({
          code: 'custom',
          path: ['sequences', i, 'tokens'],
          message: 'tokens and tokenIds differ in length',
        })
    })
  })

export const reportSchema = z
  .strictObject({
    format: z.literal(REPORT_FORMAT),
    version: z.union([z.literal(1), z.literal(2), z.literal(REPORT_VERSION)]),
    app: z.strictObject({ name: z.string(), version: z.string() }),
    exportedAt: timestamp,
    /** `experiment`: every run of it; `run`: the one run that was exported. */
    scope: z.enum(['experiment', 'run']),
    experiment: z.strictObject({
      /** Stable identity across databases: sha256 of what the experiment was (see experimentIdentity). */
      key: z.string().regex(/^[0-9a-f]{64}$/, 'key must be 64 hex digits'),
      modelId: z.string().min(1),
      modelKind: z.string().min(1),
      /** sha256 of the model file when it was found at export time. */
      modelSha256: z
        .string()
        .regex(/^[0-9a-f]{64}$/, 'modelSha256 must be 64 hex digits')
        .nullable(),
      vocabSize: count,
      prompt: z.string(),
      promptTokens: z.array(z.string()),
      maxTokens: count,
      topN: count,
      createdAt: timestamp,
    }),
    runs: z.array(runSchema),
  })
  .superRefine((r, ctx) => {
    const seen = new Set<number>()
    r.runs.forEach((run, i) => {
      if (seen.has(run.position))
        ctx.addIssue({ code: 'custom', path: ['runs', i, 'position'], message: `two runs at position ${run.position}` })
      seen.add(run.position)
    })
  })

export type Report = z.output<typeof reportSchema>
export type ReportRun = Report['runs'][number]
export type ReportExperiment = Report['experiment']

// The parsed types must stay assignable to the core's own, so a report renders like a stored run.
const _nodeCheck: (n: ReportRun['tree'][number]) => TreeNode = (n) => n
const _sequenceCheck: (s: ReportRun['sequences'][number]) => Sequence = (s) => s
void _nodeCheck
void _sequenceCheck

/**
 * What identifies an experiment wherever it is imported: the fields it was created with, its
 * creation time included. The caller hashes this string (sha256) into `experiment.key`.
 */
export function experimentIdentity(e: Omit<ReportExperiment, 'key' | 'modelSha256'>): string {
  return JSON.stringify([
    e.createdAt,
    e.modelId,
    e.modelKind,
    e.vocabSize,
    e.prompt,
    e.promptTokens,
    e.maxTokens,
    e.topN,
  ])
}

/** Parses a report file's text; throws InputError saying what is wrong with it and where. */
export function parseReport(text: string, source = 'report'): Report {
  let json: unknown
  try {
    // Editors on Windows save UTF-8 with a byte-order mark.
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text)
  } catch (err) {
    throw new InputError(
      `${source} is not JSON (${(err as Error).message}); export a report with: export exp:ID --format json`,
      {
        app: `${source} is not JSON (${(err as Error).message}); import a report exported as “JSON data”`,
      },
    )
  }
  const head = json as { format?: unknown; version?: unknown } | null
  if (typeof head !== 'object' || head === null || Array.isArray(head) || head.format !== REPORT_FORMAT) {
    throw new InputError(
      `${source} is not a Decoding Lab report (expected "format": "${REPORT_FORMAT}"); export one with: export exp:ID --format json`,
      {
        app: `${source} is not a Decoding Lab report (expected "format": "${REPORT_FORMAT}"); import a report exported as “JSON data”`,
      },
    )
  }
  if (typeof head.version === 'number' && Number.isInteger(head.version) && head.version > REPORT_VERSION) {
    throw new InputError(
      `${source} was written by a newer Decoding Lab (report version ${head.version}; this version reads up to ${REPORT_VERSION}); update Decoding Lab to import it`,
    )
  }
  const result = reportSchema.safeParse(json)
  if (result.success) return result.data
  const issue = result.error.issues[0]
  const what = describeIssue(issue, json)
  throw new InputError(`${source} is not a valid report: ${jsonPath(issue.path)}: ${what}`)
}
