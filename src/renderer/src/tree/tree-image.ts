const SVG_NS = 'http://www.w3.org/2000/svg'
/** Presentation properties that the app's style sheets set on the tree; copied onto each element of the copy. */
const INLINED = [
  'fill',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'fill-opacity',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
] as const

function background(): string {
  const bg = getComputedStyle(document.body).backgroundColor
  if (bg && bg !== 'transparent' && bg !== 'rgba(0, 0, 0, 0)') return bg
  return matchMedia('(prefers-color-scheme: dark)').matches ? '#121212' : '#ffffff'
}

/**
 * The tree's SVG as shown (the current pan and zoom, step and labels), standalone: computed styles
 * inlined, a background behind it. The DOM is cloned and serialised by XMLSerializer, so token
 * text stays in text nodes and is escaped, never parsed as markup.
 */
export function serialiseTree(svg: SVGSVGElement): string {
  const copy = svg.cloneNode(true) as SVGSVGElement
  const from = [svg, ...svg.querySelectorAll('*')]
  const to = [copy, ...copy.querySelectorAll('*')]
  from.forEach((el, i) => {
    const computed = getComputedStyle(el)
    const target = to[i] as SVGElement
    for (const p of INLINED) target.style.setProperty(p, computed.getPropertyValue(p))
  })
  copy.setAttribute('xmlns', SVG_NS)
  copy.removeAttribute('tabindex')
  copy.removeAttribute('class')
  copy.style.removeProperty('cursor')
  // The drawing's layer carries the pan and zoom as a transform into the SVG's pixels.
  const w = copy.getAttribute('width') ?? '0'
  const h = copy.getAttribute('height') ?? '0'
  copy.setAttribute('viewBox', `0 0 ${w} ${h}`)
  const rect = document.createElementNS(SVG_NS, 'rect')
  rect.setAttribute('x', '0')
  rect.setAttribute('y', '0')
  rect.setAttribute('width', w)
  rect.setAttribute('height', h)
  rect.setAttribute('fill', background())
  copy.insertBefore(rect, copy.firstChild)
  return new XMLSerializer().serializeToString(copy)
}

export function download(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  a.click()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

export function svgBlob(text: string): Blob {
  return new Blob([text], { type: 'image/svg+xml;charset=utf-8' })
}

/** Draws the SVG text on a canvas at `pixelRatio` times its size (needs `img-src blob:` in the CSP). */
export async function pngBlob(text: string, width: number, height: number, pixelRatio = 2): Promise<Blob> {
  const url = URL.createObjectURL(svgBlob(text))
  try {
    const img = new Image()
    img.src = url
    await img.decode()
    const canvas = document.createElement('canvas')
    canvas.width = Math.round(width * pixelRatio)
    canvas.height = Math.round(height * pixelRatio)
    const ctx = canvas.getContext('2d')
    if (!ctx) throw new Error('no 2D canvas')
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height)
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the canvas gave no PNG'))), 'image/png'),
    )
  } finally {
    URL.revokeObjectURL(url)
  }
}
