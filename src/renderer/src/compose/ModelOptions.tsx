import type { ModelList } from './use-models'

/** The models the main process knows, then the model files used before, as the options of a model picker. */
export function ModelOptions({ models }: { models: Pick<ModelList, 'models' | 'recent'> }) {
  return (
    <>
      {models.models.map((m) => (
        <option key={m.id} value={m.id} title={m.description}>
          {m.id} ({m.kind})
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
