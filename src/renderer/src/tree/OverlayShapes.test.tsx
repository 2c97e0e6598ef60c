// @vitest-environment node
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { decode } from '../../../core/decode'
import type { RunDetail } from '../../../core/records'
import { parseStrategySpec } from '../../../core/strategy-spec'
import { greedyTrap } from '../../../core/testing/builtin-tables'
import { mergeRuns } from './merge-runs'
import { OverlayEdges } from './OverlayEdges'
import { OverlayNodes } from './OverlayNodes'
import { foldOverlay } from './overlay-fold'
import { layoutTree } from './tree-layout'

// jsdom and Testing Library are not installed here: the overlay's shapes render to markup on the
// server; e2e/branch.spec.ts and e2e/tree-scale.spec.ts click the same shapes in Chromium.

/** A stored run of greedy-trap as the app receives it. */
async function detail(id: number, spec: string): Promise<RunDetail> {
  const strategy = parseStrategySpec(spec, () => 1)
  const result = await decode(greedyTrap, [], strategy, { maxTokens: 8, topN: 10 })
  return {
    id,
    experimentId: 1,
    position: id - 1,
    model: greedyTrap.id,
    modelKind: 'table',
    prompt: '',
    strategy,
    status: 'done',
    error: null,
    optimal: null,
    warnings: [],
    createdAt: '',
    finishedAt: null,
    elapsedMs: null,
    treeNodes: result.tree.length,
    sequences: result.sequences,
    tree: result.tree,
  }
}

const count = (html: string, pattern: RegExp): number => [...html.matchAll(pattern)].length

describe('the overlay shapes: greedy and beam of width 2 on greedy-trap', async () => {
  const overlay = mergeRuns([await detail(1, 'greedy'), await detail(2, 'beam:width=2')])
  const draw = (focused: boolean): string => {
    const laid = layoutTree(foldOverlay(overlay, focused, new Set()), new Set())
    const foldLabel = (n: { fold?: { count: number; mass: number } }): string =>
      n.fold ? `+${n.fold.count} more (p = ${n.fold.mass})` : ''
    return renderToStaticMarkup(
      <svg>
        <OverlayEdges overlay={overlay} edges={laid} />
        <OverlayNodes
          overlay={overlay}
          nodes={laid}
          selected={null}
          labels
          prompt="(prompt)"
          title={(n) => n.text}
          foldLabel={foldLabel}
        />
      </svg>,
    )
  }

  it('draws every prefix unfolded, the pruned hypotheses one thin line per edge', () => {
    const html = draw(false)
    // 10 prefixes (see merge-runs.test.ts); 3 sequences on 6 edges in 9 lines (each of the 3 edges root → the → cat → </s> carries two).
    expect(count(html, /class="overlay-node"/g)).toBe(10)
    expect(count(html, /class="overlay-fold"/g)).toBe(0)
    expect(count(html, /class="overlay-edge"[^>]*data-pruned="true"/g)).toBe(5)
    expect(count(html, /data-pruned="true"[^>]*stroke-width="1"/g)).toBe(5)
    expect(count(html, /<path class="overlay-edge" data-path="[012]"/g)).toBe(9)
    expect(html).toContain('data-paths="3 4"')
  })

  it('focused, folds the pruned-only "the dog" and "the bird" into one "+2 more" (a dog alone would hide nothing)', () => {
    const html = draw(true)
    expect(count(html, /class="overlay-node"/g)).toBe(8)
    expect(count(html, /class="overlay-fold"/g)).toBe(1)
    expect(html).toContain('<title>+2 more (p = 0.6)</title>')
    expect(count(html, /overlay-fold-edge/g)).toBe(1)
    // Left: the pruned lines into the → (dog, bird folded away), a, and a → dog.
    expect(count(html, /data-pruned="true"/g)).toBe(3)
  })
})
