import { strategyEntry } from '../../../core/strategies'
import { STRATEGY_PARAMS, type StrategyName } from '../../../core/strategy-spec'
import { TextParamField } from './TextParamField'
import { OrderField } from './OrderField'
import { ParamField } from './ParamField'
import { ParamGroup } from './ParamGroup'
import { layoutParams } from './param-groups'

interface Props {
  name: StrategyName
  /** The strategy's name as shown, for the fields' accessible labels. */
  strategy: string
  params: Record<string, string>
  onChange: (params: Record<string, string>) => void
}

/** A strategy's parameters: the common ones at once, the rarer sampler families folded by family. */
export function StrategyParams({ name, strategy, params, onChange }: Props) {
  const layout = layoutParams(Object.keys(STRATEGY_PARAMS[name].shape))
  const text = Object.entries(strategyEntry(name).textParams ?? {})
  const textField = ([param, fallback]: [string, string | undefined]) => (
    <TextParamField
      key={param}
      strategy={strategy}
      param={param}
      fallback={fallback}
      value={params[param] ?? ''}
      onChange={(value) => onChange({ ...params, [param]: value })}
    />
  )
  const field = (param: string) =>
    param === 'order' ? (
      <OrderField
        key={param}
        strategy={strategy}
        value={params.order ?? ''}
        onChange={(code) => onChange({ ...params, order: code })}
      />
    ) : (
      <ParamField
        key={param}
        name={name}
        strategy={strategy}
        param={param}
        value={params[param] ?? ''}
        onChange={(value) => onChange({ ...params, [param]: value })}
      />
    )
  return (
    <>
      {layout.main.map(field)}
      {layout.groups.map((g) => (
        <ParamGroup
          key={g.id}
          id={g.id}
          set={g.params.filter((p) => (params[p] ?? '').trim() !== '').map((p) => `${p}=${params[p].trim()}`)}
        >
          {g.params.map(field)}
        </ParamGroup>
      ))}
      {name === 'sample' && text.length > 0 ? (
        <ParamGroup
          id="constraints"
          set={text.filter(([p]) => (params[p] ?? '').trim() !== '').map(([p]) => `${p}=${params[p].trim()}`)}
        >
          {text.map(textField)}
        </ParamGroup>
      ) : (
        text.map(textField)
      )}
    </>
  )
}
