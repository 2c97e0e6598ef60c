import { messages } from './messages-type'

export const remote = messages(
  {
    'remote.summary': 'Add a remote engine (llama-server, vLLM)',
    'remote.name': 'Name',
    'remote.url': 'Base URL',
    'remote.model': 'Model name on the engine',
    'remote.keyEnv': 'API key variable (optional)',
    'remote.add': 'Check and add',
    'remote.checking': 'Checking the engine…',
    'remote.added': 'Added {id} ({api} API, vocabulary {vocab}).',
    'remote.api': 'API',
    'remote.api.detect': 'Detect',
    'remote.api.openai': 'OpenAI-compatible (vLLM, …)',
    'remote.api.llama': 'llama-server native',
    'remote.key': 'API key (optional, desktop app only)',
    'remote.hint':
      'Distributions from an engine are its top 20 tokens plus the rest as one lump; the tree marks such nodes as partial. An API key typed here is kept encrypted with the system keychain by the desktop app, never in exports; in browser mode, or without a keychain, name the environment variable (DECODING_LAB_…) that holds it when the app starts.',
  },
  {
    'remote.summary': '添加远程推理引擎（llama-server、vLLM）',
    'remote.name': '名称',
    'remote.url': '基础 URL',
    'remote.model': '引擎上的模型名',
    'remote.keyEnv': 'API 密钥环境变量（可选）',
    'remote.add': '检查并添加',
    'remote.checking': '正在检查引擎…',
    'remote.added': '已添加 {id}（{api} API，词表大小 {vocab}）。',
    'remote.api': 'API',
    'remote.api.detect': '自动检测',
    'remote.api.openai': 'OpenAI 兼容（vLLM 等）',
    'remote.api.llama': 'llama-server 原生',
    'remote.key': 'API 密钥（可选，仅桌面应用）',
    'remote.hint':
      '远程引擎只给出概率最高的 20 个词元，其余合并为一项；树中这样的节点标为“部分分布”。在此输入的 API 密钥由桌面应用用系统钥匙串加密保存，绝不写入导出文件；在浏览器模式下或没有钥匙串时，请填写应用启动时保存密钥的环境变量名（DECODING_LAB_…）。',
  },
)
