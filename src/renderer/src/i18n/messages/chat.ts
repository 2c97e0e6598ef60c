import { messages } from './messages-type'

export const chatMessagesText = messages(
  {
    'chat.asChat': 'As chat',
    'chat.asChatTitle':
      'For a model with a chat template (tokenizer.chat_template): the prompt becomes a user turn, rendered by the template with the generation prompt added',
    'chat.noTemplate': 'This model has no chat template: the prompt goes to it as it is.',
    'chat.system': 'System prompt',
    'chat.systemAria': 'system prompt',
    'chat.gpuLayers': 'GPU layers',
    'chat.gpuLayersAria': 'GPU layers',
    'chat.gpuLayersTitle':
      'GGUF models: layers offloaded to the GPU; auto offloads as many as fit, 0 keeps the model on the CPU',
    'chat.gpuLayersError': 'GPU layers must be auto or a whole number from 0 to {max}, not “{value}”.',
    'text.chatPrompt': 'The chat prompt the model saw (the template’s rendering)',
  },
  {
    'chat.asChat': '作为对话',
    'chat.asChatTitle':
      '适用于带对话模板（tokenizer.chat_template）的模型：提示词作为用户轮次，由模板渲染并加上生成提示',
    'chat.noTemplate': '此模型没有对话模板：提示词按原样交给它。',
    'chat.system': '系统提示词',
    'chat.systemAria': '系统提示词',
    'chat.gpuLayers': 'GPU 层数',
    'chat.gpuLayersAria': 'GPU 层数',
    'chat.gpuLayersTitle': 'GGUF 模型：卸载到 GPU 的层数；auto 尽可能多地卸载，0 让模型留在 CPU 上',
    'chat.gpuLayersError': 'GPU 层数必须是 auto 或 0 到 {max} 之间的整数，而不是“{value}”。',
    'text.chatPrompt': '模型看到的对话提示（模板的渲染结果）',
  },
)
