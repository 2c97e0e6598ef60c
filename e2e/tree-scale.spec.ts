import type { Locator, Page } from '@playwright/test'
import { expect, openTab, shot, test, useWebApp } from './web-app'

const app = useWebApp()

// What e2e/workspace.spec.ts already checks on this run (the overlay legend's entries, the root's
// label inside the fitted tree, ⏎ in the Compare and Text tabs) is not checked again here.

/** 48 tokens of beam 4 and nucleus 0.9 on the shipped neural model, from the compose form; ends on the Tree tab. */
async function decodeTangPoems(page: Page): Promise<void> {
  await page.goto(app().url)
  await page.getByLabel('model', { exact: true }).selectOption('tang-poems')
  await page.getByLabel('prompt', { exact: true }).fill('春')
  await page.getByLabel('max tokens', { exact: true }).fill('48')
  const boxes = page.locator('fieldset.strategy')
  while ((await boxes.count()) > 1) await boxes.last().getByRole('button', { name: 'Remove' }).click()
  await boxes.first().getByLabel('strategy', { exact: true }).selectOption('beam')
  await boxes.first().getByLabel('beam width').fill('4')
  await page.getByRole('button', { name: 'Add strategy' }).click()
  await boxes.nth(1).getByLabel('strategy', { exact: true }).selectOption('nucleus')
  await boxes.nth(1).getByLabel('nucleus p').fill('0.9')
  await boxes.nth(1).getByLabel('nucleus seed').fill('1')
  await page.getByRole('button', { name: 'Run', exact: true }).click()
  await expect(page.locator('.compare tbody tr')).toHaveCount(5, { timeout: 90_000 })
  await openTab(page, 'Tree')
}

/** The layer's d3-zoom transform: translate(x, y) scale(k). */
async function transform(tree: Locator): Promise<{ x: number; y: number; k: number }> {
  const t = (await tree.locator('.tree-layer').getAttribute('transform')) ?? ''
  const m = /^translate\(([-\d.e]+),([-\d.e]+)\) scale\(([-\d.e]+)\)$/.exec(t)
  if (!m) throw new Error(`unexpected transform "${t}"`)
  return { x: Number(m[1]), y: Number(m[2]), k: Number(m[3]) }
}

/** Whether box `inner` lies inside `outer` (1 px of rounding allowed). */
function inside(
  inner: { x: number; y: number; width: number; height: number } | null,
  outer: { x: number; y: number; width: number; height: number } | null,
): boolean {
  if (!inner || !outer) return false
  return (
    inner.x >= outer.x - 1 &&
    inner.y >= outer.y - 1 &&
    inner.x + inner.width <= outer.x + outer.width + 1 &&
    inner.y + inner.height <= outer.y + outer.height + 1
  )
}

/** Two transforms alike up to floating-point rounding (a linked tree gets the view, converted back). */
function expectSame(a: { x: number; y: number; k: number }, b: { x: number; y: number; k: number }): void {
  expect(a.x).toBeCloseTo(b.x, 6)
  expect(a.y).toBeCloseTo(b.y, 6)
  expect(a.k).toBeCloseTo(b.k, 9)
}

test('tang-poems at scale: ⏎ in the tree, d3-zoom wheel, drag, fit and go-to-selected, the cut-off and the depth range, and two trees zooming together', async ({
  page,
}) => {
  test.setTimeout(150_000)
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(`${String(e)} ${e.stack?.split('\n').slice(1, 6).join(' | ')}`))
  await decodeTangPoems(page)
  await page.getByRole('tab', { name: /beam 4/ }).click()
  const tree = page.getByLabel('probability tree', { exact: true })
  const canvas = tree.locator('svg.tree-canvas')
  await expect(tree.locator('.tree-node').first()).toBeVisible()

  // The poem's line breaks are tokens of their own: drawn as ⏎, never as a raw line break.
  await expect(tree.locator('.tree-label', { hasText: /^⏎ / }).first()).toBeAttached()
  const labels = await tree.locator('.tree-label').allTextContents()
  expect(labels.filter((l) => l.includes('\n'))).toEqual([])
  await shot(page, 'tree-scale-tang-poems-tree')

  // Wheel over the tree zooms in about the pointer; a drag pans without selecting anything.
  const opened = await transform(tree)
  const box = await canvas.boundingBox()
  if (!box) throw new Error('the tree is not drawn')
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
  await page.mouse.wheel(0, -300)
  await expect.poll(async () => (await transform(tree)).k).toBeGreaterThan(opened.k)
  const zoomed = await transform(tree)
  await page.mouse.move(box.x + 300, box.y + 200)
  await page.mouse.down()
  await page.mouse.move(box.x + 200, box.y + 150, { steps: 8 })
  await page.mouse.up()
  const panned = await transform(tree)
  expect(panned.k).toBe(zoomed.k)
  expect(panned.x - zoomed.x).toBeCloseTo(-100, 0)
  expect(panned.y - zoomed.y).toBeCloseTo(-50, 0)
  await expect(tree.locator('.tree-selected')).toHaveCount(0)

  // Fit shows the whole drawing (every circle) inside the pane.
  await tree.getByRole('button', { name: 'Fit', exact: true }).click()
  await expect.poll(async () => (await transform(tree)).k).toBeLessThan(opened.k)
  expect(inside(await tree.locator('.tree-shapes').boundingBox(), await canvas.boundingBox())).toBe(true)
  // Reset returns to the opening view.
  await tree.getByRole('button', { name: 'Reset', exact: true }).click()
  await expect.poll(() => transform(tree)).toEqual(opened)

  // Select the deepest drawn node, pan it out of sight, then "Go to selected" centres it.
  const id = await canvas.evaluate((svg) => {
    const view = svg.getBoundingClientRect()
    const seen = [...svg.querySelectorAll('.tree-node[data-status="chosen"]')].filter((g) => {
      const r = g.getBoundingClientRect()
      return r.left >= view.left && r.right <= view.right - 20 && r.top >= view.top + 20 && r.bottom <= view.bottom
    })
    return (
      seen
        .sort((a, b) => b.getBoundingClientRect().left - a.getBoundingClientRect().left)[0]
        ?.getAttribute('data-id') ?? null
    )
  })
  expect(id).not.toBeNull()
  await tree.locator(`.tree-node[data-id="${id}"] circle`).last().click()
  await expect(tree.locator('.tree-selected')).toBeVisible()
  await page.mouse.move(box.x + 100, box.y + 100)
  await page.mouse.down()
  await page.mouse.move(box.x + 700, box.y + 300, { steps: 8 })
  await page.mouse.up()
  await tree.getByRole('button', { name: 'Go to selected' }).click()
  // The selection's row above the tree moved the canvas down: measured again.
  const now = await canvas.boundingBox()
  const ring = await tree.locator('.tree-selected-ring').boundingBox()
  expect(ring && now).toBeTruthy()
  if (ring && now) {
    expect(Math.abs(ring.x + ring.width / 2 - (now.x + now.width / 2))).toBeLessThan(2)
    expect(Math.abs(ring.y + ring.height / 2 - (now.y + now.height / 2))).toBeLessThan(2)
  }
  await expect(tree.locator(`.tree-node[data-id="${id}"]`)).toBeVisible()

  // The cut-off: every candidate (or fold) still drawn is at least that probable; the beam stays.
  await tree.getByRole('button', { name: 'Fit', exact: true }).click()
  const before = await tree.locator('.tree-node').count()
  await tree.getByLabel('Cut-off p ≥').fill('0.2')
  await expect.poll(() => tree.locator('.tree-node').count()).toBeLessThan(before)
  const probs = await tree
    .locator('.tree-label[data-status="candidate"], .tree-label[data-status="pruned"]')
    .allTextContents()
  for (const text of probs) expect(Number(/([\d.e-]+)\)?$/.exec(text)?.[1])).toBeGreaterThanOrEqual(0.2)
  await expect(tree.locator('.tree-node[data-status="kept"]').first()).toBeAttached()

  // The depth range: levels 2 to 3 only (and the path into them); nothing right of column 3.
  await tree.getByLabel('Cut-off p ≥').fill('0')
  await tree.getByLabel('Levels', { exact: true }).fill('2')
  await tree.getByLabel('to', { exact: true }).fill('3')
  await tree.getByRole('button', { name: 'Fit', exact: true }).click()
  const columns = await tree
    .locator('.tree-node')
    .evaluateAll((gs) => gs.map((g) => Number(/translate\(([-\d.e]+),/.exec(g.getAttribute('transform') ?? '')?.[1])))
  expect(Math.max(...columns)).toBe(450)
  // Level 1 keeps only the beam's nodes that lead on; its other candidates and their fold are gone.
  const level1 = await tree
    .locator('.tree-node')
    .evaluateAll((gs) =>
      gs
        .filter((g) => /^translate\(150,/.test(g.getAttribute('transform') ?? ''))
        .map((g) => g.getAttribute('data-status')),
    )
  expect(level1.length).toBeGreaterThan(0)
  expect(level1.every((s) => s === 'kept' || s === 'chosen')).toBe(true)
  await shot(page, 'tree-scale-tang-poems-limits')

  // Side by side: both trees inside their panes; with "Zoom together", a wheel on one zooms both.
  await page.getByLabel('Side by side').check()
  await page.getByLabel('Left', { exact: true }).selectOption({ index: 0 })
  await page.getByLabel('Right', { exact: true }).selectOption({ index: 1 })
  const left = page.getByLabel('probability tree, left')
  const right = page.getByLabel('probability tree, right')
  for (const pane of [left, right]) {
    await expect(pane.locator('.tree-label', { hasText: '(prompt)' })).toBeVisible()
    expect(inside(await pane.locator('svg.tree-canvas').boundingBox(), await pane.boundingBox())).toBe(true)
    expect(
      inside(
        await pane.locator('.tree-label', { hasText: '(prompt)' }).boundingBox(),
        await pane.locator('svg.tree-canvas').boundingBox(),
      ),
    ).toBe(true)
  }
  const leftBox = await left.locator('svg.tree-canvas').boundingBox()
  const rightBox = await right.locator('svg.tree-canvas').boundingBox()
  expect(leftBox && rightBox && leftBox.x + leftBox.width <= rightBox.x).toBe(true)
  await shot(page, 'tree-scale-side-by-side')

  const rightBefore = await transform(right)
  if (!leftBox) throw new Error('the left tree is not drawn')
  await page.mouse.move(leftBox.x + 100, leftBox.y + 100)
  await page.mouse.wheel(0, -200)
  await expect.poll(async () => (await transform(left)).k).toBeGreaterThan(rightBefore.k)
  // Not linked: the right tree stays.
  expect(await transform(right)).toEqual(rightBefore)
  await page.getByLabel('Zoom together').check()
  await page.mouse.move(leftBox.x + 100, leftBox.y + 100)
  await page.mouse.wheel(0, -200)
  await expect.poll(async () => (await transform(right)).k).toBeGreaterThan(rightBefore.k)
  expectSame(await transform(right), await transform(left))
  // And back the other way: dragging the right tree moves the left one with it.
  if (!rightBox) throw new Error('the right tree is not drawn')
  await page.mouse.move(rightBox.x + 200, rightBox.y + 150)
  await page.mouse.down()
  await page.mouse.move(rightBox.x + 120, rightBox.y + 110, { steps: 6 })
  await page.mouse.up()
  expectSame(await transform(left), await transform(right))
  // Fit on one fits both, each whole inside its pane; Reset on the other resets both to one view.
  await left.getByRole('button', { name: 'Fit', exact: true }).click()
  for (const pane of [left, right])
    await expect
      .poll(async () =>
        inside(await pane.locator('.tree-shapes').boundingBox(), await pane.locator('svg.tree-canvas').boundingBox()),
      )
      .toBe(true)
  expect((await transform(right)).k).toBeLessThan(rightBefore.k)
  await right.getByRole('button', { name: 'Reset', exact: true }).click()
  await expect.poll(async () => (await transform(left)).k).toBeCloseTo((await transform(right)).k, 9)
  expectSame(await transform(left), await transform(right))

  await openTab(page, 'Overlay')
  await expect(page.getByLabel('all runs in one tree')).toBeVisible()
  await shot(page, 'tree-scale-tang-poems-overlay')
  expect(errors).toEqual([])
})

test('tang-poems overlay at scale: opens on the root and the final paths, one legend entry per run and sequence, pruned lines that do not band, wheel, drag, fit and go-to-selected, folds that open', async ({
  page,
}) => {
  test.setTimeout(150_000)
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(String(e)))
  await decodeTangPoems(page)
  await openTab(page, 'Overlay')
  const overlay = page.getByLabel('all runs in one tree')
  const canvas = overlay.locator('svg.tree-canvas')
  await expect(overlay.locator('.overlay-node').first()).toBeAttached()
  await shot(page, 'overlay-scale-opening')

  // The legend: one entry per run, a swatch per final sequence (beam 4's four, nucleus's one), the pruned as one.
  await expect(overlay.locator('.overlay-run')).toHaveCount(2)
  await expect(overlay.locator('.overlay-path')).toHaveCount(5)
  await expect(overlay.locator('.overlay-pruned')).toHaveCount(1)

  // The root and every final path's lines in the first screen are inside the pane: none runs off the top.
  const pane = await canvas.boundingBox()
  if (!pane) throw new Error('the overlay is not drawn')
  expect(inside(await overlay.locator('.overlay-node[data-id="0"] circle').last().boundingBox(), pane)).toBe(true)
  const finals = await overlay.locator('.overlay-edge:not([data-pruned]):not(.overlay-fold-edge)').evaluateAll((ps) =>
    ps.map((p) => ({
      path: p.getAttribute('data-path'),
      box: p.getBoundingClientRect().toJSON() as { x: number; y: number; width: number; height: number },
    })),
  )
  const seen = finals.filter((f) => f.box.x < pane.x + pane.width)
  expect(new Set(seen.map((f) => f.path)).size).toBe(5)
  for (const f of seen)
    expect({
      path: f.path,
      top: f.box.y >= pane.y - 1,
      bottom: f.box.y + f.box.height <= pane.y + pane.height + 1,
    }).toEqual({ path: f.path, top: true, bottom: true })
  // The pruned hypotheses: one thin line per edge, however many pass along it, and the rest folded.
  const pruned = await overlay
    .locator('.overlay-edge[data-pruned]')
    .evaluateAll((ps) => ps.map((p) => `${p.getAttribute('d')} ${p.getAttribute('stroke-width')}`))
  expect(pruned.length).toBeGreaterThan(0)
  expect(new Set(pruned).size).toBe(pruned.length)
  expect(pruned.every((p) => p.endsWith(' 1'))).toBe(true)
  await expect(overlay.locator('.overlay-fold').first()).toBeAttached()

  // Wheel zooms in about the pointer; a drag pans without selecting; Fit shows every drawn node inside the pane.
  const opened = await transform(overlay)
  await page.mouse.move(pane.x + pane.width / 2, pane.y + pane.height / 2)
  await page.mouse.wheel(0, -300)
  await expect.poll(async () => (await transform(overlay)).k).toBeGreaterThan(opened.k)
  const zoomed = await transform(overlay)
  await page.mouse.move(pane.x + 300, pane.y + 150)
  await page.mouse.down()
  await page.mouse.move(pane.x + 200, pane.y + 100, { steps: 8 })
  await page.mouse.up()
  const panned = await transform(overlay)
  expect(panned.k).toBe(zoomed.k)
  expect(panned.x - zoomed.x).toBeCloseTo(-100, 0)
  expect(panned.y - zoomed.y).toBeCloseTo(-50, 0)
  await expect(overlay.locator('.tree-selected')).toHaveCount(0)
  await overlay.getByRole('button', { name: 'Fit', exact: true }).click()
  await expect.poll(async () => (await transform(overlay)).k).toBeLessThan(opened.k)
  expect(inside(await overlay.locator('.overlay-nodes').boundingBox(), await canvas.boundingBox())).toBe(true)
  await shot(page, 'overlay-scale-fit')
  await overlay.getByRole('button', { name: 'Reset', exact: true }).click()
  await expect.poll(() => transform(overlay)).toEqual(opened)

  // Select a node of a final path, pan it out of sight, then "Go to selected" centres it.
  const id = await canvas.evaluate((svg) => {
    const view = svg.getBoundingClientRect()
    const seen = [...svg.querySelectorAll('.overlay-node[data-runs="1"]')].filter((g) => {
      const r = g.getBoundingClientRect()
      return (
        r.left >= view.left + 20 && r.right <= view.right - 20 && r.top >= view.top + 20 && r.bottom <= view.bottom - 20
      )
    })
    return (
      seen
        .sort((a, b) => b.getBoundingClientRect().left - a.getBoundingClientRect().left)[0]
        ?.getAttribute('data-id') ?? null
    )
  })
  expect(id).not.toBeNull()
  await overlay.locator(`.overlay-node[data-id="${id}"] circle`).last().click()
  await expect(overlay.locator('.tree-selected')).toBeVisible()
  await page.mouse.move(pane.x + 100, pane.y + 100)
  await page.mouse.down()
  await page.mouse.move(pane.x + 700, pane.y + 200, { steps: 8 })
  await page.mouse.up()
  await overlay.getByRole('button', { name: 'Go to selected' }).click()
  const now = await canvas.boundingBox()
  const ring = await overlay.locator('.overlay-selected-ring').boundingBox()
  expect(ring && now).toBeTruthy()
  if (ring && now) {
    expect(Math.abs(ring.x + ring.width / 2 - (now.x + now.width / 2))).toBeLessThan(2)
    expect(Math.abs(ring.y + ring.height / 2 - (now.y + now.height / 2))).toBeLessThan(2)
  }
  await overlay.getByRole('button', { name: 'Reset', exact: true }).click()

  // A fold opens on a click on its label or its circle: more nodes are drawn.
  const before = await overlay.locator('.overlay-node').count()
  await overlay.locator('.overlay-fold text').first().click()
  await expect.poll(() => overlay.locator('.overlay-node').count()).toBeGreaterThan(before)
  const more = await overlay.locator('.overlay-node').count()
  await overlay.locator('.overlay-fold circle').first().click()
  await expect.poll(() => overlay.locator('.overlay-node').count()).toBeGreaterThan(more)
  await shot(page, 'overlay-scale-folds-opened')
  expect(errors).toEqual([])
})
