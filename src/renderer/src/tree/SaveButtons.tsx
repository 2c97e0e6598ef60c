import { useState, type RefObject } from 'react'
import { useT } from '../i18n/i18n'
import { download, pngBlob, serialiseTree, svgBlob } from './tree-image'

/** "Save SVG" and "Save PNG" of the tree exactly as it is shown. */
export function SaveButtons({ svg, name }: { svg: RefObject<SVGSVGElement | null>; name: string }) {
  const t = useT()
  const [error, setError] = useState('')
  const save = async (kind: 'svg' | 'png'): Promise<void> => {
    const el = svg.current
    if (!el) return
    setError('')
    try {
      const text = serialiseTree(el)
      if (kind === 'svg') download(svgBlob(text), `${name}.svg`)
      else download(await pngBlob(text, el.width.baseVal.value, el.height.baseVal.value), `${name}.png`)
    } catch (e) {
      setError(t('tree.saveFailed', { error: (e as Error).message }))
    }
  }
  return (
    <span className="tree-save">
      <button type="button" onClick={() => void save('svg')}>
        {t('tree.saveSvg')}
      </button>
      <button type="button" onClick={() => void save('png')}>
        {t('tree.savePng')}
      </button>
      {error && (
        <span role="alert" className="error">
          {error}
        </span>
      )}
    </span>
  )
}
