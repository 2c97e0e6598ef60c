import { messages } from './messages-type'

export const app = messages(
  {
    'app.title': 'Decoding Lab',
    'app.language': 'Language',
    'app.cancel': 'Cancel',
    'app.progress': '{label}: step {step}/{max}',
    'app.history': 'History',
    'app.tree': 'Probability tree',
  },
  {
    'app.title': '解码实验室',
    'app.language': '语言',
    'app.cancel': '取消',
    'app.progress': '{label}：第 {step}/{max} 步',
    'app.history': '历史记录',
    'app.tree': '概率树',
  },
)
