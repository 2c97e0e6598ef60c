import { table } from './tables'

// The built-in tables of resources/models, written inline for tests that read no files (the renderer's).

export const seedWeather = table('seed-weather', {
  bos: '<start>',
  eos: '<end>',
  joiner: '',
  vocab: ['<start>', '天', '气', '好', '<end>'],
  rules: [
    { context: ['<start>'], next: { 天: 0.6, 好: 0.4 } },
    { context: ['<start>', '天'], next: { 气: 0.9, 好: 0.1 } },
    { context: ['<start>', '天', '气'], next: { 好: 0.8, '<end>': 0.2 } },
    { context: ['<start>', '天', '气', '好'], next: { '<end>': 1.0 } },
  ],
  default: { '<end>': 1.0 },
})

export const greedyTrap = table('greedy-trap', {
  vocab: ['<s>', 'the', 'a', 'cat', 'dog', 'bird', '</s>'],
  rules: [
    { context: ['<s>'], next: { the: 0.55, a: 0.45 } },
    { context: ['<s>', 'the'], next: { cat: 0.4, dog: 0.3, bird: 0.3 } },
    { context: ['<s>', 'a'], next: { cat: 0.9, dog: 0.1 } },
  ],
  default: { '</s>': 1.0 },
})
