import { messages } from './messages-type'

export const compose = messages({}, {})
