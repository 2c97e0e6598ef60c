import { messages } from './messages-type'

export const provenanceMessages = messages(
  {
    'provenance.title': 'Reproducibility',
    'provenance.run': 'run',
    'provenance.model': 'model',
    'provenance.sha256': 'file SHA-256',
    'provenance.noFile': 'no file here',
    'provenance.quantisation': 'quantisation',
    'provenance.backend': 'backend',
    'provenance.chain': 'processors, in order',
    'provenance.noChain': 'none (no sampling)',
    'provenance.parameters': 'every parameter',
    'provenance.seed': 'seed',
    'provenance.app': 'app',
    'provenance.repeats': 'repeats',
    'provenance.exact': 'token for token',
    'provenance.nondet.llama-cpu':
      'bit for bit with the same llama.cpp build, CPU type and threads; another CPU can round logits differently',
    'provenance.nondet.llama-gpu':
      'usually, on the same GPU, driver, llama.cpp build and layers offloaded; another GPU can round logits differently',
    'provenance.gpuNotUsed': 'GPU not used for run #{id}: {reason}',
    'provenance.chat':
      'Run #{id} ran as chat: the prompt was a user turn of the chat template {hash}, with no system prompt.',
    'provenance.chatSystem':
      'Run #{id} ran as chat: the prompt was a user turn of the chat template {hash}, after the system prompt “{system}”.',
    'provenance.nondet.remote-batching':
      'usually: a remote engine can batch the run with other requests and round logits differently',
    'provenance.notRecorded': 'Runs stored before this version have no record.',
  },
  {
    'provenance.title': '可复现性',
    'provenance.run': '运行',
    'provenance.model': '模型',
    'provenance.sha256': '文件 SHA-256',
    'provenance.noFile': '本机无文件',
    'provenance.quantisation': '量化',
    'provenance.backend': '后端',
    'provenance.chain': '处理器（按顺序）',
    'provenance.noChain': '无（非采样）',
    'provenance.parameters': '全部参数',
    'provenance.seed': '种子',
    'provenance.app': '应用',
    'provenance.repeats': '重跑结果',
    'provenance.exact': '逐词元一致',
    'provenance.nondet.llama-cpu':
      '在相同的 llama.cpp 构建、CPU 类型和线程数下逐位一致；换一种 CPU 时 logits 的舍入可能不同',
    'provenance.nondet.llama-gpu':
      '通常一致：需相同的 GPU、驱动、llama.cpp 构建和卸载层数；换一种 GPU 时 logits 的舍入可能不同',
    'provenance.gpuNotUsed': '运行 #{id} 未使用 GPU：{reason}',
    'provenance.chat': '运行 #{id} 作为对话运行：提示词是对话模板 {hash} 中的用户轮次，没有系统提示词。',
    'provenance.chatSystem':
      '运行 #{id} 作为对话运行：提示词是对话模板 {hash} 中的用户轮次，前面有系统提示词“{system}”。',
    'provenance.nondet.remote-batching': '通常一致：远程引擎可能把本次运行与其他请求合批，logits 的舍入可能不同',
    'provenance.notRecorded': '此版本之前保存的运行没有记录。',
  },
)
