import { STRATEGIES, type StrategyName } from '../../../../core/strategies'
import { messages } from './messages-type'

type Names = Record<`strategy.${StrategyName}` | `short.${string}` | `param.${string}`, string>

/**
 * Strategy and parameter names, from each strategy's entry (its `display`), so that a new strategy
 * is named here too. In English they are the code names (what a strategy spec and the CLI spell);
 * in Chinese a name, with the code name shown beside it as a secondary label (CodeName).
 */
function strategyNames(): { en: Names; zh: Names } {
  const en: Names = {} as Names
  const zh: Names = {} as Names
  for (const [name, { display }] of Object.entries(STRATEGIES) as [StrategyName, (typeof STRATEGIES)[StrategyName]][]) {
    en[`strategy.${name}`] = name
    zh[`strategy.${name}`] = display.zh
    if (display.short) {
      en[`short.${name}`] = display.short.en
      zh[`short.${name}`] = display.short.zh
    }
    for (const [param, zhName] of Object.entries({ ...display.params, ...display.textParams })) {
      en[`param.${param}`] = param
      zh[`param.${param}`] = zhName
    }
  }
  return { en, zh }
}

/** Model kinds, named as strategies are. */
const kinds = messages(
  {
    'kind.table': 'table',
    'kind.ngram': 'ngram',
    'kind.gguf': 'gguf',
    'kind.remote': 'remote',
  },
  {
    'kind.table': '概率表',
    'kind.ngram': 'n 元语法',
    'kind.gguf': 'GGUF 神经网络',
    'kind.remote': '远程引擎',
  },
)

const strategies = strategyNames()
export const codeNames = { en: { ...strategies.en, ...kinds.en }, zh: { ...strategies.zh, ...kinds.zh } }
