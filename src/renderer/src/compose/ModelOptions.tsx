import { kindLabel } from '../i18n/code-name'
import { useT } from '../i18n/i18n'
import type { ModelList } from './use-models'

/** The models the main process knows, then the model files used before, as the options of a model picker. */
export function ModelOptions({ models }: { models: Pick<ModelList, 'models' | 'recent'> }) {
  const t = useT()
  return (
    <>
      {models.models.map((m) => (
        <option key={m.id} value={m.id} title={m.description}>
          {m.id} ({kindLabel(t, m.kind)})
        </option>
      ))}
      {models.recent.map((f) => (
        <option key={f} value={f}>
          {f}
        </option>
      ))}
    </>
  )
}
