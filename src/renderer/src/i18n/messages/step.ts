import { messages } from './messages-type'

export const stepMessages = messages(
  {
    'step.title': 'Step {depth}: the distribution after {prefix}',
    'step.aria': 'step panel',
    'step.model': 'model',
    'step.processed': 'after the chain',
    'step.noChain': 'No processor chain ran here (greedy, beam, exact or a forced step): the model’s own distribution.',
    'step.removedBy': 'removed by {processor}',
    'step.cut': '{processor} cuts here',
    'step.removedList': 'Removed: {list}',
    'step.none': 'The chain removed none of the stored candidates.',
    'step.more': '+{count} more candidates stored',
    'step.temperature': 'temperature applied {value}',
    'step.mirostat': 'Mirostat μ {value}',
    'step.adaptive': 'adaptive-p target {value}',
  },
  {
    'step.title': '第 {depth} 步：{prefix} 之后的分布',
    'step.aria': '步骤面板',
    'step.model': '模型',
    'step.processed': '处理链之后',
    'step.noChain': '这一步没有运行处理链（贪心、束搜索、精确搜索或强制的一步）：这是模型自己的分布。',
    'step.removedBy': '被 {processor} 移除',
    'step.cut': '{processor} 在此截断',
    'step.removedList': '移除：{list}',
    'step.none': '处理链没有移除任何已存储的候选。',
    'step.more': '另有 {count} 个已存储的候选',
    'step.temperature': '实际温度 {value}',
    'step.mirostat': '困惑度控制 μ {value}',
    'step.adaptive': '自适应 p 目标 {value}',
  },
)
