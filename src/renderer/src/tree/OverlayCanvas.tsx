import { useMemo, useRef, type MouseEvent, type RefObject } from 'react'
import { formatProb } from '../../../core/format'
import { visibleToken } from '../../../core/report/visible-token'
import type { Translate } from '../i18n/i18n'
import type { ShownNode } from './fold-tree'
import type { OverlayNode } from './merge-runs'
import { OverlayEdges } from './OverlayEdges'
import { OverlayNodes } from './OverlayNodes'
import { cullToRegion } from './tree-cull'
import { COLUMN } from './tree-layout'
import { OPEN_MIN_SCALE, openingCentre } from './tree-viewport'
import { TreeViewButtons } from './TreeViewButtons'
import type { OverlayModel } from './use-overlay-model'
import { useElementWidth, useRoomBelow } from './use-element-width'
import { useTreeZoom } from './use-tree-zoom'

interface Props {
  m: OverlayModel
  svgRef: RefObject<SVGSVGElement | null>
  selected: number | null
  onNode: (id: number) => void
  t: Translate
}

/**
 * The overlay's drawing, with the tree's d3-zoom pan and zoom and its view buttons: it opens on the
 * final sequences' paths with the root in view, and draws only the region around the view.
 */
export function OverlayCanvas({ m, svgRef, selected, onNode, t }: Props) {
  const layerRef = useRef<SVGGElement>(null)
  const { bounds, overlay } = m
  const box = useRef<HTMLDivElement>(null)
  const width = useElementWidth(box, 900)
  // As tall as the drawing needs, up to what the window shows below (never under 240 px), as the tree.
  const room = useRoomBelow(box, 640)
  const height = Math.max(240, Math.min(640, room, bounds.maxX - bounds.minX + 80))
  const extent = useMemo(() => ({ minX: 0, maxX: bounds.maxY, minY: bounds.minX, maxY: bounds.maxX }), [bounds])
  const finals = useMemo(
    () =>
      m.laid.filter((n) => n.data.id >= 0 && overlay.nodes[n.data.id].runs.length > 0).map((n) => ({ x: n.y, y: n.x })),
    [m.laid, overlay],
  )
  const centre = useMemo(
    () => openingCentre(finals, width / OPEN_MIN_SCALE, height / OPEN_MIN_SCALE),
    [finals, width, height],
  )
  const { region, labels, commands } = useTreeZoom(svgRef, layerRef, extent, centre, width, height)
  const drawn = useMemo(() => cullToRegion(m.laid, region), [m.laid, region])
  const { pathLabel } = m
  const title = (n: OverlayNode): string =>
    t('tree.overlayDetails', {
      token: n.parent === null ? t('tree.prompt') : visibleToken(n.text),
      prob: formatProb(n.prob),
      cumulative: formatProb(Math.exp(n.logProb)),
      runs: n.paths.map(pathLabel).join(', '),
    })
  const foldLabel = (n: ShownNode): string =>
    n.fold ? t('tree.more', { count: n.fold.count, p: formatProb(n.fold.mass) }) : ''
  const at = selected === null ? undefined : m.position.get(selected)

  const onClick = (e: MouseEvent<SVGSVGElement>): void => {
    const id = (e.target as Element).closest('[data-id]')?.getAttribute('data-id')
    if (id !== null && id !== undefined) onNode(Number(id))
  }
  return (
    <>
      <div className="tree-toolbar">
        <TreeViewButtons
          focused={m.focused}
          onFocused={m.setFocused}
          onFit={commands.fit}
          onReset={commands.reset}
          onGoToSelected={at ? () => commands.centre(at.y, at.x) : undefined}
        />
      </div>
      <div ref={box} className="tree-box overlay-box">
        <svg
          ref={svgRef}
          className="tree-canvas"
          width={width}
          height={height}
          role="img"
          aria-label={t('tree.image', { nodes: overlay.nodes.length, levels: bounds.maxY / COLUMN })}
          onClick={onClick}
        >
          <g ref={layerRef} className="tree-layer">
            <OverlayEdges overlay={overlay} edges={drawn.edges} />
            <OverlayNodes
              overlay={overlay}
              nodes={drawn.nodes}
              selected={selected}
              labels={labels}
              prompt={t('tree.prompt')}
              title={title}
              foldLabel={foldLabel}
            />
          </g>
        </svg>
      </div>
    </>
  )
}
